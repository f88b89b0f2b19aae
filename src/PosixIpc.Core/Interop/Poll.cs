using System.Runtime.InteropServices;
using Tmds.Linux;

namespace PosixIpc.Interop;

/// <summary>poll(2) on one descriptor.</summary>
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
}
