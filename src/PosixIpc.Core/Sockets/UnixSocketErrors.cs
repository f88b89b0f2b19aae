using PosixIpc.Interop;

namespace PosixIpc.Sockets;

/// <summary>The failures Unix socket operations report, each with its stable ErrorId and a message that says what to do.</summary>
public static class UnixSocketErrors
{
    /// <summary>The errno of a peer that closed the connection under a request (ECONNRESET).</summary>
    public const int ConnectionReset = Errno.ECONNRESET;

    public static PosixIpcException InvalidName(string name, string rule) =>
        new(ErrorIds.SocketInvalidName, Errno.EINVAL, null, name,
            $"'{name}' cannot be a Unix socket address: {rule} A path or abstract name is at most 107 bytes (sun_path is 108 with its NUL); use a shorter path, for example under /tmp or /run.");

    internal static PosixIpcException PathTaken(string path, FileStatus status) =>
        new(ErrorIds.SocketPathTaken, Errno.EEXIST, "bind", path,
            $"'{path}' already exists and is {status.TypeName}, not a socket; it was left untouched. Choose another path for the socket, or remove that file yourself.");

    public static PosixIpcException StaleExists(string path) =>
        new(ErrorIds.SocketExists, Errno.EEXIST, "bind", path,
            $"The socket file '{path}' already exists but nobody listens on it (a receiver that ended without cleaning up). Use -Force to replace it, or remove it first (Remove-Item).");

    public static PosixIpcException InUse(string path) =>
        new(ErrorIds.SocketInUse, Errno.EADDRINUSE, "bind", path,
            $"Another process is listening on the socket '{path}'; it was left alone, even with -Force. Stop that process (Get-UnixSocket -Path '{path}' shows it), or choose another path.");

    public static PosixIpcException AbstractNameTaken(string display) =>
        new(ErrorIds.SocketAbstractNameTaken, Errno.EADDRINUSE, "bind", display,
            $"The abstract socket name '{display}' is already bound by another socket. Choose another name, or stop the process that holds it (Get-UnixSocket -Name '{display.TrimStart('@')}' shows it).");

    public static PosixIpcException ParentNotFound(string path) =>
        new(ErrorIds.SocketParentNotFound, Errno.ENOENT, "bind", path,
            $"Cannot create the socket '{path}': the directory '{System.IO.Path.GetDirectoryName(path)}' does not exist. Create it first (New-Item -ItemType Directory).");

    public static PosixIpcException NotFound(string display, string function) =>
        IpcErrors.Failed(IpcMechanism.Socket, ErrorIds.SocketNotFound, Errno.ENOENT, function, display, "");

    public static PosixIpcException NotASocket(string path) =>
        PosixIpcException.FromErrno(ErrorIds.SocketNotASocket, Errno.ECONNREFUSED, "connect", path,
            $"'{path}' is not a socket", "Give the path of a Unix socket (Get-UnixSocket lists them).");

    public static PosixIpcException ConnectionRefused(string display, string function) =>
        IpcErrors.Failed(IpcMechanism.Socket, ErrorIds.SocketConnectionRefused, Errno.ECONNREFUSED, function, display, "");

    public static PosixIpcException WrongType(string display, bool datagram) =>
        PosixIpcException.FromErrno(ErrorIds.SocketWrongType, Errno.EPROTOTYPE, "connect", display,
            $"The socket '{display}' is not a {(datagram ? "datagram" : "stream")} socket",
            datagram ? "Send without -Datagram: the receiver uses a stream socket." : "Send with -Datagram: the receiver uses a datagram socket.");


    public static PosixIpcException UnknownUser(string user) =>
        new(ErrorIds.SocketUnknownUser, Errno.EINVAL, "getpwnam_r", user,
            $"'{user}' is neither a user of this system nor a uid. Give a user name (id -un) or a number.")
        { Category = IpcErrorCategory.InvalidArgument };

    public static PosixIpcException PeerUserMismatch(string display, uint expected, uint actual, int pid) =>
        new(ErrorIds.SocketPeerUserMismatch, Errno.EPERM, "getsockopt", display,
            $"The socket '{display}' is held by {AccountNames.User(actual)} (uid {actual}, process {pid}), not by {AccountNames.User(expected)} as -PeerUser requires; nothing was sent. Another user may have taken the name first (abstract names have no permissions): find the holder with Get-UnixSocket.")
        { Category = IpcErrorCategory.PermissionDenied };

    public static PosixIpcException Timeout(string display, string what, double seconds) =>
        new(ErrorIds.SocketTimeout, Errno.ETIMEDOUT, "poll", display,
            $"{what} on the socket '{display}' within {seconds:0.###} s. Make sure the other side runs, or raise -TimeoutSec.");

    public static PosixIpcException PeerGone(string display, int errno, long sent) =>
        PosixIpcException.FromErrno(ErrorIds.SocketPeerGone, errno, "send", display,
            $"The other end of the socket '{display}' closed after {sent} bytes had gone through; the rest was not delivered",
            "Keep the receiver running until the sender ends.");

    /// <summary>An object whose CliXml (-Serialize) is longer than one message may be: its serialization stopped there.</summary>
    public static PosixIpcException SerializedTooLarge(string display, bool datagram, int maxChars, object? unsent) =>
        new(ErrorIds.SocketMessageTooLarge, Errno.EMSGSIZE, "send", display,
            $"The object's CliXml (-Serialize) is longer than {maxChars} characters, the most {(datagram ? "a datagram to" : "one serialized line on")} the socket '{display}' may take; serializing it stopped there and nothing of it was sent (the error's Exception.Unsent holds the object). Send fewer properties (Select-Object) or a smaller -Depth.")
        { Unsent = unsent, Scope = IpcErrorScope.Item };

    public static PosixIpcException TooLarge(string display, int length) =>
        PosixIpcException.FromErrno(ErrorIds.SocketMessageTooLarge, Errno.EMSGSIZE, "send", display,
            $"A datagram of {length} bytes is too large for the socket '{display}'",
            "Send smaller datagrams, or use a stream socket (without -Datagram).").AsItemOnly();

}
