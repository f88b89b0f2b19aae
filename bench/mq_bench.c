/* C baseline for bench/Invoke-MqBenchmark.ps1: POSIX message queues, one message per call.
 *   mq_bench send NAME N    sends the texts "1" .. "N" (as `1..N | Send-MqMessage` does) and prints
 *                           "seconds=S" for the sends, from the first to the last
 *   mq_bench recv NAME N    receives N messages into one buffer of the queue's msgsize and prints
 *                           "seconds=S" from the first receive call to the last, and "bytes=B"
 *   mq_bench alone NAME N   one process, no peer: sends as many messages as the queue holds, then
 *                           receives them, until N went each way; prints "send_seconds=S" and
 *                           "recv_seconds=S", the sums of the send and of the receive calls: the cost
 *                           of the calls themselves, without waiting for or waking another process
 * The queue must exist (and be empty for alone). All use blocking mq_send / mq_receive, as a C program would.
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

static int alone(const char *name, long n)
{
    mqd_t q = mq_open(name, O_RDWR);
    if (q == (mqd_t)-1) { perror("mq_open"); return 1; }
    struct mq_attr a;
    if (mq_getattr(q, &a) != 0) { perror("mq_getattr"); return 1; }
    char *buf = malloc(a.mq_msgsize);
    char msg[32];
    double sending = 0, receiving = 0;
    for (long i = 1; i <= n;) {
        long batch = n - i + 1 < a.mq_maxmsg ? n - i + 1 : a.mq_maxmsg;
        double t0 = now();
        for (long k = 0; k < batch; k++) {
            int len = snprintf(msg, sizeof msg, "%ld", i + k);
            if (mq_send(q, msg, len, 0) != 0) { perror("mq_send"); return 1; }
        }
        double t1 = now();
        for (long k = 0; k < batch; k++)
            if (mq_receive(q, buf, a.mq_msgsize, NULL) < 0) { perror("mq_receive"); return 1; }
        double t2 = now();
        sending += t1 - t0;
        receiving += t2 - t1;
        i += batch;
    }
    printf("send_seconds=%.6f\nrecv_seconds=%.6f\n", sending, receiving);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: mq_bench send|recv|alone NAME N\n");
        return 2;
    }
    long n = atol(argv[3]);
    if (strcmp(argv[1], "alone") == 0)
        return alone(argv[2], n);
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
