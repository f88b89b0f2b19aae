/*
 * socket_bench: the C baseline for the PosixIpc Unix socket benchmark.
 *
 *   socket_bench read PATH [-b BUFSIZE] [-a ARENA] [-o FILE]
 *       Binds a Unix stream socket at PATH (removing a stale file first), listens, accepts one
 *       client and reads with read(2) into a BUFSIZE-byte buffer (default 1 MiB) until EOF.
 *       Prints: "read bytes=N seconds=S", seconds from the return of the first read that
 *       delivered data to EOF, so the peer's start-up is never part of the measured time. With -o,
 *       every read is write(2)n to FILE (created or emptied): the loop -OutFile is compared with.
 *       With -a, each read goes into the next BUFSIZE piece of an ARENA-byte area (touched once
 *       beforehand), so no piece is reused before ARENA more bytes were read: the work of a reader
 *       that hands out a new buffer per read, which is not in the CPU's cache when it is filled.
 *
 *   socket_bench write PATH BYTES [-c CHUNK]
 *       Connects to the Unix stream socket at PATH (trying again every millisecond, up to 60 s,
 *       while nobody listens yet), writes BYTES bytes with send(2, MSG_NOSIGNAL) in CHUNK-byte
 *       pieces (default 1 MiB) and closes. Prints: "write bytes=N seconds=S", seconds from the
 *       connect's return to after close().
 *
 * Both ends use blocking calls with the kernel's default socket buffers, retry EINTR, and exit
 * with status 1 and a message on stderr on any other error.
 * Build: gcc -O2 -o socket_bench socket_bench.c
 */
#define _GNU_SOURCE
#define BENCH_NAME "socket_bench"
#include "bench_common.h"
#include <fcntl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

static struct sockaddr_un address(const char *path)
{
    struct sockaddr_un a;
    memset(&a, 0, sizeof a);
    a.sun_family = AF_UNIX;
    if (strlen(path) >= sizeof a.sun_path) {
        fprintf(stderr, "socket_bench: path too long: %s\n", path);
        exit(2);
    }
    strcpy(a.sun_path, path);
    return a;
}

static int do_read(const char *path, long long bufsize, long long arena, const char *out)
{
    int outfd = -1;
    if (out != NULL && (outfd = open(out, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600)) < 0) die("open", out);
    if (arena < bufsize) arena = bufsize;
    char *area = malloc(arena);
    if (area == NULL) die("malloc", path);
    memset(area, 0, arena);
    struct sockaddr_un a = address(path);
    int l = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (l < 0) die("socket", path);
    unlink(path);
    if (bind(l, (struct sockaddr *)&a, sizeof a) != 0) die("bind", path);
    if (listen(l, 1) != 0) die("listen", path);
    int c;
    do { c = accept(l, NULL, NULL); } while (c < 0 && errno == EINTR);
    if (c < 0) die("accept", path);
    long long total = 0, at = 0;
    double start = 0;
    for (;;) {
        if (at + bufsize > arena) at = 0;
        char *buf = area + at;
        at += bufsize;
        ssize_t n = read(c, buf, bufsize);
        if (n < 0) {
            if (errno == EINTR) continue;
            die("read", path);
        }
        if (n == 0) break;
        if (total == 0) start = now();
        for (ssize_t off = 0; outfd >= 0 && off < n;) {
            ssize_t w = write(outfd, buf + off, (size_t)(n - off));
            if (w < 0 && errno == EINTR) continue;
            if (w < 0) die("write", out);
            off += w;
        }
        total += n;
    }
    if (outfd >= 0 && close(outfd) != 0) die("close", out);
    double seconds = total > 0 ? now() - start : 0;
    close(c);
    close(l);
    unlink(path);
    printf("read bytes=%lld seconds=%.6f\n", total, seconds);
    return 0;
}

static int do_write(const char *path, long long bytes, long long chunk)
{
    struct sockaddr_un a = address(path);
    int s = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (s < 0) die("socket", path);
    for (int tries = 0; connect(s, (struct sockaddr *)&a, sizeof a) != 0; tries++) {
        if ((errno != ENOENT && errno != ECONNREFUSED && errno != EINTR) || tries > 60000) die("connect", path);
        usleep(1000);
    }
    char *buf = malloc(chunk);
    memset(buf, 'x', chunk);
    double start = now();
    long long left = bytes;
    while (left > 0) {
        size_t want = left < chunk ? (size_t)left : (size_t)chunk;
        ssize_t n = send(s, buf, want, MSG_NOSIGNAL);
        if (n < 0) {
            if (errno == EINTR) continue;
            die("send", path);
        }
        left -= n;
    }
    close(s);
    printf("write bytes=%lld seconds=%.6f\n", bytes, now() - start);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc >= 3 && argc % 2 == 1 && strcmp(argv[1], "read") == 0) {
        long long bufsize = 1 << 20, arena = 0;
        const char *out = NULL;
        for (int i = 3; i + 1 < argc; i += 2) {
            if (strcmp(argv[i], "-b") == 0) bufsize = parse_size(argv[i + 1], 1);
            else if (strcmp(argv[i], "-a") == 0) arena = parse_size(argv[i + 1], 1);
            else if (strcmp(argv[i], "-o") == 0) out = argv[i + 1];
            else argc = 0;
        }
        if (argc != 0) return do_read(argv[2], bufsize, arena, out);
    }
    if (argc >= 4 && strcmp(argv[1], "write") == 0) {
        long long chunk = 1 << 20;
        if (argc == 6 && strcmp(argv[4], "-c") == 0) chunk = parse_size(argv[5], 1);
        return do_write(argv[2], parse_size(argv[3], 1), chunk);
    }
    fprintf(stderr, "usage: socket_bench read PATH [-b BUFSIZE] [-a ARENA] [-o FILE] | write PATH BYTES [-c CHUNK]\n");
    return 2;
}
