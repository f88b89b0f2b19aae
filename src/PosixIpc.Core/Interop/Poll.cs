using System.Runtime.InteropServices;
using Tmds.Linux;

namespace PosixIpc.Interop;

/// <summary>poll.h: poll(2) on one descriptor or on several.</summary>
internal static partial class Poll
{
    // Declared here with SetLastError, so that errno is this call's: a poll ended by a signal (a
    // child's SIGCHLD) is EINTR, a wait to go on with, not a failure with a stale errno.
    [LibraryImport("libc", EntryPoint = "poll", SetLastError = true)]
    private static unsafe partial int PollNative(pollfd* fds, nuint count, int timeoutMs);

    public static readonly short POLLIN = LibC.POLLIN;
    public static readonly short POLLOUT = LibC.POLLOUT;
    public static readonly short POLLERR = LibC.POLLERR;
    public static readonly short POLLHUP = LibC.POLLHUP;

    /// <summary>Waits up to timeoutMs for the events; returns the events seen (0 on timeout or EINTR), or -1 with errno.</summary>
    public static unsafe int Wait(SafeFileDescriptor fd, short events, int timeoutMs, out int errno)
    {
        using var lease = fd.Borrow();
        pollfd entry = default;
        entry.fd = lease.Fd;
        entry.events = events;
        int n = PollNative(&entry, 1, timeoutMs);
        if (n < 0)
        {
            errno = Errno.Last;
            return errno == Errno.EINTR ? 0 : -1;
        }

        errno = 0;
        return n == 0 ? 0 : entry.revents;
    }

    /// <summary>Waits up to timeoutMs for the events on either descriptor: 1 when the first has them, 2 the second, 3 both; 0 on timeout, -1 with errno (EINTR included).</summary>
    public static unsafe int WaitEither(SafeFileDescriptor first, SafeFileDescriptor second, short events, int timeoutMs, out int errno)
    {
        using var a = first.Borrow();
        using var b = second.Borrow();
        pollfd* entries = stackalloc pollfd[2];
        entries[0] = default;
        entries[0].fd = a.Fd;
        entries[0].events = events;
        entries[1] = default;
        entries[1].fd = b.Fd;
        entries[1].events = events;
        int n = PollNative(entries, 2, timeoutMs);
        errno = n < 0 ? Errno.Last : 0;
        return n < 0 ? -1 : (entries[0].revents != 0 ? 1 : 0) | (entries[1].revents != 0 ? 2 : 0);
    }

    /// <summary>
    /// poll(2) on several descriptors, each for its own events (0: not watched this time). Fills ready
    /// with the revents of each (all 0 on timeout or EINTR); returns false with the errno on failure.
    /// </summary>
    public static unsafe bool WaitMany(SafeFileDescriptor[] fds, short[] events, int count, short[] ready, int timeoutMs, out int errno)
    {
        // A receiver with very many clients gets its poll set from the heap rather than the stack.
        Span<pollfd> set = count <= 256 ? stackalloc pollfd[count] : new pollfd[count];
        bool[] added = new bool[count];
        fixed (pollfd* entries = set)
        try
        {
            for (int i = 0; i < count; i++)
            {
                fds[i].DangerousAddRef(ref added[i]);

                // A negative fd is skipped by poll: the way to leave one out without reshuffling the set.
                entries[i].fd = events[i] == 0 ? -1 : fds[i].DangerousGetHandle().ToInt32();
                entries[i].events = events[i];
                entries[i].revents = 0;
            }

            int n = PollNative(entries, (nuint)count, timeoutMs);
            if (n < 0)
            {
                errno = Errno.Last;
                Array.Clear(ready, 0, count);
                return errno == Errno.EINTR;
            }

            errno = 0;
            for (int i = 0; i < count; i++)
            {
                ready[i] = entries[i].revents;
            }

            return true;
        }
        finally
        {
            for (int i = 0; i < count; i++)
            {
                if (added[i])
                {
                    fds[i].DangerousRelease();
                }
            }
        }
    }
}
