/* Makes IPC objects whose names are raw bytes (not UTF-8), as any C program may, for the
 * name tests. Every NAME is given in hex, so the shell never sees the bytes.
 *   byte_names mq HEX       creates the queue HEX ("/..."), mode 0600
 *   byte_names shm HEX      creates the segment HEX ("/..."), 4096 bytes, mode 0600
 *   byte_names sem HEX      creates the semaphore HEX ("/..."), value 1, mode 0600
 *   byte_names fifo HEX     makes a FIFO at the path HEX, mode 0600
 *   byte_names exists HEX   prints "yes" or "no": whether anything is at the path HEX (lstat)
 */
#include <fcntl.h>
#include <mqueue.h>
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

static char *unhex(const char *hex)
{
    size_t n = strlen(hex) / 2;
    char *out = calloc(n + 1, 1);
    for (size_t i = 0; i < n; i++) {
        unsigned int b;
        if (sscanf(hex + 2 * i, "%2x", &b) != 1) { fprintf(stderr, "bad hex\n"); exit(2); }
        out[i] = (char)b;
    }
    return out;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: byte_names mq|shm|sem|fifo|exists HEX\n");
        return 2;
    }
    char *name = unhex(argv[2]);
    if (strcmp(argv[1], "mq") == 0) {
        mqd_t q = mq_open(name, O_RDWR | O_CREAT | O_EXCL, 0600, NULL);
        if (q == (mqd_t)-1) { perror("mq_open"); return 1; }
        return 0;
    }
    if (strcmp(argv[1], "shm") == 0) {
        int fd = shm_open(name, O_RDWR | O_CREAT | O_EXCL, 0600);
        if (fd < 0 || ftruncate(fd, 4096) != 0) { perror("shm_open"); return 1; }
        return 0;
    }
    if (strcmp(argv[1], "sem") == 0) {
        sem_t *s = sem_open(name, O_CREAT | O_EXCL, 0600, 1);
        if (s == SEM_FAILED) { perror("sem_open"); return 1; }
        return 0;
    }
    if (strcmp(argv[1], "fifo") == 0) {
        if (mkfifo(name, 0600) != 0) { perror("mkfifo"); return 1; }
        return 0;
    }
    if (strcmp(argv[1], "exists") == 0) {
        struct stat st;
        puts(lstat(name, &st) == 0 ? "yes" : "no");
        return 0;
    }
    fprintf(stderr, "unknown kind %s\n", argv[1]);
    return 2;
}
