/* Message-queue peer for tests/Mqueue.Tests.ps1.
 *   mq_peer send NAME       sends five messages with priorities 3 1 5 2 4; message p is the bytes
 *                           "prio-p" followed by 0x00 0xff and the byte p
 *   mq_peer recv NAME N     receives N messages (10 s each) and prints "PRIORITY HEX" per message
 */
#include <errno.h>
#include <fcntl.h>
#include <mqueue.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static struct timespec in_seconds(int s)
{
    struct timespec t;
    clock_gettime(CLOCK_REALTIME, &t);
    t.tv_sec += s;
    return t;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: mq_peer send|recv NAME [N]\n");
        return 2;
    }
    if (strcmp(argv[1], "send") == 0) {
        mqd_t q = mq_open(argv[2], O_WRONLY);
        if (q == (mqd_t)-1) { perror("mq_open"); return 1; }
        unsigned order[] = { 3, 1, 5, 2, 4 };
        for (int i = 0; i < 5; i++) {
            char msg[32];
            int n = snprintf(msg, sizeof msg, "prio-%u", order[i]);
            msg[n++] = 0x00;
            msg[n++] = (char)0xff;
            msg[n++] = (char)order[i];
            struct timespec t = in_seconds(10);
            if (mq_timedsend(q, msg, n, order[i], &t) != 0) { perror("mq_timedsend"); return 1; }
        }
        printf("sent\n");
        return 0;
    }
    if (strcmp(argv[1], "recv") == 0 && argc > 3) {
        mqd_t q = mq_open(argv[2], O_RDONLY);
        if (q == (mqd_t)-1) { perror("mq_open"); return 1; }
        struct mq_attr a;
        mq_getattr(q, &a);
        char *buf = malloc(a.mq_msgsize);
        int count = atoi(argv[3]);
        for (int i = 0; i < count; i++) {
            unsigned prio;
            struct timespec t = in_seconds(10);
            ssize_t n = mq_timedreceive(q, buf, a.mq_msgsize, &prio, &t);
            if (n < 0) { perror("mq_timedreceive"); return 1; }
            printf("%u ", prio);
            for (ssize_t j = 0; j < n; j++) printf("%02X", (unsigned char)buf[j]);
            printf("\n");
        }
        return 0;
    }
    fprintf(stderr, "unknown command %s\n", argv[1]);
    return 2;
}
