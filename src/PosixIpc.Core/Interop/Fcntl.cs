using System.Runtime.InteropServices;
using Tmds.Linux;

namespace PosixIpc.Interop;

/// <summary>open(2), fcntl(2), fallocate(2), splice(2) and tee(2): opening paths as descriptors, changing descriptor flags, reserving a file's disk space, moving bytes between descriptors in the kernel.</summary>
internal static partial class Fcntl
{
    public static readonly int O_RDONLY = LibC.O_RDONLY;
    public static readonly int O_WRONLY = LibC.O_WRONLY;
    public static readonly int O_RDWR = LibC.O_RDWR;
    public static readonly int O_NONBLOCK = LibC.O_NONBLOCK;
    public static readonly int O_CLOEXEC = LibC.O_CLOEXEC;
    public static readonly int O_NOFOLLOW = LibC.O_NOFOLLOW;
    public static readonly int O_NOCTTY = LibC.O_NOCTTY;
    public static readonly int O_CREAT = LibC.O_CREAT;
    public static readonly int O_EXCL = LibC.O_EXCL;
    public static readonly int O_TRUNC = LibC.O_TRUNC;

    /// <summary>Opens a path; on failure returns null and the errno. EINTR is retried.</summary>
    public static SafeFileDescriptor? Open(string path, int flags, out int errno) => Open(path, flags, 0, out errno);

    /// <summary>Opens a path, with the mode O_CREAT gives a new file (the umask applies); null and the errno on failure.</summary>
    public static unsafe SafeFileDescriptor? Open(string path, int flags, uint mode, out int errno)
    {
        byte[]? name = NativeString.ToUtf8z(path);
        if (name == null)
        {
            errno = Errno.EINVAL;
            return null;
        }

        fixed (byte* p = name)
        {
            while (true)
            {
                int fd = LibC.open(p, flags | O_CLOEXEC, (ushort)mode);
                if (fd >= 0)
                {
                    errno = 0;
                    return new SafeFileDescriptor(fd);
                }

                errno = Errno.Last;
                if (errno != Errno.EINTR)
                {
                    return null;
                }
            }
        }
    }

    /// <summary>
    /// openat(2) of a NUL-terminated name relative to an open directory, close-on-exec; null and the
    /// errno on failure. EINTR is retried.
    /// </summary>
    public static unsafe SafeFileDescriptor? OpenAt(SafeFileDescriptor directory, ReadOnlySpan<byte> nameZ, int flags, out int errno)
    {
        using var lease = directory.Borrow();
        fixed (byte* p = nameZ)
        {
            int fd;
            while (Errno.Interrupted(fd = LibC.openat(lease.Fd, p, flags | O_CLOEXEC, 0), out errno))
            {
            }

            return fd < 0 ? null : new SafeFileDescriptor(fd);
        }
    }

    public static readonly int O_DIRECTORY = LibC.O_DIRECTORY;

    /// <summary>The kernel's pipe buffer size for a pipe or FIFO descriptor (F_GETPIPE_SZ), or -1.</summary>
    public static int GetPipeSize(SafeFileDescriptor fd)
    {
        using var lease = fd.Borrow();
        return LibC.fcntl(lease.Fd, LibC.F_GETPIPE_SZ);
    }

    /// <summary>Asks for a larger pipe buffer (F_SETPIPE_SZ); returns the size granted, or -1 when refused.</summary>
    public static int SetPipeSize(SafeFileDescriptor fd, int size)
    {
        using var lease = fd.Borrow();
        return LibC.fcntl(lease.Fd, LibC.F_SETPIPE_SZ, size);
    }

    /// <summary>fallocate's mode bit that reserves space without changing the file's size.</summary>
    public const int FALLOC_FL_KEEP_SIZE = 1;

    /// <summary>
    /// fallocate(2): makes the file system allocate the blocks of a range (mode 0 also grows the file
    /// to its end; a gap before it stays a hole), so that writing them later cannot run out of space.
    /// Returns 0, or the errno (ENOSPC, EDQUOT; ENOTSUP where the file system cannot). EINTR is retried.
    /// </summary>
    public static int Allocate(SafeFileDescriptor fd, int mode, long offset, long length)
    {
        using var lease = fd.Borrow();
        while (LibC.fallocate(lease.Fd, mode, offset, length) != 0)
        {
            int errno = Errno.Last;
            if (errno != Errno.EINTR)
            {
                return errno;
            }
        }

        return 0;
    }

    private const uint SPLICE_F_MOVE = 1;
    private const uint SPLICE_F_NONBLOCK = 2;

    [LibraryImport("libc", EntryPoint = "splice", SetLastError = true)]
    private static unsafe partial nint SpliceNative(SafeFileDescriptor fdIn, long* offIn, SafeFileDescriptor fdOut, long* offOut, nuint length, uint flags);

    /// <summary>
    /// splice(2) of up to length bytes from one descriptor to the other at their file positions, one of
    /// them a pipe, without copying through this process; the pipe side does not wait
    /// (SPLICE_F_NONBLOCK). The bytes moved, 0 at the end of the input, or -1 with the errno (EAGAIN:
    /// nothing to take or no room; EINVAL: this pair of files cannot be spliced). EINTR is retried.
    /// </summary>
    public static unsafe long Splice(SafeFileDescriptor from, SafeFileDescriptor to, long length, out int errno)
    {
        long n;
        do
        {
            n = SpliceNative(from, null, to, null, (nuint)length, SPLICE_F_MOVE | SPLICE_F_NONBLOCK);
        }
        while (Errno.Interrupted(n, out errno));

        return n;
    }

    [LibraryImport("libc", EntryPoint = "tee", SetLastError = true)]
    private static partial nint TeeNative(SafeFileDescriptor fdIn, SafeFileDescriptor fdOut, nuint length, uint flags);

    /// <summary>
    /// tee(2): copies up to length bytes from one pipe into another without taking them out of the
    /// first (a look at what a FIFO holds), without waiting. The bytes copied, 0 when the first pipe
    /// is empty with no writer, or -1 with the errno (EAGAIN: empty). EINTR is retried.
    /// </summary>
    public static long Tee(SafeFileDescriptor from, SafeFileDescriptor to, long length, out int errno)
    {
        long n;
        do
        {
            n = TeeNative(from, to, (nuint)length, SPLICE_F_NONBLOCK);
        }
        while (Errno.Interrupted(n, out errno));

        return n;
    }
}
