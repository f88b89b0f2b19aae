/* Loads a handler stub (raw bytes) into page 0 of a 2-page mapping, page 1 = data, and checks:
   the siginfo arrives on the pipe with pid/uid/value, the previous handler is chained, a full pipe counts a loss. */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <fcntl.h>
#include <errno.h>
#include <sys/mman.h>
static volatile int chained;
static void prev(int sig, siginfo_t *si, void *ctx) { chained += si->si_value.sival_int; }
int main(int argc, char **argv) {
    FILE *f = fopen(argv[1], "rb"); unsigned char code[4096]; size_t n = fread(code, 1, sizeof code, f); fclose(f);
    unsigned char *page = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    memcpy(page, code, n);
    __builtin___clear_cache((char *)page, (char *)page + n);
    mprotect(page, 4096, PROT_READ | PROT_EXEC);
    unsigned char *data = page + 4096;
    int p[2]; pipe2(p, O_NONBLOCK | O_CLOEXEC);
    *(int *)data = p[1];
    struct sigaction old, sa = {0};
    sa.sa_sigaction = prev; sa.sa_flags = SA_SIGINFO; sigaction(SIGUSR1, &sa, NULL);
    sigaction(SIGUSR1, NULL, &old);
    *(void **)(data + 64 + 16 * SIGUSR1) = (void *)old.sa_sigaction;
    *(int *)(data + 64 + 16 * SIGUSR1 + 8) = 1;
    struct sigaction mine = {0}; mine.sa_sigaction = (void *)page; mine.sa_flags = SA_SIGINFO | SA_RESTART;
    sigaction(SIGUSR1, &mine, NULL);
    errno = 1234;
    union sigval v = { .sival_int = 7 };
    sigqueue(getpid(), SIGUSR1, v);
    siginfo_t si; ssize_t r = read(p[0], &si, sizeof si);
    int ok = r == 128 && si.si_signo == SIGUSR1 && si.si_code == SI_QUEUE && si.si_pid == getpid() && si.si_uid == getuid()
        && si.si_value.sival_int == 7 && chained == 7 && errno == 1234;
    printf("read=%zd signo=%d code=%d pid=%d(self %d) uid=%d value=%d chained=%d errno=%d\n", r, si.si_signo, si.si_code, si.si_pid, getpid(), si.si_uid, si.si_value.sival_int, chained, errno);
    /* overflow: fill the pipe, then one more signal is counted as lost */
    char junk[4096]; memset(junk, 0, sizeof junk); while (write(p[1], junk, sizeof junk) > 0) {}
    sigqueue(getpid(), SIGUSR1, v); sigqueue(getpid(), SIGUSR1, v);
    long lost = *(long *)(data + 2048 + 8 * SIGUSR1);
    printf("lost=%ld chained=%d\n", lost, chained);
    ok = ok && lost == 2 && chained == 21;
    /* SIG_DFL previous: no chain, no crash; SIGUSR2 with active=0 behaves as pass-through to SIG_IGN */
    *(void **)(data + 64 + 16 * SIGUSR2) = (void *)SIG_IGN;
    sigaction(SIGUSR2, &mine, NULL); kill(getpid(), SIGUSR2);
    puts(ok ? "STUB OK" : "STUB FAILED");
    return !ok;
}
