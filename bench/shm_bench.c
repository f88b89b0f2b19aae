/* Shared-memory baseline for bench/Invoke-ShmBenchmark.ps1, in one process:
 *   shm_bench NAME SIZE     creates the segment, copies SIZE bytes into and out of it several ways,
 *                           prints one "key=seconds" line per way, and removes the segment.
 * The ways (each checked against the source afterwards):
 *   write_memcpy    memcpy from a filled buffer into the segment's mmap, pages already touched (the
 *                   second of two passes): what a C program or Python's shm.buf[:] = data does
 *   write_pwrite    pwrite(2) of the same bytes into the segment: the route Write-SharedMemory takes
 *                   (it cannot fault when another process shrinks the segment)
 *   read_new        malloc of a new SIZE-byte buffer and memcpy out of the mmap into it, both timed:
 *                   the same work as Read-SharedMemory, which returns a new array
 *   read_reused     memcpy out of the mmap into one buffer touched beforehand: the limit, no new memory
 *   read_pread_new  malloc of a new buffer and pread(2) into it: Read-SharedMemory's route in C
 * A buffer of this size is its own mmap in glibc, so every malloc is memory the process never
 * touched: its page faults are part of the copy, as they are for the module's new array.
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

/* Prints one way's time, then checks its copy against the source (untimed). */
static void report(const char *key, double seconds, const char *copy, const char *src, size_t size)
{
    printf("%s=%.6f\n", key, seconds);
    if (memcmp(copy, src, size) != 0) { fprintf(stderr, "%s: copy mismatch\n", key); exit(1); }
}

static void pwrite_all(int fd, const char *from, size_t size)
{
    for (size_t done = 0; done < size;) {
        ssize_t n = pwrite(fd, from + done, size - done, (off_t)done);
        if (n <= 0) { perror("pwrite"); exit(1); }
        done += (size_t)n;
    }
}

static void pread_all(int fd, char *to, size_t size)
{
    for (size_t done = 0; done < size;) {
        ssize_t n = pread(fd, to + done, size - done, (off_t)done);
        if (n <= 0) { perror("pread"); exit(1); }
        done += (size_t)n;
    }
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
    report("write_memcpy", now() - t0, map, src, size);

    memset(map, 0, size);
    t0 = now();
    pwrite_all(fd, src, size);
    report("write_pwrite", now() - t0, map, src, size);

    t0 = now();
    char *fresh = malloc(size);
    if (!fresh) { perror("malloc"); return 1; }
    memcpy(fresh, map, size);
    report("read_new", now() - t0, fresh, src, size);
    free(fresh);

    char *reused = malloc(size);
    if (!reused) { perror("malloc"); return 1; }
    memcpy(reused, map, size);
    memset(reused, 0, size);
    t0 = now();
    memcpy(reused, map, size);
    report("read_reused", now() - t0, reused, src, size);
    free(reused);

    t0 = now();
    fresh = malloc(size);
    if (!fresh) { perror("malloc"); return 1; }
    pread_all(fd, fresh, size);
    report("read_pread_new", now() - t0, fresh, src, size);
    free(fresh);

    munmap(map, size);
    close(fd);
    shm_unlink(name);
    return 0;
}
