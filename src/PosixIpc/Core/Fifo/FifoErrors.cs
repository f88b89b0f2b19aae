using PosixIpc.Interop;

namespace PosixIpc.Fifo;

/// <summary>The failures FIFO operations report, each with its stable ErrorId and a message that says what to do.</summary>
internal static class FifoErrors
{
    public static PosixIpcException NotFound(string path, string function) =>
        PosixIpcException.FromErrno("FifoNotFound", Errno.ENOENT, function, path,
            $"The FIFO '{path}' does not exist", "Create it with New-IpcFifo (or mkfifo), or check the path.");

    public static PosixIpcException NotAFifo(string path, FileStatus status) =>
        new("NotAFifo", Errno.EINVAL, null, path,
            $"'{path}' is {Describe(status)}, not a FIFO; it was left untouched. Give the path of a FIFO (Get-IpcFifo lists them).");

    public static PosixIpcException Exists(string path) =>
        new("FifoExists", Errno.EEXIST, "mkfifo", path,
            $"The FIFO '{path}' already exists. Use -Force to reuse it, or Remove-IpcFifo it first.");

    public static PosixIpcException PathTaken(string path, FileStatus status) =>
        new("FifoPathTaken", Errno.EEXIST, "mkfifo", path,
            $"'{path}' already exists and is {Describe(status)}; New-IpcFifo never replaces it, even with -Force. Choose another path or remove that file yourself.");

    public static PosixIpcException ParentNotFound(string path) =>
        new("FifoParentNotFound", Errno.ENOENT, "mkfifo", path,
            $"Cannot create the FIFO '{path}': the directory '{System.IO.Path.GetDirectoryName(path)}' does not exist. Create it first (New-Item -ItemType Directory).");

    public static PosixIpcException PermissionDenied(string path, int errno, string function, string what) =>
        PosixIpcException.FromErrno("FifoPermissionDenied", errno, function, path, what,
            "Check the FIFO's mode and owner (Get-IpcFifo shows them) and the permissions of its directory.");

    public static PosixIpcException Failed(string errorId, int errno, string function, string path, string what) =>
        errno switch
        {
            Errno.ENOENT => NotFound(path, function),
            Errno.EACCES or Errno.EPERM => PermissionDenied(path, errno, function, what),
            _ => PosixIpcException.FromErrno(errorId, errno, function, path, what),
        };

    public static PosixIpcException OpenTimeout(string path, double seconds) =>
        new("FifoOpenTimeout", Errno.ETIMEDOUT, "open", path,
            $"No reader opened the FIFO '{path}' within {seconds:0.###} s, so nothing was written. Start the reader first (Read-IpcFifo, or cat), or raise -TimeoutSec.");

    public static PosixIpcException ReadTimeout(string path, double seconds) =>
        new("FifoReadTimeout", Errno.ETIMEDOUT, "poll", path,
            $"No data came through the FIFO '{path}' for {seconds:0.###} s (no writer, or a silent one). Start the writer, or raise -TimeoutSec.");

    public static PosixIpcException WriteTimeout(string path, double seconds, long written) =>
        new("FifoWriteTimeout", Errno.ETIMEDOUT, "poll", path,
            $"The reader of the FIFO '{path}' took nothing for {seconds:0.###} s; {written} bytes had gone through. Make sure the reader keeps reading, or raise -TimeoutSec.");

    public static PosixIpcException ReaderGone(string path, long written) =>
        new("FifoReaderGone", Errno.EPIPE, "write", path,
            $"The reader closed the FIFO '{path}' after {written} bytes had gone through; the rest was not delivered. Keep the reader open until the writer ends.");

    private static string Describe(FileStatus status) => status.Type switch
    {
        FileStatus.S_IFREG => "a regular file",
        FileStatus.S_IFDIR => "a directory",
        FileStatus.S_IFLNK => "a symbolic link",
        FileStatus.S_IFSOCK => "a socket",
        0x2000 => "a character device",
        0x6000 => "a block device",
        _ => "not a FIFO",
    };
}
