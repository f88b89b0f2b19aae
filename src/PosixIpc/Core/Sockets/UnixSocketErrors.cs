using PosixIpc.Interop;

namespace PosixIpc.Sockets;

/// <summary>The failures Unix socket operations report, each with its stable ErrorId and a message that says what to do.</summary>
internal static class UnixSocketErrors
{
    public static PosixIpcException InvalidName(string name, string rule) =>
        new("SocketInvalidName", Errno.EINVAL, null, name,
            $"'{name}' cannot be a Unix socket address: {rule} A path or abstract name is at most 107 bytes (sun_path is 108 with its NUL); use a shorter path, for example under /tmp or /run.");

    public static PosixIpcException PathTaken(string path, FileStatus status) =>
        new("SocketPathTaken", Errno.EEXIST, "bind", path,
            $"'{path}' already exists and is {Describe(status)}, not a socket; it was left untouched. Choose another path for the socket, or remove that file yourself.");

    public static PosixIpcException StaleExists(string path) =>
        new("SocketExists", Errno.EEXIST, "bind", path,
            $"The socket file '{path}' already exists but nobody listens on it (a receiver that ended without cleaning up). Use -Force to replace it, or remove it first (Remove-Item).");

    public static PosixIpcException InUse(string path) =>
        new("SocketInUse", Errno.EADDRINUSE, "bind", path,
            $"Another process is listening on the socket '{path}'; it was left alone, even with -Force. Stop that process (Get-UnixSocket -Path '{path}' shows it), or choose another path.");

    public static PosixIpcException AbstractNameTaken(string display) =>
        new("SocketAbstractNameTaken", Errno.EADDRINUSE, "bind", display,
            $"The abstract socket name '{display}' is already bound by another socket. Choose another name, or stop the process that holds it (Get-UnixSocket -Name '{display.TrimStart('@')}' shows it).");

    public static PosixIpcException ParentNotFound(string path) =>
        new("SocketParentNotFound", Errno.ENOENT, "bind", path,
            $"Cannot create the socket '{path}': the directory '{System.IO.Path.GetDirectoryName(path)}' does not exist. Create it first (New-Item -ItemType Directory).");

    public static PosixIpcException NotFound(string display, string function) =>
        PosixIpcException.FromErrno("SocketNotFound", Errno.ENOENT, function, display,
            $"No socket exists at '{display}'", "Start the receiver first (Receive-UnixSocketMessage or Start-UnixSocketServer), or check the path (Get-UnixSocket lists the sockets).");

    public static PosixIpcException NotASocket(string path) =>
        PosixIpcException.FromErrno("SocketNotASocket", Errno.ECONNREFUSED, "connect", path,
            $"'{path}' is not a socket", "Give the path of a Unix socket (Get-UnixSocket lists them).");

    public static PosixIpcException ConnectionRefused(string display, string function) =>
        PosixIpcException.FromErrno("SocketConnectionRefused", Errno.ECONNREFUSED, function, display,
            $"Nobody listens on the socket '{display}'", "The socket file is left from a receiver that has ended; start the receiver (Receive-UnixSocketMessage -Force replaces the stale file).");

    public static PosixIpcException WrongType(string display, bool datagram) =>
        PosixIpcException.FromErrno("SocketWrongType", Errno.EPROTOTYPE, "connect", display,
            $"The socket '{display}' is not a {(datagram ? "datagram" : "stream")} socket",
            datagram ? "Send without -Datagram: the receiver uses a stream socket." : "Send with -Datagram: the receiver uses a datagram socket.");

    public static PosixIpcException PermissionDenied(string display, int errno, string function, string what) =>
        PosixIpcException.FromErrno("SocketPermissionDenied", errno, function, display, what,
            "Connecting needs write permission on the socket file and search permission on its directories; check them (ls -l, Get-UnixSocket), or have the receiver use a wider -Mode.");

    public static PosixIpcException Timeout(string display, string what, double seconds) =>
        new("SocketTimeout", Errno.ETIMEDOUT, "poll", display,
            $"{what} on the socket '{display}' within {seconds:0.###} s. Make sure the other side runs, or raise -TimeoutSec.");

    public static PosixIpcException PeerGone(string display, int errno, long sent) =>
        PosixIpcException.FromErrno("SocketPeerGone", errno, "send", display,
            $"The other end of the socket '{display}' closed after {sent} bytes had gone through; the rest was not delivered",
            "Keep the receiver running until the sender ends.");

    public static PosixIpcException TooLarge(string display, int length) =>
        PosixIpcException.FromErrno("SocketMessageTooLarge", Errno.EMSGSIZE, "send", display,
            $"A datagram of {length} bytes is too large for the socket '{display}'",
            "Send smaller datagrams, or use a stream socket (without -Datagram).");

    public static PosixIpcException Failed(string errorId, int errno, string function, string display, string what) =>
        errno switch
        {
            Errno.ENOENT => NotFound(display, function),
            Errno.EACCES or Errno.EPERM => PermissionDenied(display, errno, function, what),
            Errno.ECONNREFUSED => ConnectionRefused(display, function),
            _ => PosixIpcException.FromErrno(errorId, errno, function, display, what),
        };

    private static string Describe(FileStatus status) => status.Type switch
    {
        FileStatus.S_IFREG => "a regular file",
        FileStatus.S_IFDIR => "a directory",
        FileStatus.S_IFLNK => "a symbolic link",
        FileStatus.S_IFIFO => "a FIFO",
        0x2000 => "a character device",
        0x6000 => "a block device",
        _ => "not a socket",
    };
}
