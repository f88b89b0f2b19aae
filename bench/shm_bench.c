/* Shared-memory baseline: copy SIZE bytes into a fresh POSIX shared memory segment's mapping
 * (memcpy from a buffer filled beforehand), then out of it into a fresh buffer, as the module does.
 *   shm_bench NAME SIZE     prints write_seconds=... and read_seconds=...; removes the segment.
 * Both copies are timed on their second pass, into memory already touched: on a virtual machine the
 * first touch of fresh pages costs the hypervisor's faults too, which would swamp the copy itself.
 * The module's side is measured the same way (Invoke-ShmBenchmark.ps1).
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    if (argc != 3) { fprintf(stderr, "usage: shm_bench NAME SIZE\n"); return 64; }
    const char *name = argv[1];
    size_t size = (size_t)atoll(argv[2]);
    char *src = malloc(size);
    if (!src) { perror("malloc"); return 1; }
    for (size_t i = 0; i < size; i++) src[i] = (char)(i * 31 + 7);

    int fd = shm_open(name, O_RDWR | O_CREAT | O_EXCL, 0600);
    if (fd < 0) { perror("shm_open"); return 1; }
    if (ftruncate(fd, (off_t)size) != 0) { perror("ftruncate"); return 1; }
    char *map = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (map == MAP_FAILED) { perror("mmap"); return 1; }

    memcpy(map, src, size);
    double t0 = now();
    memcpy(map, src, size);
    double t1 = now();

    char *dst = malloc(size);
    if (!dst) { perror("malloc"); return 1; }
    memcpy(dst, map, size);
    double t2 = now();
    memcpy(dst, map, size);
    double t3 = now();

    if (memcmp(dst, src, size) != 0) { fprintf(stderr, "copy mismatch\n"); return 1; }
    printf("write_seconds=%.6f\nread_seconds=%.6f\n", t1 - t0, t3 - t2);
    munmap(map, size);
    close(fd);
    shm_unlink(name);
    return 0;
}
