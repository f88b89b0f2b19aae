using System.Runtime.InteropServices;

namespace PosixIpc.Interop;

/// <summary>An open named semaphore (the sem_t* of sem_open), closed with sem_close.</summary>
internal sealed class SafeSemaphoreHandle : SafeHandle
{
    public SafeSemaphoreHandle(IntPtr sem)
        : base(IntPtr.Zero, ownsHandle: true)
    {
        SetHandle(sem);
    }

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle() => Semaphore.Close(handle) == 0;
}

/// <summary>
/// semaphore.h: POSIX named semaphores. Tmds.LibC has none of these, so they are declared here against
/// libc with SetLastError = true. sem_open is variadic; mode and value are passed as the two int-sized
/// arguments it reads with O_CREAT, which the Linux calling conventions pass like fixed ones.
/// </summary>
internal static unsafe partial class Semaphore
{
    [LibraryImport("libc", EntryPoint = "sem_open", SetLastError = true)]
    private static partial IntPtr SemOpen(byte* name, int oflag, uint mode, uint value);

    [LibraryImport("libc", EntryPoint = "sem_close", SetLastError = true)]
    internal static partial int Close(IntPtr sem);

    [LibraryImport("libc", EntryPoint = "sem_unlink", SetLastError = true)]
    private static partial int SemUnlink(byte* name);

    // The marshaller holds the SafeHandle for the call's duration, so a Dispose on another thread
    // cannot sem_close the semaphore under it.
    [LibraryImport("libc", EntryPoint = "sem_trywait", SetLastError = true)]
    private static partial int SemTryWait(SafeSemaphoreHandle sem);

    [LibraryImport("libc", EntryPoint = "sem_timedwait", SetLastError = true)]
    private static partial int SemTimedWait(SafeSemaphoreHandle sem, Timespec* absTimeout);

    [LibraryImport("libc", EntryPoint = "sem_post", SetLastError = true)]
    private static partial int SemPost(SafeSemaphoreHandle sem);

    [LibraryImport("libc", EntryPoint = "sem_getvalue", SetLastError = true)]
    private static partial int SemGetValue(SafeSemaphoreHandle sem, int* value);

    /// <summary>sem_open; null and the errno on failure.</summary>
    public static SafeSemaphoreHandle? Open(string name, int oflag, uint mode, uint value, out int errno)
    {
        long sem = NativeString.CallWithName(name, p => SemOpen((byte*)p, oflag, mode, value) is var s && s != IntPtr.Zero ? (long)s : -1, out errno);
        return sem == -1 ? null : new SafeSemaphoreHandle((IntPtr)sem);
    }

    public static bool Unlink(string name, out int errno) =>
        NativeString.CallWithName(name, p => SemUnlink((byte*)p), out errno) == 0;

    /// <summary>
    /// Takes one unit, waiting at most the given slice. True when taken; false with EAGAIN (a zero
    /// slice) or ETIMEDOUT when the slice passed; EINTR is retried.
    /// </summary>
    public static bool Wait(SafeSemaphoreHandle sem, TimeSpan slice, out int errno)
    {
        while (true)
        {
            int rc;
            if (slice <= TimeSpan.Zero)
            {
                rc = SemTryWait(sem);
            }
            else
            {
                // sem_timedwait takes an absolute CLOCK_REALTIME time; the caller's own deadline is monotonic.
                Timespec abs = Time.RealtimeIn((int)Math.Ceiling(slice.TotalMilliseconds));
                rc = SemTimedWait(sem, &abs);
            }

            if (rc == 0)
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

    public static bool Post(SafeSemaphoreHandle sem, out int errno)
    {
        bool ok = SemPost(sem) == 0;
        errno = ok ? 0 : Errno.Last;
        return ok;
    }

    public static bool GetValue(SafeSemaphoreHandle sem, out int value, out int errno)
    {
        int v;
        bool ok = SemGetValue(sem, &v) == 0;
        value = v;
        errno = ok ? 0 : Errno.Last;
        return ok;
    }
}
