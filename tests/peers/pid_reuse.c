/*
 * Makes a pid come back, for the PosixIpc race-free sending test: a tight loop of vfork children
 * that end at once runs the pids round (pid_max wraps) until the last pid given out is TARGET-1
 * (/proc/sys/kernel/ns_last_pid, only read), then forks a child that gets TARGET and sleeps HOLD_SEC
 * seconds as the new owner of the pid. Gives up after TIMEOUT_SEC.
 *   pid_reuse TARGET TIMEOUT_SEC HOLD_SEC   prints: reused TARGET  |  timeout
 */
#include "peer_common.h"
#include <sys/wait.h>

int main(int argc, char **argv)
{
    need_args(argc, argv, 3, "TARGET TIMEOUT_SEC HOLD_SEC");
    pid_t target = int_arg(argc, argv, 1, 0);
    int timeout = int_arg(argc, argv, 2, 0), hold = int_arg(argc, argv, 3, 0);
    time_t end = time(NULL) + timeout;
    while (time(NULL) < end) {
        FILE *f = fopen("/proc/sys/kernel/ns_last_pid", "r");
        int last = -1;
        if (f) {
            if (fscanf(f, "%d", &last) != 1) last = -1;
            fclose(f);
        }
        if (last != target - 1) {
            pid_t quick = vfork();
            if (quick == 0) {
                _exit(0);
            }
            if (quick > 0) {
                waitpid(quick, NULL, 0);
            }
            continue;
        }
        pid_t child = fork();
        if (child < 0) {
            continue;
        }
        if (child == 0) {
            if (getpid() == target) {
                sleep(hold);
            }
            _exit(0);
        }
        if (child == target) {
            printf("reused %d\n", child);
            fflush(stdout);
            return 0;
        }
        waitpid(child, NULL, 0);
    }
    printf("timeout\n");
    return 1;
}
