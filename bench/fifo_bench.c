/*
 * fifo_bench: the C baseline for the PosixIpc FIFO benchmark.
 *
 *   fifo_bench write PATH BYTES [-c CHUNK] [-p PIPESIZE]
 *       Opens PATH for writing (blocking open: waits for a reader), optionally asks the kernel for a
 *       PIPESIZE-byte pipe buffer with fcntl(F_SETPIPE_SZ) (0 = leave the default, 64 KiB), then
 *       writes BYTES bytes with write(2) in CHUNK-byte pieces (default 1 MiB) and closes.
 *       Prints: "write bytes=N seconds=S pipe=P", seconds from the open's return to after close().
 *
 *   With -i FILE, the writer sends FILE's bytes instead (read(2) into the buffer, write(2) out; BYTES is
 *   then only what it expects), the read/write loop that Write-IpcFifo -InFile is compared with.
 *
 *   fifo_bench read PATH [-b BUFSIZE] [-p PIPESIZE] [-r REOPENS] [-o FILE]
 *       Opens PATH for reading (blocking open: waits for a writer), reads with read(2) into a
 *       BUFSIZE-byte buffer (default 1 MiB) until EOF. With -r, an EOF before the first byte
 *       closes and opens the FIFO again, up to REOPENS times, as a shell "while :; do cat; done"
 *       reader would (Set-Content opens its target once to clear it before it writes).
 *       Prints: "read bytes=N seconds=S pipe=P", seconds from the return of the first read that
 *       delivered data to EOF, so the peer's start-up (for example a pwsh process loading itself
 *       and the module) is never part of the measured time. With -o, every read is write(2)n to
 *       FILE (created or emptied): the read/write loop Read-IpcFifo -OutFile is compared with.
 *       With -o FILE -s PIECE, the reader splice(2)s the FIFO straight into FILE, PIECE bytes at most
 *       a call, instead of read/write: the kernel route Read-IpcFifo -OutFile takes, done by C.
 *
 * Both ends retry EINTR, and exit with status 1 and a message on stderr on any other error.
 * Build: gcc -O2 -o fifo_bench fifo_bench.c
 */
#define _GNU_SOURCE
#define BENCH_NAME "fifo_bench"
#include "bench_common.h"
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

static int open_fifo(const char *path, int flags)
{
    int fd;
    do {
        fd = open(path, flags | O_CLOEXEC);
    } while (fd < 0 && errno == EINTR);
    if (fd < 0) {
        die("open", path);
    }
    return fd;
}

static int set_pipe_size(int fd, long long want, const char *path)
{
    if (want > 0 && fcntl(fd, F_SETPIPE_SZ, (int)want) < 0) {
        die("fcntl(F_SETPIPE_SZ)", path);
    }
    return fcntl(fd, F_GETPIPE_SZ);
}

static int do_write(const char *path, long long total, long long chunk, long long pipe_size, const char *in)
{
    char *buf = malloc((size_t)chunk);
    if (buf == NULL) {
        die("malloc", path);
    }
    for (long long i = 0; i < chunk; i++) {
        buf[i] = (char)(i * 31 + 7);
    }

    int infd = -1;
    if (in != NULL && (infd = open(in, O_RDONLY | O_CLOEXEC)) < 0) {
        die("open", in);
    }
    signal(SIGPIPE, SIG_IGN);
    int fd = open_fifo(path, O_WRONLY);
    int granted = set_pipe_size(fd, pipe_size, path);
    double start = now();
    long long done = 0;
    while (done < total) {
        long long left = total - done;
        size_t want = (size_t)(left < chunk ? left : chunk);
        if (infd >= 0) {
            ssize_t got = read(infd, buf, want);
            if (got < 0 && errno == EINTR) {
                continue;
            }
            if (got < 0) {
                die("read", in);
            }
            if (got == 0) {
                break;
            }
            want = (size_t)got;
        }
        size_t off = 0;
        while (off < want) {
            ssize_t n = write(fd, buf + off, want - off);
            if (n < 0) {
                if (errno == EINTR) {
                    continue;
                }
                die("write", path);
            }
            off += (size_t)n;
        }
        done += (long long)want;
    }
    if (close(fd) < 0) {
        die("close", path);
    }
    double seconds = now() - start;
    printf("write bytes=%lld seconds=%.6f pipe=%d\n", done, seconds, granted);
    free(buf);
    return 0;
}

