using System.Runtime.InteropServices;

namespace PosixIpc.Interop;

/// <summary>
/// sys/signalfd.h: signalfd(2), a descriptor that reads the calling thread's and the process's pending
/// signals of a set as 128-byte signalfd_siginfo records. A read takes the signal off the kernel's queue
/// whether or not it is blocked, so whoever comes first, the handler or a reader, has it.
/// </summary>
internal static unsafe partial class SignalFd
{
    [LibraryImport("libc", EntryPoint = "signalfd", SetLastError = true)]
    private static partial int SignalFdCall(int fd, ulong* mask, int flags);

    /// <summary>A non-blocking, close-on-exec signalfd for the signals of mask (bit n-1 is signal n); null with the errno on failure.</summary>
    public static SafeFileDescriptor? Create(ulong mask, out int errno)
    {
        int fd = Call(-1, mask, out errno);
        return fd < 0 ? null : new SafeFileDescriptor(fd);
    }

    /// <summary>Gives an existing signalfd a new set of signals.</summary>
    public static bool SetMask(SafeFileDescriptor fd, ulong mask, out int errno)
    {
        using var lease = fd.Borrow();
        return Call(lease.Fd, mask, out errno) >= 0;
    }

    private static int Call(int fd, ulong mask, out int errno)
    {
        // glibc's sigset_t is 1024 bits; the kernel reads the first 64.
        ulong* set = stackalloc ulong[16];
        new Span<ulong>(set, 16).Clear();
        set[0] = mask;
        int rc = SignalFdCall(fd, set, Fcntl.O_NONBLOCK | Fcntl.O_CLOEXEC);
        errno = rc < 0 ? Marshal.GetLastPInvokeError() : 0;
        return rc;
    }
}
