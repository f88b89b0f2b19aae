using System.Text;
using PosixIpc.Interop;

namespace PosixIpc.Sockets;

/// <summary>Connecting to a receiver's socket, stream or datagram.</summary>
public static class UnixSocketClient
{
    /// <summary>
    /// Connects to the socket, waiting at most timeout (forever when null) while a stream
    /// listener's backlog is full. A datagram socket is connected too: every send goes to it.
    /// </summary>
    public static UnixSocketConnection Connect(UnixSocketAddress address, bool datagram, TimeSpan? timeout, Encoding encoding, CancellationToken cancellation) =>
        Connect(address, datagram, timeout, encoding, cancellation, peerUid: null);

    /// <summary>
    /// As Connect, and with peerUid the receiver must run as that user (SO_PEERCRED, checked before
    /// anything is sent), else SocketPeerUserMismatch. Only a stream socket tells who listens.
    /// </summary>
    public static UnixSocketConnection Connect(UnixSocketAddress address, bool datagram, TimeSpan? timeout, Encoding encoding, CancellationToken cancellation, uint? peerUid)
    {
        if (peerUid != null && datagram)
        {
            throw new PosixIpcException(ErrorIds.SocketPeerUserConflict, Errno.EINVAL, null, address.Display,
                "-PeerUser needs a stream socket: a datagram socket does not tell who receives. Send without -Datagram, or check the socket file's owner instead.")
            { Category = IpcErrorCategory.InvalidArgument };
        }

        string display = address.Display;
        SafeFileDescriptor fd = Socket.Create(datagram ? Socket.SOCK_DGRAM : Socket.SOCK_STREAM, out int errno)
            ?? throw IpcErrors.Failed(IpcMechanism.Socket, ErrorIds.SocketCreateFailed, errno, "socket", display, "Cannot create a socket");
        Deadline deadline = Deadline.After(timeout);
        int pauseMs = 1;
        try
        {
            while (!Socket.Connect(fd, address.Native, address.NativeLength, out errno))
            {
                if (errno != Errno.EAGAIN)
                {
                    throw ConnectFailed(address, datagram, errno);
                }

                // The listener's backlog is full: it has not accepted the earlier clients yet.
                cancellation.ThrowIfCancellationRequested();
                if (deadline.HasPassed)
                {
                    throw UnixSocketErrors.Timeout(display, "The receiver accepted no connection", timeout!.Value.TotalSeconds);
                }

                cancellation.WaitHandle.WaitOne(Math.Max(1, deadline.NextSliceMs(pauseMs)));
                pauseMs = Math.Min(pauseMs * 2, 20);
            }

            var connection = new UnixSocketConnection(fd, display, 0, datagram, encoding);
            if (peerUid is { } expected && (connection.Peer.Pid == 0 || connection.Peer.Uid != expected))
            {
                throw UnixSocketErrors.PeerUserMismatch(display, expected, connection.Peer.Uid, connection.Peer.Pid);
            }

            return connection;
        }
        catch
        {
            fd.Dispose();
            throw;
        }
    }

    private static PosixIpcException ConnectFailed(UnixSocketAddress address, bool datagram, int errno)
    {
        string display = address.Display;
        switch (errno)
        {
            case Errno.EPROTOTYPE:
                return UnixSocketErrors.WrongType(display, datagram);
            case Errno.ECONNREFUSED when address.Path != null
                && Stat.TryStat(address.Path, followLinks: true, out FileStatus status, out _)
                && status.Type != FileStatus.S_IFSOCK:
                return UnixSocketErrors.NotASocket(display);
            default:
                return IpcErrors.Failed(IpcMechanism.Socket, ErrorIds.SocketConnectFailed, errno, "connect", display, $"Cannot connect to the socket '{display}'");
        }
    }
}
