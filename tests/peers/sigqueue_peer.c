/*
 * A signal sender in C for the PosixIpc tests: sigqueue(3)s COUNT signals SIGNO to PID, with the
 * values VALUE, VALUE+1, ... after waiting DELAY_MS, then prints who it is and how it went:
 *   pid=1234 uid=0 sent=100 failed=0
 *   sigqueue_peer PID SIGNO VALUE [COUNT] [DELAY_MS]
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: %s PID SIGNO VALUE [COUNT] [DELAY_MS]\n", argv[0]);
        return 2;
    }
    pid_t pid = atoi(argv[1]);
    int signo = atoi(argv[2]), value = atoi(argv[3]);
    int count = argc > 4 ? atoi(argv[4]) : 1;
    int delay = argc > 5 ? atoi(argv[5]) : 0;
    struct timespec d = { delay / 1000, (delay % 1000) * 1000000L };
    nanosleep(&d, NULL);
    int sent = 0, failed = 0;
    for (int i = 0; i < count; i++) {
        union sigval v = { .sival_int = value + i };
        if (sigqueue(pid, signo, v) == 0) sent++; else failed++;
    }
    printf("pid=%d uid=%d sent=%d failed=%d\n", getpid(), getuid(), sent, failed);
    return 0;
}