static void write_all(int fd, const char *buf, size_t n, const char *path)
{
    while (n > 0) {
        ssize_t w = write(fd, buf, n);
        if (w < 0 && errno == EINTR) {
            continue;
        }
        if (w < 0) {
            die("write", path);
        }
        buf += w;
        n -= (size_t)w;
    }
}

/* One read of the FIFO: into the buffer (then written to the output, when there is one), or with
 * splice_piece > 0 a splice(2) of up to that many bytes from the FIFO straight into the output. */
static ssize_t read_once(int fd, char *buf, long long bufsize, int outfd, long long splice_piece)
{
    if (splice_piece > 0) {
        return splice(fd, NULL, outfd, NULL, (size_t)splice_piece, SPLICE_F_MOVE);
    }
    return read(fd, buf, (size_t)bufsize);
}

static int do_read(const char *path, long long bufsize, long long pipe_size, long long reopens, const char *out, long long splice_piece)
{
    char *buf = malloc((size_t)bufsize);
    if (buf == NULL) {
        die("malloc", path);
    }

    int outfd = -1;
    if (out != NULL && (outfd = open(out, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600)) < 0) {
        die("open", out);
    }
    int fd = open_fifo(path, O_RDONLY);
    int granted = set_pipe_size(fd, pipe_size, path);
    long long total = 0;
    double start = 0;
    for (;;) {
        ssize_t n = read_once(fd, buf, bufsize, outfd, splice_piece);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            die("read", path);
        }
        if (n == 0) {
            if (total == 0 && reopens-- > 0) {
                close(fd);
                fd = open_fifo(path, O_RDONLY);
                granted = set_pipe_size(fd, pipe_size, path);
                continue;
            }
            break;
        }
        if (total == 0) {
            start = now();
        }
        if (outfd >= 0 && splice_piece == 0) {
            write_all(outfd, buf, (size_t)n, out);
        }
        total += n;
    }
    if (outfd >= 0 && close(outfd) < 0) {
        die("close", out);
    }
    double seconds = total > 0 ? now() - start : 0;
    close(fd);
    printf("read bytes=%lld seconds=%.6f pipe=%d\n", total, seconds, granted);
    free(buf);
    return 0;
}

static void usage(void)
{
    fprintf(stderr,
            "usage: fifo_bench write PATH BYTES [-c CHUNK] [-p PIPESIZE] [-i FILE]\n"
            "       fifo_bench read PATH [-b BUFSIZE] [-p PIPESIZE] [-r REOPENS] [-o FILE [-s PIECE]]\n");
    exit(2);
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        usage();
    }
    const char *mode = argv[1];
    const char *path = argv[2];
    long long total = 0, chunk = 1 << 20, pipe_size = 0, reopens = 0, splice_piece = 0;
    const char *file = NULL;
    int i = 3;
    if (strcmp(mode, "write") == 0) {
        if (argc < 4) {
            usage();
        }
        total = parse_size(argv[3], 0);
        i = 4;
    } else if (strcmp(mode, "read") != 0) {
        usage();
    }
    for (; i < argc; i++) {
        if (i + 1 >= argc) {
            usage();
        }
        if (strcmp(argv[i], "-c") == 0 || strcmp(argv[i], "-b") == 0) {
            chunk = parse_size(argv[++i], 0);
            if (chunk <= 0) {
                usage();
            }
        } else if (strcmp(argv[i], "-r") == 0) {
            reopens = parse_size(argv[++i], 0);
        } else if (strcmp(argv[i], "-i") == 0 || strcmp(argv[i], "-o") == 0) {
            file = argv[++i];
        } else if (strcmp(argv[i], "-s") == 0) {
            splice_piece = parse_size(argv[++i], 0);
        } else if (strcmp(argv[i], "-p") == 0) {
            pipe_size = parse_size(argv[++i], 0);
        } else {
            usage();
        }
    }
    if (splice_piece > 0 && file == NULL) {
        usage();
    }
    setvbuf(stdout, NULL, _IOLBF, 0);
    return strcmp(mode, "write") == 0 ? do_write(path, total, chunk, pipe_size, file) : do_read(path, chunk, pipe_size, reopens, file, splice_piece);
}
