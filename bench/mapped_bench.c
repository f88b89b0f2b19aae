/* C baseline for bench/Invoke-MappedFileBenchmark.ps1: memory-mapped file reads.
 *   mapped_bench read FILE OFFSET COUNT [CHUNK]
 *       maps COUNT bytes of FILE from OFFSET (rounded down to a page) with mmap(MAP_SHARED, PROT_READ)
 *       and memcpy's them out, CHUNK bytes per memcpy. With CHUNK 0 (the default) the destination is
 *       one COUNT-byte buffer, touched (memset) before the clock starts, so that its page faults are
 *       not timed: each byte lands in its own place, as the module's fresh arrays do. With CHUNK > 0
 *       every piece goes into the same CHUNK-byte buffer, which stays in the CPU cache (an upper
 *       bound no consumer that keeps the data can reach). Prints "seconds=S" from before mmap to
 *       after munmap, and "check=X" (a sum of sampled bytes, so the copies cannot be optimised away)
 *   mapped_bench pread FILE OFFSET COUNT
 *       the route Read-MappedFile takes (it cannot fault): pread(2) of 64 KiB at a time into one
 *       COUNT-byte buffer touched beforehand, no mapping; prints "seconds=S" and "check=X" as read does
 *   mapped_bench gen FILE SIZE EVERY
 *       writes SIZE bytes of lines of random lowercase words, with the word "xyzzy" in every EVERY-th
 *       line (and nowhere else), and prints "lines=N" and "marked=M"
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
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

static int gen(const char *path, long long size, long every)
{
    FILE *f = fopen(path, "wb");
    if (!f) { perror("fopen"); return 1; }
    static char buf[1 << 20];
    unsigned long long x = 88172645463325252ULL;
    long long written = 0, lines = 0, marked = 0;
    size_t used = 0;
    while (written < size) {
        char line[128];
        int len = 0, target = 40 + (int)(x % 40);
        while (len < target) {
            x ^= x << 13; x ^= x >> 7; x ^= x << 17;
            int word = 2 + (int)(x % 8);
            for (int i = 0; i < word && len < target; i++) {
                char c = 'a' + (char)((x >> (8 + 5 * i)) % 26);
                line[len++] = c;
            }
            line[len++] = ' ';
        }
        /* Random letters may spell the marker by chance: break any "xyzzy" that appears. */
        for (int i = 0; i + 5 <= len; i++)
            if (memcmp(line + i, "xyzzy", 5) == 0) line[i] = 'a';
        if (lines % every == every / 2) {
            memcpy(line + 10, "xyzzy", 5);
            marked++;
        }
        line[len - 1] = '\n';
        if (written + len > size) { len = (int)(size - written); if (len > 0) line[len - 1] = '\n'; }
        if (used + len > sizeof buf) { fwrite(buf, 1, used, f); used = 0; }
        memcpy(buf + used, line, len);
        used += len;
        written += len;
        lines++;
    }
    fwrite(buf, 1, used, f);
    fclose(f);
    printf("lines=%lld\nmarked=%lld\n", lines, marked);
    return 0;
}

static int by_pread(const char *path, long long offset, long long count)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0) { perror("open"); return 1; }
    char *buf = malloc((size_t)count);
    if (!buf) { perror("malloc"); return 1; }
    memset(buf, 1, (size_t)count);
    unsigned long long check = 0;
    double t0 = now();
    for (long long done = 0; done < count;) {
        size_t n = count - done < 65536 ? (size_t)(count - done) : 65536;
        ssize_t got = pread(fd, buf + done, n, offset + done);
        if (got <= 0) { perror("pread"); return 1; }
        check += (unsigned char)buf[done] + (unsigned char)buf[done + got - 1];
        done += got;
    }
    double t1 = now();
    printf("seconds=%.6f\ncheck=%llu\n", t1 - t0, check);
    close(fd);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc >= 5 && strcmp(argv[1], "gen") == 0)
        return gen(argv[2], atoll(argv[3]), atol(argv[4]));
    if (argc < 5 || (strcmp(argv[1], "read") != 0 && strcmp(argv[1], "pread") != 0)) {
        fprintf(stderr, "usage: mapped_bench read FILE OFFSET COUNT [CHUNK] | pread FILE OFFSET COUNT | gen FILE SIZE EVERY\n");
        return 2;
    }
    if (strcmp(argv[1], "pread") == 0)
        return by_pread(argv[2], atoll(argv[3]), atoll(argv[4]));
    long long offset = atoll(argv[3]), count = atoll(argv[4]);
    size_t chunk = argc > 5 ? (size_t)atoll(argv[5]) : 0;
    int reuse = chunk > 0;
    if (!reuse) chunk = 1 << 20;
    int fd = open(argv[2], O_RDONLY);
    if (fd < 0) { perror("open"); return 1; }
    size_t bufSize = reuse ? chunk : (size_t)count;
    char *buf = malloc(bufSize);
    if (!buf) { perror("malloc"); return 1; }
    memset(buf, 1, bufSize);
    long page = sysconf(_SC_PAGESIZE);
    long long start = offset & ~(long long)(page - 1);
    size_t length = (size_t)(offset + count - start);
    unsigned long long check = 0;

    double t0 = now();
    char *map = mmap(NULL, length, PROT_READ, MAP_SHARED, fd, start);
    if (map == MAP_FAILED) { perror("mmap"); return 1; }
    for (long long done = 0; done < count; done += chunk) {
        size_t n = count - done < (long long)chunk ? (size_t)(count - done) : chunk;
        char *to = reuse ? buf : buf + done;
        memcpy(to, map + (offset - start) + done, n);
        check += (unsigned char)to[0] + (unsigned char)to[n - 1];
    }
    munmap(map, length);
    double t1 = now();

    printf("seconds=%.6f\ncheck=%llu\n", t1 - t0, check);
    close(fd);
    return 0;
}
