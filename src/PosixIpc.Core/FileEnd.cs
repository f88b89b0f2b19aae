using PosixIpc.Interop;

namespace PosixIpc;

/// <summary>
/// The file side of -OutFile and -InFile: opening it, and the read(2)/write(2) loop used where the
/// kernel cannot splice (splice gives EINVAL for some file systems and file kinds). Its failures are
/// the file's, OutFileFailed or InFileFailed, without the FIFO's or socket's advice for that errno.
/// </summary>
internal static class FileEnd
{
    /// <summary>The most one splice, sendfile or read/write round moves.</summary>
    public const int Piece = 1 << 20;

    /// <summary>The file, created (mode 0666 less the umask) or emptied, as Out-File does.</summary>
    public static SafeFileDescriptor Create(string path) =>
        Fcntl.Open(path, Fcntl.O_WRONLY | Fcntl.O_CREAT | Fcntl.O_TRUNC, 0x1B6 /* 0666 */, out int errno)
        ?? throw PosixIpcException.FromErrno(ErrorIds.OutFileFailed, errno, "open", path, $"Cannot open '{path}' for writing");

    public static SafeFileDescriptor Open(string path) =>
        Fcntl.Open(path, Fcntl.O_RDONLY, out int errno)
        ?? throw PosixIpcException.FromErrno(ErrorIds.InFileFailed, errno, "open", path, $"Cannot open '{path}' for reading");

    /// <summary>A splice or sendfile between the endpoint and the file failed for a reason other than waiting.</summary>
    public static PosixIpcException MoveFailed(bool intoFile, int errno, string function, string endpoint, string file) =>
        intoFile
            ? PosixIpcException.FromErrno(ErrorIds.OutFileFailed, errno, function, file, $"Cannot move bytes from '{endpoint}' into '{file}'")
            : PosixIpcException.FromErrno(ErrorIds.InFileFailed, errno, function, file, $"Cannot move bytes from '{file}' to '{endpoint}'");

    public static void WriteAll(SafeFileDescriptor fd, ReadOnlySpan<byte> data, string path)
    {
        while (!data.IsEmpty)
        {
            int n = Unistd.Write(fd, data, out int errno);
            if (n <= 0)
            {
                throw PosixIpcException.FromErrno(ErrorIds.OutFileFailed, n == 0 ? Errno.EIO : errno, "write", path, $"Cannot write to '{path}'");
            }

            data = data.Slice(n);
        }
    }

    /// <summary>Reads the next piece of the file: the bytes read, 0 at its end.</summary>
    public static int Read(SafeFileDescriptor fd, Span<byte> buffer, string path)
    {
        int n = Unistd.Read(fd, buffer, out int errno);
        return n >= 0 ? n : throw PosixIpcException.FromErrno(ErrorIds.InFileFailed, errno, "read", path, $"Cannot read '{path}'");
    }
}
