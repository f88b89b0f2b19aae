/* C baseline for bench/Invoke-MqBenchmark.ps1: POSIX message queues, one message per call.
 *   mq_bench send NAME N    sends the texts "1" .. "N" (as `1..N | Send-MqMessage` does) and prints
 *                           "seconds=S" for the sends, from the first to the last
 *   mq_bench recv NAME N    receives N messages into one buffer of the queue's msgsize and prints
 *                           "seconds=S" from the first receive call to the last, and "bytes=B"
 * The queue must exist. Both use blocking mq_send / mq_receive, as a C program would.
 */
#include <fcntl.h>
#include <mqueue.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: mq_bench send|recv NAME N\n");
        return 2;
    }
    long n = atol(argv[3]);
    int sending = strcmp(argv[1], "send") == 0;
    mqd_t q = mq_open(argv[2], sending ? O_WRONLY : O_RDONLY);
    if (q == (mqd_t)-1) { perror("mq_open"); return 1; }
    if (sending) {
        char msg[32];
        double start = now();
        for (long i = 1; i <= n; i++) {
            int len = snprintf(msg, sizeof msg, "%ld", i);
            if (mq_send(q, msg, len, 0) != 0) { perror("mq_send"); return 1; }
        }
        printf("seconds=%.6f\n", now() - start);
        return 0;
    }
    struct mq_attr a;
    if (mq_getattr(q, &a) != 0) { perror("mq_getattr"); return 1; }
    char *buf = malloc(a.mq_msgsize);
    long long bytes = 0;
    double start = now();
    for (long i = 0; i < n; i++) {
        ssize_t got = mq_receive(q, buf, a.mq_msgsize, NULL);
        if (got < 0) { perror("mq_receive"); return 1; }
        bytes += got;
    }
    printf("seconds=%.6f\nbytes=%lld\n", now() - start, bytes);
    return 0;
}
