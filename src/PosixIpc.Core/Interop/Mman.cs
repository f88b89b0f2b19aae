using System.Runtime.InteropServices;
using Tmds.Linux;

namespace PosixIpc.Interop;

/// <summary>
/// sys/mman.h: POSIX shared memory objects (shm_open, shm_unlink: not in Tmds.LibC, declared here
/// against libc with SetLastError = true), and ftruncate to size them (Tmds.LibC). Mappings of
/// files are in FileMap.cs.
/// Each call retries EINTR where it can occur and reports failure with the errno read right after it.
/// </summary>
internal static unsafe partial class Mman
{
    public const int O_CREAT = 0x40;
    public const int O_EXCL = 0x80;

    [LibraryImport("libc", EntryPoint = "shm_open", SetLastError = true)]
    private static partial int ShmOpen(byte* name, int oflag, uint mode);

    [LibraryImport("libc", EntryPoint = "shm_unlink", SetLastError = true)]
    private static partial int ShmUnlink(byte* name);

    /// <summary>shm_open; returns null and the errno on failure.</summary>
    public static SafeFileDescriptor? ShmOpen(string name, int oflag, uint mode, out int errno)
    {
        long fd = NativeString.CallWithName(name, p => ShmOpen((byte*)p, oflag | Fcntl.O_CLOEXEC, mode), out errno);
        return fd < 0 ? null : new SafeFileDescriptor((int)fd);
    }

    public static bool ShmUnlink(string name, out int errno) =>
        NativeString.CallWithName(name, p => ShmUnlink((byte*)p), out errno) == 0;

    public static bool Truncate(SafeFileDescriptor fd, long length, out int errno)
    {
        using var lease = fd.Borrow();
        while (true)
        {
            if (LibC.ftruncate(lease.Fd, length) == 0)
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
