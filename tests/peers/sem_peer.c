/* A C peer for the semaphore tests: the same named semaphore through sem_open, as any C program would.
 *   sem_peer create NAME VALUE      sem_open(O_CREAT|O_EXCL, 0600, VALUE)
 *   sem_peer value NAME             prints sem_getvalue
 *   sem_peer post NAME              sem_post
 *   sem_peer wait NAME MS           sem_timedwait for MS ms: prints "acquired" (exit 0) or "timeout" (exit 2)
 *   sem_peer hold NAME MS           sem_wait, prints "held", sleeps MS ms, sem_post
 */
#include <errno.h>
#include <fcntl.h>
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static sem_t *open_existing(const char *name)
{
    sem_t *s = sem_open(name, 0);
    if (s == SEM_FAILED) { perror("sem_open"); exit(1); }
    return s;
}

int main(int argc, char **argv)
{
    if (argc < 3) { fprintf(stderr, "usage: sem_peer create|value|post|wait|hold NAME [N]\n"); return 64; }
    const char *cmd = argv[1], *name = argv[2];
    long n = argc > 3 ? atol(argv[3]) : 0;
    setvbuf(stdout, NULL, _IONBF, 0);

    if (strcmp(cmd, "create") == 0) {
        sem_t *s = sem_open(name, O_CREAT | O_EXCL, 0600, (unsigned)n);
        if (s == SEM_FAILED) { perror("sem_open"); return 1; }
        return 0;
    }
    sem_t *s = open_existing(name);
    if (strcmp(cmd, "value") == 0) {
        int v;
        if (sem_getvalue(s, &v) != 0) { perror("sem_getvalue"); return 1; }
        printf("%d\n", v);
        return 0;
    }
    if (strcmp(cmd, "post") == 0) {
        if (sem_post(s) != 0) { perror("sem_post"); return 1; }
        return 0;
    }
    if (strcmp(cmd, "wait") == 0) {
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        ts.tv_sec += n / 1000;
        ts.tv_nsec += (n % 1000) * 1000000L;
        if (ts.tv_nsec >= 1000000000L) { ts.tv_sec++; ts.tv_nsec -= 1000000000L; }
        int rc;
        while ((rc = sem_timedwait(s, &ts)) != 0 && errno == EINTR) { }
        if (rc == 0) { printf("acquired\n"); return 0; }
        if (errno == ETIMEDOUT) { printf("timeout\n"); return 2; }
        perror("sem_timedwait");
        return 1;
    }
    if (strcmp(cmd, "hold") == 0) {
        while (sem_wait(s) != 0) { if (errno != EINTR) { perror("sem_wait"); return 1; } }
        printf("held\n");
        usleep((useconds_t)(n * 1000));
        sem_post(s);
        return 0;
    }
    fprintf(stderr, "unknown command %s\n", cmd);
    return 64;
}
