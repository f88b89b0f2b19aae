/*
 * What the C peers of the PosixIpc tests share: the headers they use and how they read their
 * command line (a usage line and exit code 2 when arguments are missing; integer arguments).
 */
#ifndef PEER_COMMON_H
#define PEER_COMMON_H

#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

/* Exits with "usage: PROGRAM USAGE" (exit code 2) unless at least NEEDED arguments were given. */
static void need_args(int argc, char **argv, int needed, const char *usage)
{
    if (argc <= needed) {
        fprintf(stderr, "usage: %s %s\n", argv[0], usage);
        exit(2);
    }
}

/* Argument INDEX as an integer, or FALLBACK when it was not given. */
static int int_arg(int argc, char **argv, int index, int fallback)
{
    return argc > index ? atoi(argv[index]) : fallback;
}

#endif
