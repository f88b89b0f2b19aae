using System.Runtime.InteropServices;

namespace PosixIpc.Interop;

/// <summary>
/// sys/pidfd.h: pidfd_open(2) and pidfd_send_signal(2) through syscall(2), since glibc before 2.36 has
/// no wrappers (the numbers are the same on x86-64 and arm64). A pidfd names one process, never a later
/// one that gets the same pid, so a signal sent through it cannot hit a reused pid.
/// </summary>
internal static unsafe partial class Pidfd
{
    private const long SysPidfdSendSignal = 424;
    private const long SysPidfdOpen = 434;

    /// <summary>The first 28 bytes of a siginfo_t as sigqueue(3) fills them; the kernel reads 128.</summary>
    [StructLayout(LayoutKind.Sequential, Size = 128)]
    public struct QueueInfo
    {
        public int Signo;
        public int Errno;
        public int Code;
        public int Pad;
        public int Pid;
        public uint Uid;
        public long Value;
    }

    [LibraryImport("libc", EntryPoint = "syscall", SetLastError = true)]
    private static partial long Syscall2(long number, long a, long b);

    [LibraryImport("libc", EntryPoint = "syscall", SetLastError = true)]
    private static partial long Syscall4(long number, long a, long b, long c, long d);

    /// <summary>pidfd_open(pid, 0) with close-on-exec; null and the errno (ENOSYS before Linux 5.3) on failure.</summary>
    public static SafeFileDescriptor? Open(int pid, out int errno)
    {
        long fd = Syscall2(SysPidfdOpen, pid, 0);
        errno = fd < 0 ? Marshal.GetLastPInvokeError() : 0;
        return fd < 0 ? null : new SafeFileDescriptor((int)fd);
    }

    /// <summary>pidfd_send_signal: as kill(2) without a value, as sigqueue(3) (SI_QUEUE, our pid and uid) with one. Retries EINTR.</summary>
    public static bool SendSignal(SafeFileDescriptor pidfd, int signo, int? value, out int errno)
    {
        using var lease = pidfd.Borrow();
        QueueInfo info = default;
        if (value is { } v)
        {
            info.Signo = signo;
            info.Code = -1; // SI_QUEUE
            info.Pid = System.Environment.ProcessId;
            info.Uid = Tmds.Linux.LibC.getuid();
            info.Value = (uint)v;
        }

        while (true)
        {
            long rc = Syscall4(SysPidfdSendSignal, lease.Fd, signo, value.HasValue ? (long)&info : 0, 0);
            errno = rc < 0 ? Marshal.GetLastPInvokeError() : 0;
            if (rc == 0 || errno != Errno.EINTR)
            {
                return rc == 0;
            }
        }
    }
}
