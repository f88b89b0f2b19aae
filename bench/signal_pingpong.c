/*
 * C baselines for the signal benchmark: a round trip of SIGUSR1 between two processes.
 *   signal_pingpong [ROUNDS] [WARMUP] [sigwait|pipe|design]   prints: roundtrip_us=<mean microseconds per round trip>
 * sigwait (the goal's baseline): both block SIGUSR1 and take it with sigwait(3); each turn is kill(2)
 *   to the other and sigwait.
 * pipe (the module's design, as its floor): an SA_SIGINFO handler write(2)s the siginfo to a
 *   non-blocking pipe; the handler runs on the main thread, blocked in a wait as pwsh's is, while
 *   another thread polls the pipe, reads the record and answers with pidfd_send_signal(2) through a
 *   pidfd opened once: the module's design before it had a signalfd (two wake-ups a turn).
 * design (the module's design, as its floor): as pipe, and the loop thread polls a signalfd for
 *   SIGUSR1 beside the pipe and reads it first when it is ready; whichever takes the signal off the
 *   kernel's queue first, the handler on the main thread or the signalfd, has it. Neither thread
 *   blocks SIGUSR1, as in pwsh. While signals come in quick succession (the last less than 1 ms
 *   ago) the loop thread polls without sleeping for up to 50 us before it sleeps in poll, as the
 *   module's SignalSpin does. On stderr: how many each route took.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int rounds, warmup, leader, pipefd[2], sigfd = -1;
static long by_handler, by_signalfd;
static pid_t peer;
static double elapsed, last_record = -1e9;

static double now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static void handler(int sig, siginfo_t *info, void *ctx)
{
    (void)sig;
    (void)ctx;
    if (write(pipefd[1], info, 128) < 0) {
        /* the pipe is full: the module counts it as lost; here it cannot happen (one in flight) */
    }
}

static void send_to_peer(int pidfd)
{
    syscall(SYS_pidfd_send_signal, pidfd, SIGUSR1, NULL, 0);
}

static void *pipe_loop(void *unused)
{
    int pidfd = (int)syscall(SYS_pidfd_open, peer, 0);
    char records[128 * 64];
    double start = 0;
    for (int i = 0; i < rounds + warmup; i++) {
        if (leader) {
            if (i == warmup) {
                start = now_us();
            }
            send_to_peer(pidfd);
        }
        for (;;) {
            struct pollfd p[2] = { { pipefd[0], POLLIN, 0 }, { sigfd, POLLIN, 0 } };
            int ready = 0;
            double spin_until = sigfd >= 0 && now_us() - last_record < 1000 ? now_us() + 50 : 0;
            while (!ready && now_us() < spin_until) {
                ready = poll(p, 2, 0) > 0;
            }
            if (!ready) {
                poll(p, sigfd < 0 ? 1 : 2, 100);
            }
            if (p[0].revents == 0 && sigfd >= 0 && read(sigfd, records, sizeof records) > 0) {
                by_signalfd++;
                last_record = now_us();
                break;
            }
            if (read(pipefd[0], records, sizeof records) > 0) {
                by_handler++;
                last_record = now_us();
                break;
            }
        }
        if (!leader) {
            send_to_peer(pidfd);
        }
    }
    if (leader) {
        elapsed = now_us() - start;
    }
    if (sigfd >= 0) {
        fprintf(stderr, "%s: handler %ld, signalfd %ld\n", leader ? "leader" : "follower", by_handler, by_signalfd);
    }
    return unused;
}

/* SIGUSR1 is blocked on entry (and so in the loop thread, which inherits the mask); only the main
   thread unblocks it, so the handler runs there while the loop thread waits in poll. */
static void pipe_play(sigset_t *set, int design)
{
    pthread_t thread;
    pipe2(pipefd, O_NONBLOCK | O_CLOEXEC);
    if (design) {
        sigfd = signalfd(-1, set, SFD_NONBLOCK | SFD_CLOEXEC);
        pthread_sigmask(SIG_UNBLOCK, set, NULL);   /* the loop thread too, as pwsh's threads */
    }
    pthread_create(&thread, NULL, pipe_loop, NULL);
    pthread_sigmask(SIG_UNBLOCK, set, NULL);
    pthread_join(thread, NULL);
}

static void sigwait_play(sigset_t *set)
{
    int sig;
    double start = 0;
    for (int i = 0; i < rounds + warmup; i++) {
        if (leader) {
            if (i == warmup) {
                start = now_us();
            }
            kill(peer, SIGUSR1);
        }
        sigwait(set, &sig);
        if (!leader) {
            kill(peer, SIGUSR1);
        }
    }
    if (leader) {
        elapsed = now_us() - start;
    }
}

int main(int argc, char **argv)
{
    rounds = argc > 1 ? atoi(argv[1]) : 10000;
    warmup = argc > 2 ? atoi(argv[2]) : 1000;
    int design = argc > 3 && strcmp(argv[3], "design") == 0;
    int pipe_mode = design || (argc > 3 && strcmp(argv[3], "pipe") == 0);

    if (pipe_mode) {
        struct sigaction sa;
        memset(&sa, 0, sizeof sa);
        sa.sa_sigaction = handler;
        sa.sa_flags = SA_SIGINFO | SA_RESTART;
        sigaction(SIGUSR1, &sa, NULL);
    }
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
    leader = child != 0;
    peer = leader ? child : parent;
    if (pipe_mode) {
        pipe_play(&set, design);
    } else {
        sigwait_play(&set);
    }
    if (!leader) {
        _exit(0);
    }
    waitpid(child, NULL, 0);
    printf("roundtrip_us=%.3f\n", elapsed / rounds);
    return 0;
}
