using System.Runtime.InteropServices;

namespace PosixIpc.Interop;

/// <summary>struct mq_attr of mqueue.h: four longs and four reserved ones.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct MqAttr
{
    public long Flags;
    public long MaxMessages;
    public long MessageSize;
    public long CurrentMessages;
    private long _reserved0;
    private long _reserved1;
    private long _reserved2;
    private long _reserved3;
}

/// <summary>
/// mqueue.h: POSIX message queues. Tmds.LibC does not have them; glibc 2.34+ exports them from libc.
/// On Linux an mqd_t is a file descriptor, so a SafeFileDescriptor holds it (mq_close is close).
/// Each call retries EINTR and reports failure with the errno read right after it.
/// </summary>
internal static unsafe partial class Mqueue
{
    public const int O_CREAT = 0x40;
    public const int O_EXCL = 0x80;

    [LibraryImport("libc", EntryPoint = "mq_open", SetLastError = true)]
    private static partial int MqOpen(byte* name, int oflag, uint mode, MqAttr* attr);

    [LibraryImport("libc", EntryPoint = "mq_unlink", SetLastError = true)]
    private static partial int MqUnlink(byte* name);

    [LibraryImport("libc", EntryPoint = "mq_getattr", SetLastError = true)]
    private static partial int MqGetAttr(SafeFileDescriptor mqd, MqAttr* attr);

    [LibraryImport("libc", EntryPoint = "mq_timedsend", SetLastError = true)]
    private static partial int MqTimedSend(SafeFileDescriptor mqd, byte* msg, nuint length, uint priority, Timespec* absTimeout);

    [LibraryImport("libc", EntryPoint = "mq_timedreceive", SetLastError = true)]
    private static partial nint MqTimedReceive(SafeFileDescriptor mqd, byte* msg, nuint length, uint* priority, Timespec* absTimeout);

    /// <summary>mq_open; attr null means the system defaults. Returns null and the errno on failure.</summary>
    public static SafeFileDescriptor? Open(string name, int oflag, uint mode, MqAttr? attr, out int errno)
    {
        MqAttr a = attr ?? default;
        MqAttr* pa = attr.HasValue ? &a : null;
        long fd = NativeString.CallWithName(name, p => MqOpen((byte*)p, oflag | Fcntl.O_CLOEXEC, mode, pa), out errno);
        return fd < 0 ? null : new SafeFileDescriptor((int)fd);
    }

    public static bool Unlink(string name, out int errno) =>
        NativeString.CallWithName(name, p => MqUnlink((byte*)p), out errno) == 0;

    public static bool GetAttr(SafeFileDescriptor mqd, out MqAttr attr, out int errno)
    {
        MqAttr a;
        bool ok = MqGetAttr(mqd, &a) == 0;
        errno = ok ? 0 : Errno.Last;
        attr = ok ? a : default;
        return ok;
    }

    /// <summary>
    /// mq_timedsend waiting at most waitMs (0: not at all). Returns false with ETIMEDOUT when the queue stayed full.
    /// A wait of 0 passes the time 0, long past, instead of reading the clock: the call sends when
    /// there is room and fails at once when there is none.
    /// </summary>
    public static bool TimedSend(SafeFileDescriptor mqd, ReadOnlySpan<byte> message, uint priority, int waitMs, out int errno)
    {
        Timespec abs = waitMs == 0 ? default : Time.RealtimeIn(waitMs);
        fixed (byte* p = message)
        {
            while (true)
            {
                if (MqTimedSend(mqd, p, (nuint)message.Length, priority, &abs) == 0)
                {
                    errno = 0;
                    return true;
                }

                errno = Errno.Last;
                if (errno != Errno.EINTR)
                {
                    return false;
                }
            }
        }
    }

    /// <summary>
    /// mq_timedreceive waiting at most waitMs (0, as for TimedSend: not at all, without reading the clock).
    /// Returns the length, or -1 with the errno (ETIMEDOUT when it stayed empty).
    /// </summary>
    public static int TimedReceive(SafeFileDescriptor mqd, Span<byte> buffer, int waitMs, out uint priority, out int errno)
    {
        Timespec abs = waitMs == 0 ? default : Time.RealtimeIn(waitMs);
        uint prio = 0;
        fixed (byte* p = buffer)
        {
            while (true)
            {
                nint n = MqTimedReceive(mqd, p, (nuint)buffer.Length, &prio, &abs);
                if (n >= 0)
                {
                    errno = 0;
                    priority = prio;
                    return (int)n;
                }

                errno = Errno.Last;
                if (errno != Errno.EINTR)
                {
                    priority = 0;
                    return -1;
                }
            }
        }
    }
}
