/*
 * A signal sender in C for the PosixIpc tests: sigqueue(3)s COUNT signals SIGNO to PID, with the
 * values VALUE, VALUE+1, ... after waiting DELAY_MS, then prints who it is and how it went:
 *   pid=1234 uid=0 sent=100 failed=0
 *   sigqueue_peer PID SIGNO VALUE [COUNT] [DELAY_MS] [GAP_US]
 * GAP_US: a pause between two signals, so that each finds the receiver waiting.
 */
#include "peer_common.h"

int main(int argc, char **argv)
{
    need_args(argc, argv, 3, "PID SIGNO VALUE [COUNT] [DELAY_MS] [GAP_US]");
    pid_t pid = int_arg(argc, argv, 1, 0);
    int signo = int_arg(argc, argv, 2, 0), value = int_arg(argc, argv, 3, 0);
    int count = int_arg(argc, argv, 4, 1);
    int delay = int_arg(argc, argv, 5, 0);
    int gap = int_arg(argc, argv, 6, 0);   /* between two signals: each then finds the receiver asleep */
    struct timespec d = { delay / 1000, (delay % 1000) * 1000000L };
    nanosleep(&d, NULL);
    int sent = 0, failed = 0;
    for (int i = 0; i < count; i++) {
        union sigval v = { .sival_int = value + i };
        if (sigqueue(pid, signo, v) == 0) sent++; else failed++;
        if (gap > 0) {
            struct timespec g = { gap / 1000000, (gap % 1000000) * 1000L };
            nanosleep(&g, NULL);
        }
    }
    printf("pid=%d uid=%d sent=%d failed=%d\n", getpid(), getuid(), sent, failed);
    return 0;
}
