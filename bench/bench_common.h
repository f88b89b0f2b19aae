/*
 * bench_common.h: what the C baselines of bench/ share. Define BENCH_NAME (the program's name, for
 * its messages) before including it; gcc finds it next to the source.
 */
#ifndef BENCH_COMMON_H
#define BENCH_COMMON_H

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Seconds on the monotonic clock. */
static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Ends the program with status 1: what failed, on what, and errno's text. */
static void die(const char *what, const char *path)
{
    fprintf(stderr, BENCH_NAME ": %s %s: %s\n", what, path, strerror(errno));
    exit(1);
}

/* A byte count of at least min; anything else ends the program with status 2. */
static long long parse_size(const char *text, long long min)
{
    char *end;
    long long v = strtoll(text, &end, 10);
    if (end == text || *end != '\0' || v < min) {
        fprintf(stderr, BENCH_NAME ": not a byte count: %s\n", text);
        exit(2);
    }
    return v;
}

#endif
