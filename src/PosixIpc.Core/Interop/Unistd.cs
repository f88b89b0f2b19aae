using Tmds.Linux;

namespace PosixIpc.Interop;

/// <summary>read(2), write(2), pread(2), pwrite(2) and unlink(2). Each retries EINTR and reports failure as -1 with the errno.</summary>
internal static partial class Unistd
{
    /// <summary>geteuid(2): the user this process acts as.</summary>
    public static uint EffectiveUid => LibC.geteuid();

    public static unsafe int Read(SafeFileDescriptor fd, Span<byte> buffer, out int errno)
    {
        using var lease = fd.Borrow();
        fixed (byte* p = buffer)
        {
            long n;
            do
            {
                n = LibC.read(lease.Fd, p, buffer.Length);
            }
            while (Errno.Interrupted(n, out errno));

            return (int)n;
        }
    }

    public static unsafe int Write(SafeFileDescriptor fd, ReadOnlySpan<byte> buffer, out int errno)
    {
        using var lease = fd.Borrow();
        fixed (byte* p = buffer)
        {
            long n;
            do
            {
                n = LibC.write(lease.Fd, p, buffer.Length);
            }
            while (Errno.Interrupted(n, out errno));

            return (int)n;
        }
    }

    /// <summary>pread(2): reads at an offset without moving the file position; 0 at the end of the file.</summary>
    public static unsafe int PRead(SafeFileDescriptor fd, Span<byte> buffer, long offset, out int errno)
    {
        using var lease = fd.Borrow();
        fixed (byte* p = buffer)
        {
            long n;
            do
            {
                n = LibC.pread(lease.Fd, p, buffer.Length, offset);
            }
            while (Errno.Interrupted(n, out errno));

            return (int)n;
        }
    }

    /// <summary>pwrite(2): writes at an offset without moving the file position.</summary>
    public static unsafe int PWrite(SafeFileDescriptor fd, ReadOnlySpan<byte> buffer, long offset, out int errno)
    {
        using var lease = fd.Borrow();
        fixed (byte* p = buffer)
        {
            long n;
            do
            {
                n = LibC.pwrite(lease.Fd, p, buffer.Length, offset);
            }
            while (Errno.Interrupted(n, out errno));

            return (int)n;
        }
    }


    public static unsafe bool Unlink(string path, out int errno)
    {
        byte[]? name = NativeString.ToUtf8z(path);
        if (name == null)
        {
            errno = Errno.EINVAL;
            return false;
        }

        fixed (byte* p = name)
        {
            bool ok = LibC.unlink(p) == 0;
            errno = ok ? 0 : Errno.Last;
            return ok;
        }
    }

    [System.Runtime.InteropServices.LibraryImport("libc", EntryPoint = "pipe2", SetLastError = true)]
    private static unsafe partial int Pipe2(int* fds, int flags);

    /// <summary>pipe2(2) with close-on-exec; both ends non-blocking when asked, so neither a writer nor a reader ever waits.</summary>
    public static unsafe bool Pipe(bool nonBlocking, out int readFd, out int writeFd, out int errno)
    {
        int* fds = stackalloc int[2];
        int rc = Pipe2(fds, Fcntl.O_CLOEXEC | (nonBlocking ? Fcntl.O_NONBLOCK : 0));
        errno = rc == 0 ? 0 : System.Runtime.InteropServices.Marshal.GetLastPInvokeError();
        readFd = fds[0];
        writeFd = fds[1];
        return rc == 0;
    }
}
