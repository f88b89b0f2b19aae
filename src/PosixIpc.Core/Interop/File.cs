using System.Runtime.InteropServices;

namespace PosixIpc.Interop;

/// <summary>
/// sys/file.h: flock(2), the whole-file advisory lock that util-linux flock(1) takes. Tmds.LibC does
/// not declare it, so it is declared here against libc with SetLastError = true. The lock belongs to
/// the open file description: it is released when the last descriptor sharing it is closed, which the
/// kernel also does when the holder dies.
/// </summary>
internal static partial class SysFile
{
    public const int LOCK_SH = 1;
    public const int LOCK_EX = 2;
    public const int LOCK_NB = 4;
    public const int LOCK_UN = 8;

    [LibraryImport("libc", EntryPoint = "flock", SetLastError = true)]
    private static partial int FlockNative(int fd, int operation);

    /// <summary>flock(fd, operation); false with the errno on failure (EWOULDBLOCK = EAGAIN when LOCK_NB and held). EINTR is retried.</summary>
    public static bool Flock(SafeFileDescriptor fd, int operation, out int errno)
    {
        using var lease = fd.Borrow();
        while (true)
        {
            if (FlockNative(lease.Fd, operation) == 0)
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
