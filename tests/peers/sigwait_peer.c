/*
 * A signal receiver in C for the PosixIpc tests: blocks one signal (given by number), says it is
 * ready, waits for it with sigwaitinfo(2) and prints what the siginfo_t carried:
 *   signo=10 code=-1 pid=1234 uid=0 value=42
 * code -1 is SI_QUEUE (sigqueue), 0 is SI_USER (kill). A second argument gives the timeout in seconds.
 * With a third argument "hold", it keeps the signal blocked for that long before it waits, so that the
 * signal shows as blocked, and once sent as pending, in /proc/PID/status (during sigtimedwait the
 * kernel unblocks the signals waited for, and SigBlk shows them clear).
 */
#include "peer_common.h"
#include <string.h>

int main(int argc, char **argv)
{
    need_args(argc, argv, 1, "SIGNO [TIMEOUT_SEC]");
    int signo = int_arg(argc, argv, 1, 0);
    int timeout = int_arg(argc, argv, 2, 30);

    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, signo);
    if (sigprocmask(SIG_BLOCK, &set, NULL) != 0) {
        perror("sigprocmask");
        return 2;
    }
    printf("ready %d\n", (int)getpid());
    fflush(stdout);

    if (argc > 3 && strcmp(argv[3], "hold") == 0) {
        sleep((unsigned)timeout);
    }

    siginfo_t info;
    struct timespec ts = { .tv_sec = timeout, .tv_nsec = 0 };
    if (sigtimedwait(&set, &info, &ts) < 0) {
        perror("sigtimedwait");
        return 3;
    }
    printf("signo=%d code=%d pid=%d uid=%d value=%d\n", info.si_signo, info.si_code, (int)info.si_pid,
           (int)info.si_uid, info.si_value.sival_int);
    return 0;
}
