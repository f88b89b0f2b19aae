/*
 * C baseline for the signal benchmark: a round trip of SIGUSR1 between two processes.
 * Both block SIGUSR1 and take it with sigwait(3); each turn is kill(2) to the other and sigwait.
 *   signal_pingpong [ROUNDS] [WARMUP]   prints: roundtrip_us=<mean microseconds per round trip>
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

int main(int argc, char **argv)
{
    int rounds = argc > 1 ? atoi(argv[1]) : 10000;
    int warmup = argc > 2 ? atoi(argv[2]) : 1000;

    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    sigprocmask(SIG_BLOCK, &set, NULL);   /* inherited by the child: no signal is lost or fatal */

    pid_t parent = getpid();
    pid_t child = fork();
    if (child < 0) {
        perror("fork");
        return 1;
    }
    int sig;
    if (child == 0) {
        for (int i = 0; i < rounds + warmup; i++) {
            sigwait(&set, &sig);
            kill(parent, SIGUSR1);
        }
        _exit(0);
    }

    double start = 0;
    for (int i = 0; i < rounds + warmup; i++) {
        if (i == warmup) {
            start = now_us();
        }
        kill(child, SIGUSR1);
        sigwait(&set, &sig);
    }
    double elapsed = now_us() - start;
    waitpid(child, NULL, 0);
    printf("roundtrip_us=%.3f\n", elapsed / rounds);
    return 0;
}
