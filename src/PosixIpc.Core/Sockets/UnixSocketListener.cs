using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Threading;
using PosixIpc.Interop;

namespace PosixIpc.Sockets;

/// <summary>What a receiver hands out for each read of a stream connection.</summary>
public enum UnixSocketReadMode
{
    /// <summary>One message per line.</summary>
    Lines,

    /// <summary>One message per chunk read, as the bytes came (up to 64 KiB).</summary>
    Bytes,
}

/// <summary>
/// The receiving side of a Unix socket: binds a path or abstract name, accepts any number of
/// stream clients (or takes datagrams from any sender), and hands out their messages one by one,
/// each with its sender's credentials. Messages of one connection stay in order and are never
/// mixed with another connection's. The socket file it made is removed when it is disposed.
/// </summary>
public sealed class UnixSocketListener : IDisposable
{
    public const int Backlog = 128;

    /// <summary>The most stream clients connected at once unless MaxConnections says otherwise.</summary>
    public const int DefaultMaxConnections = 1024;
    private const int ChunkSize = 64 * 1024;

    /// <summary>
    /// The largest datagram a sender can queue: its SO_SNDBUF, which is at most twice
    /// net.core.wmem_max (without the privileged SO_SNDBUFFORCE). A buffer this size never truncates.
    /// </summary>
    public static readonly int MaxDatagram = Math.Max(1 << 20, ReadWmemMax() * 2);

    private static int ReadWmemMax()
    {
        try
        {
            return int.TryParse(System.IO.File.ReadAllText("/proc/sys/net/core/wmem_max").Trim(), out int v) && v > 0 && v < (1 << 29) ? v : 0;
        }
        catch (Exception e) when (e is System.IO.IOException or UnauthorizedAccessException)
        {
            return 0;
        }
    }

    private readonly SafeFileDescriptor _fd;
    private readonly List<UnixSocketConnection> _connections = new();
    private readonly Queue<UnixSocketMessage> _pending = new();
    private readonly List<string> _lines = new();
    private readonly Encoding _encoding;
    private readonly ulong _fileInode;
    private readonly ConnectionAdmission _admission;
    private SafeFileDescriptor[] _pollSet = new SafeFileDescriptor[8];
    private short[] _events = new short[8];
    private short[] _ready = new short[8];
    private byte[]? _datagramBuffer;
    private byte[]? _readBuffer;
    private bool _disposed;

    // The last read filled a whole chunk: read again before polling, the data is most likely there.
    private bool _hot;

    private UnixSocketListener(UnixSocketAddress address, SafeFileDescriptor fd, bool datagram, Encoding encoding, ulong fileInode)
    {
        Address = address;
        _fd = fd;
        IsDatagram = datagram;
        _encoding = encoding;
        _fileInode = fileInode;
        _admission = new ConnectionAdmission(address.Display);
    }

    public UnixSocketAddress Address { get; }

    public bool IsDatagram { get; }

    public UnixSocketReadMode ReadMode { get; set; } = UnixSocketReadMode.Lines;

    /// <summary>
    /// How much more the caller will take: messages (lines or datagrams), or with ReadMode Bytes,
    /// bytes. Nothing beyond it is taken out of the kernel, so what a -Count leaves stays in the
    /// socket until it closes (Unread says how much that is).
    /// </summary>
    public long ReadLimit { get; set; } = long.MaxValue;

    // Messages (or with ReadMode Bytes, bytes) waiting in _pending.
    private long _pendingUnits;

    private long Allowed => ReadLimit == long.MaxValue ? long.MaxValue : ReadLimit - _pendingUnits;

    /// <summary>
    /// What closing now leaves unread: bytes still in the connections' sockets, characters of
    /// unfinished lines, and messages taken but not handed out.
    /// </summary>
    public (long Bytes, long Characters, int Messages) Unread
    {
        get
        {
            long bytes = 0, characters = 0;
            foreach (UnixSocketConnection connection in _connections)
            {
                (int b, int c) = connection.Unread;
                bytes += b;
                characters += c;
            }

            return (bytes, characters, _pending.Count);
        }
    }

    /// <summary>Stream connections accepted so far.</summary>
    public long ConnectionsAccepted { get; private set; }

    /// <summary>Stream connections open now.</summary>
    public int ConnectionsOpen => _connections.Count;

    /// <summary>
    /// The most stream clients connected at once; more wait in the backlog. Fewer are taken when the
    /// process's descriptor limit (ulimit -n) would otherwise run out, as pwsh itself needs some.
    /// </summary>
    public int MaxConnections
    {
        get => _admission.MaxConnections;
        set => _admission.MaxConnections = value > 0 ? value : throw new ArgumentOutOfRangeException(nameof(value));
    }

    /// <summary>
    /// The most characters a line from a stream client may have: a longer one closes that client's
    /// connection with a warning (the lines before it are delivered), so one client's endless line
    /// holds at most this much memory and the others are served on.
    /// </summary>
    public int MaxLineLength { get; set; } = Text.LineDecoder.DefaultMaxLineLength;

    /// <summary>How long a client may take none of its replies before it is disconnected (Reply).</summary>
    public TimeSpan SendTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Called, on the receiving thread, with each notice: accepting paused or capped, a client disconnected, descriptors closed.</summary>
    public Action<string>? Warning
    {
        get => _admission.Warning;
        set => _admission.Warning = value;
    }

    /// <summary>Times accepting paused because the process or the system was out of descriptors (EMFILE/ENFILE).</summary>
    public int AcceptPauses => _admission.Pauses;

    /// <summary>
    /// The only users whose clients (or datagrams) are taken, checked against the kernel's credentials
    /// (SO_PEERCRED, SCM_CREDENTIALS); null takes everyone the socket's mode lets in. The check that
    /// abstract names, which have no mode, need.
    /// </summary>
    public IReadOnlySet<uint>? AllowedUsers { get; set; }

    /// <summary>Connections and datagrams refused because their user is not in AllowedUsers.</summary>
    public long Refused { get; private set; }

    /// <summary>Descriptors that senders passed (SCM_RIGHTS) and this listener closed.</summary>
    public long DescriptorsClosed { get; private set; }

    /// <summary>
    /// Binds and (for a stream socket) listens. A path that exists is never replaced when it is not
    /// a socket or when a process listens on it; a stale socket file is replaced only with force.
    /// The file gets the mode exactly, before anyone can connect.
    /// </summary>
    public static UnixSocketListener Bind(UnixSocketAddress address, bool datagram, bool force, UnixFileMode mode, Encoding encoding)
    {
        string display = address.Display;
        if (address.Path != null)
        {
            PrepareFile(address, datagram, force);
        }

        SafeFileDescriptor fd = Socket.Create(datagram ? Socket.SOCK_DGRAM : Socket.SOCK_STREAM, out int errno)
            ?? throw IpcErrors.Failed(IpcMechanism.Socket, ErrorIds.SocketCreateFailed, errno, "socket", display, "Cannot create a socket");
        try
        {
            if (datagram)
            {
                // Before bind, so that no datagram can come without its sender's credentials.
                if (!Socket.PassCredentials(fd, out errno))
                {
                    throw IpcErrors.Failed(IpcMechanism.Socket, ErrorIds.SocketCreateFailed, errno, "setsockopt", display,
                        "Cannot ask for the senders' credentials (SO_PASSCRED), without which every datagram would show uid 4294967295");
                }

                Socket.SetBufferSize(fd, send: false, 4 << 20, out _);
            }

            if (!Socket.Bind(fd, address.Native, address.NativeLength, out errno))
            {
                throw errno switch
                {
                    Errno.EADDRINUSE when address.IsAbstract => UnixSocketErrors.AbstractNameTaken(display),
                    Errno.EADDRINUSE => UnixSocketErrors.InUse(display),
                    Errno.ENOENT or Errno.ENOTDIR => UnixSocketErrors.ParentNotFound(display),
                    _ => IpcErrors.Failed(IpcMechanism.Socket, ErrorIds.SocketBindFailed, errno, "bind", display, $"Cannot bind the socket '{display}'"),
                };
            }

            ulong inode = 0;
            if (address.Path != null)
            {
                // Through the object itself: in a directory others can write, the path may hold something else by now.
                if (!Stat.ChmodOwnObject(address.Path, FileStatus.S_IFSOCK, (uint)mode, out FileStatus status, out errno))
                {
                    if (errno == Errno.EXDEV)
                    {
                        throw new PosixIpcException(ErrorIds.SocketBindFailed, errno, "chmod", display,
                            $"The socket file '{display}' was replaced by something else right after it was bound (another user can write to its directory); nothing's mode was changed and it was left there. Bind sockets in a directory only you can write to.")
                        { Category = IpcErrorCategory.PermissionDenied };
                    }

                    Unistd.Unlink(address.Path, out _);
                    throw IpcErrors.Failed(IpcMechanism.Socket, ErrorIds.SocketBindFailed, errno, "chmod", display, $"Cannot set the mode of the socket '{display}'");
                }

                inode = status.Inode;
            }

            var listener = new UnixSocketListener(address, fd, datagram, encoding, inode);
            if (!datagram && !Socket.Listen(fd, Backlog, out errno))
            {
                listener.Dispose();
                throw IpcErrors.Failed(IpcMechanism.Socket, ErrorIds.SocketListenFailed, errno, "listen", display, $"Cannot listen on the socket '{display}'");
            }

            return listener;
        }
        catch
        {
            fd.Dispose();
            throw;
        }
    }

    /// <summary>Makes room for the socket file: nothing there, or a stale socket removed with force.</summary>
    private static void PrepareFile(UnixSocketAddress address, bool datagram, bool force)
    {
        string path = address.Path!;
        if (!Stat.TryStat(path, followLinks: false, out FileStatus status, out int errno))
        {
            if (errno is Errno.ENOENT)
            {
                string? parent = System.IO.Path.GetDirectoryName(path);
                if (parent != null && !Directory.Exists(parent))
                {
                    throw UnixSocketErrors.ParentNotFound(path);
                }

                return;
            }

            throw IpcErrors.Failed(IpcMechanism.Socket, ErrorIds.SocketStatFailed, errno, "lstat", path, $"Cannot look at '{path}'");
        }

        if (status.Type != FileStatus.S_IFSOCK)
        {
            throw UnixSocketErrors.PathTaken(path, status);
        }

        int probe = ProbeListener(address, datagram);
        if (probe is Errno.EACCES or Errno.EPERM)
        {
            // Without write permission on the socket nobody can tell whether a process listens on it:
            // it is left alone, and the error says why (not SocketInUse, which would claim a listener).
            throw IpcErrors.Failed(IpcMechanism.Socket, ErrorIds.SocketPermissionDenied, probe, "connect", path,
                $"Cannot tell whether a process listens on the socket '{path}', as this user may not connect to it; it was left untouched");
        }

        if (probe is 0 or Errno.EPROTOTYPE or Errno.EAGAIN)
        {
            throw UnixSocketErrors.InUse(path);
        }

        if (!force)
        {
            throw UnixSocketErrors.StaleExists(path);
        }

        if (!Unistd.Unlink(path, out errno) && errno != Errno.ENOENT)
        {
            throw IpcErrors.Failed(IpcMechanism.Socket, ErrorIds.SocketRemoveFailed, errno, "unlink", path, $"Cannot remove the stale socket file '{path}'");
        }
    }

    /// <summary>
    /// Connects to the socket file to learn whether a process has it bound: 0 when the connect succeeds,
    /// else its errno. EPROTOTYPE (bound by a socket of the other type) and EAGAIN (a listener with a
    /// full backlog) also mean bound; EACCES/EPERM mean this user cannot tell; ECONNREFUSED means stale.
    /// </summary>
    private static int ProbeListener(UnixSocketAddress address, bool datagram)
    {
        using SafeFileDescriptor? probe = Socket.Create(datagram ? Socket.SOCK_DGRAM : Socket.SOCK_STREAM, out int errno);
        if (probe == null)
        {
            return Errno.ECONNREFUSED;
        }

        return Socket.Connect(probe, address.Native, address.NativeLength, out errno) ? 0 : errno;
    }

    /// <summary>
    /// The next message from any client, waiting for one at most idleTimeout (forever when null),
    /// then SocketTimeout. The wait runs in slices of 100 ms so that the token ends it promptly.
    /// </summary>
    public UnixSocketMessage Receive(TimeSpan? idleTimeout, CancellationToken cancellation)
    {
        Deadline deadline = Deadline.After(idleTimeout);
        while (_pending.Count == 0)
        {
            cancellation.ThrowIfCancellationRequested();
            if (deadline.HasPassed)
            {
                throw UnixSocketErrors.Timeout(Address.Display,
                    IsDatagram ? "No datagram came" : $"No message came ({_connections.Count} clients connected)",
                    idleTimeout!.Value.TotalSeconds).AsItemOnly();
            }

            WaitAndRead(deadline.NextSliceMs());
        }

        UnixSocketMessage message = _pending.Dequeue();
        if (message.ReplyTo != null)
        {
            message.ReplyTo.Undelivered--;
        }

        _pendingUnits -= ReadMode == UnixSocketReadMode.Bytes && !IsDatagram ? message.Length : 1;
        return message;
    }

    /// <summary>
    /// Waits for one stream client (at most idleTimeout, then SocketTimeout) and moves what it sends,
    /// up to max bytes, into the file until it ends its stream (see UnixSocketConnection.CopyToFile).
    /// Other clients wait in the backlog and are refused when the listener closes.
    /// </summary>
    public IpcFileTransfer ReceiveToFile(string file, long max, TimeSpan? idleTimeout, CancellationToken cancellation)
    {
        Deadline deadline = Deadline.After(idleTimeout);
        while (_connections.Count == 0)
        {
            cancellation.ThrowIfCancellationRequested();
            if (deadline.HasPassed)
            {
                throw UnixSocketErrors.Timeout(Address.Display, "No client connected", idleTimeout!.Value.TotalSeconds).AsItemOnly();
            }

            int events = Interop.Poll.Wait(_fd, Interop.Poll.POLLIN, deadline.NextSliceMs(), out int errno);
            if (events < 0)
            {
                throw IpcErrors.Failed(IpcMechanism.Socket, ErrorIds.SocketAcceptFailed, errno, "poll", Address.Display, $"Cannot wait on the socket '{Address.Display}'");
            }

            if (events != 0)
            {
                AcceptOne();
            }
        }

        return _connections[0].CopyToFile(file, max, idleTimeout, cancellation);
    }

    /// <summary>
    /// Sends a reply to the client a message came from, without waiting: what its socket does not take
    /// now is held and sent as it reads (and the client's further requests wait until it has). A client
    /// that has gone is SocketPeerGone; one that takes nothing for SendTimeout is disconnected with a warning.
    /// </summary>
    public void Reply(UnixSocketMessage request, ReadOnlySpan<byte> data)
    {
        UnixSocketConnection connection = request.ReplyTo
            ?? throw new InvalidOperationException("Only a message from a stream connection can be answered.");
        if (connection.Descriptor.IsClosed)
        {
            throw UnixSocketErrors.PeerGone(Address.Display, Errno.EPIPE, connection.BytesSent);
        }

        connection.Outbox.Add(data);
        if (!connection.Outbox.Flush(connection))
        {
            Drop(connection);
            throw UnixSocketErrors.PeerGone(Address.Display, Errno.EPIPE, connection.BytesSent);
        }
    }

    /// <summary>Sends the replies still held, waiting at most SendTimeout for clients that read slowly.</summary>
    public void FlushReplies(CancellationToken cancellation)
    {
        Deadline deadline = Deadline.After(SendTimeout);
        while (_connections.Exists(c => !c.Outbox.IsEmpty) && !deadline.HasPassed)
        {
            cancellation.ThrowIfCancellationRequested();
            Poll(deadline.NextSliceMs(), readers: false);
        }
    }

    private void Enqueue(UnixSocketMessage message)
    {
        _pending.Enqueue(message);
        _pendingUnits += ReadMode == UnixSocketReadMode.Bytes && !IsDatagram ? message.Length : 1;
    }

    private void WaitAndRead(int timeoutMs)
    {
        Sweep();
        if (_hot)
        {
            _hot = false;
            for (int i = _connections.Count - 1; i >= 0; i--)
            {
                if (!_connections[i].AtEnd)
                {
                    ReadConnection(_connections[i]);
                }
            }

            if (_pending.Count > 0)
            {
                return;
            }
        }

        Poll(timeoutMs, readers: true);
    }

    /// <summary>
    /// One poll over the listening socket (while it may accept) and every connection: for its replies
    /// when it has some waiting (and then not for its requests), else for requests (when readers).
    /// </summary>
    private void Poll(int timeoutMs, bool readers)
    {
        int count = 1 + _connections.Count;
        if (_pollSet.Length < count)
        {
            _pollSet = new SafeFileDescriptor[count * 2];
            _events = new short[count * 2];
            _ready = new short[count * 2];
        }

        _pollSet[0] = _fd;
        _events[0] = readers && (IsDatagram || _admission.MayAccept(_connections.Count)) ? Interop.Poll.POLLIN : (short)0;
        for (int i = 0; i < _connections.Count; i++)
        {
            UnixSocketConnection connection = _connections[i];
            _pollSet[i + 1] = connection.Descriptor;
            _events[i + 1] = !connection.Outbox.IsEmpty ? Interop.Poll.POLLOUT
                : readers && !connection.ReadsNoMore ? Interop.Poll.POLLIN
                : (short)0;
        }

        if (!Interop.Poll.WaitMany(_pollSet, _events, count, _ready, timeoutMs, out int errno))
        {
            throw IpcErrors.Failed(IpcMechanism.Socket, ErrorIds.SocketReceiveFailed, errno, "poll", Address.Display, $"Cannot wait on the socket '{Address.Display}'");
        }

        // Connections first (in the order they came), then new clients and datagrams.
        for (int i = count - 1; i >= 1; i--)
        {
            UnixSocketConnection connection = _connections[i - 1];
            if (_events[i] == Interop.Poll.POLLOUT)
            {
                SendHeld(connection, _ready[i]);
            }
            else if (_ready[i] != 0)
            {
                ReadConnection(connection);
            }
        }

        if (_ready[0] != 0)
        {
            if (IsDatagram)
            {
                ReadDatagrams();
            }
            else
            {
                AcceptAll();
            }
        }
    }

    /// <summary>Sends a client's held replies as its socket takes them; drops it when it has gone or took nothing for SendTimeout.</summary>
    private void SendHeld(UnixSocketConnection connection, short ready)
    {
        if (ready != 0 && !connection.Outbox.Flush(connection))
        {
            Drop(connection);
            return;
        }

        if (connection.Outbox.Stalled > SendTimeout)
        {
            Warning?.Invoke($"Client {connection.Id} (process {connection.PeerPid}) of '{Address.Display}' took none of its replies for {SendTimeout.TotalSeconds:0.###} s; it was disconnected, the other clients are served.");
            Drop(connection);
        }
    }

    /// <summary>Closes a connection; messages it sent that were not handed out yet still are, their replies fail.</summary>
    private void Drop(UnixSocketConnection connection)
    {
        _connections.Remove(connection);
        connection.Dispose();
    }

    /// <summary>Closes the connections whose client has ended, once all they sent is handed out and all their replies have gone.</summary>
    private void Sweep()
    {
        for (int i = _connections.Count - 1; i >= 0; i--)
        {
            UnixSocketConnection connection = _connections[i];
            if (connection.ReadsNoMore && connection.Undelivered == 0 && connection.Outbox.IsEmpty)
            {
                _connections.RemoveAt(i);
                connection.Dispose();
            }
        }
    }

    private void AcceptAll()
    {
        while (_admission.MayAccept(_connections.Count) && AcceptOne())
        {
        }
    }

    /// <summary>Accepts the next client in the backlog, if it is allowed; false when nobody more is waiting (or no descriptor is left).</summary>
    private bool AcceptOne()
    {
        SafeFileDescriptor? client = Socket.Accept(_fd, out int errno);
        if (client == null)
        {
            if (errno is Errno.EAGAIN or Errno.ECONNRESET or 103 /* ECONNABORTED */)
            {
                return false;
            }

            if (errno is Errno.EMFILE or Errno.ENFILE)
            {
                // Out of descriptors: leave the client in the backlog, serve who is connected.
                _admission.OutOfDescriptors(_connections.Count, systemWide: errno == Errno.ENFILE);
                return false;
            }

            throw IpcErrors.Failed(IpcMechanism.Socket, ErrorIds.SocketAcceptFailed, errno, "accept4", Address.Display, $"Cannot accept a client on the socket '{Address.Display}'");
        }

        var connection = new UnixSocketConnection(client, Address.Display, ConnectionsAccepted + 1, datagram: false, _encoding, bufferSize: 0, MaxLineLength);
        if (!IsAllowed(connection.Peer))
        {
            connection.Dispose();
            return true;
        }

        ConnectionsAccepted++;
        _connections.Add(connection);
        return true;
    }

    private void ReadConnection(UnixSocketConnection connection)
    {
        bool open;
        long allowed = Allowed;
        if (allowed <= 0)
        {
            return;
        }

        if (ReadMode == UnixSocketReadMode.Bytes)
        {
            // One rule for emitted bytes (ByteChunks): a new array the pipeline may keep, filled
            // directly with what the socket holds and what follows within a few milliseconds.
            byte[] chunk = ByteChunks.Allocate(allowed);
            int filled = connection.ReadChunk(chunk);
            open = !connection.AtEnd;
            if (filled == chunk.Length)
            {
                _hot = true;
            }

            if (filled > 0)
            {
                Enqueue(connection, new UnixSocketMessage(Address.Display, connection.Id, connection.Peer, null,
                    ByteChunks.Trim(chunk, filled), _encoding) { ReplyTo = connection });
            }
        }
        else
        {
            // One buffer for every connection: only what a connection has not finished (a partial line) stays with it.
            _readBuffer ??= new byte[ChunkSize];
            open = connection.ReadLines(_lines, _readBuffer, (int)Math.Min(int.MaxValue, allowed));
            foreach (string line in _lines)
            {
                Enqueue(connection, new UnixSocketMessage(Address.Display, connection.Id, connection.Peer, line, null, _encoding) { ReplyTo = connection });
            }

            _lines.Clear();
            if (connection.LineTooLong)
            {
                (_, int held) = connection.Unread;
                Warning?.Invoke($"Client {connection.Id} on '{Address.Display}' (process {connection.Peer.Pid}) sent a line longer than -MaxLineLength ({MaxLineLength} characters): the lines before it were delivered, its connection was closed, and the {held} characters read of that line were dropped. Raise -MaxLineLength, or receive with -AsByteStream.");
            }
        }

        if (!open && connection.Undelivered == 0 && connection.Outbox.IsEmpty)
        {
            // Nothing of it is waiting: close now. Otherwise Sweep closes it once its last request is answered.
            Drop(connection);
        }
    }

    /// <summary>Whether the user may talk to this listener; a refusal is counted, and the first is said.</summary>
    private bool IsAllowed(PeerCredentials peer)
    {
        if (AllowedUsers == null || AllowedUsers.Contains(peer.Uid))
        {
            return true;
        }

        Refused++;
        if (Refused == 1)
        {
            Warning?.Invoke($"Refused {(IsDatagram ? "a datagram" : "a client")} of {AccountNames.User(peer.Uid)} (uid {peer.Uid}, process {peer.Pid}) on '{Address.Display}': not in -AllowUser. Further refusals are counted, not shown one by one.");
        }

        return false;
    }

    private void Enqueue(UnixSocketConnection connection, UnixSocketMessage message)
    {
        connection.Undelivered++;
        Enqueue(message);
    }

    private void ReadDatagrams()
    {
        _datagramBuffer ??= new byte[MaxDatagram];
        while (Allowed > 0)
        {
            int n = Socket.ReceiveDatagram(_fd, _datagramBuffer, out PeerCredentials sender, out bool truncated, out int passed, out int errno);
            if (n < 0)
            {
                if (errno == Errno.EAGAIN)
                {
                    return;
                }

                throw IpcErrors.Failed(IpcMechanism.Socket, ErrorIds.SocketReceiveFailed, errno, "recvmsg", Address.Display, $"Cannot receive from the socket '{Address.Display}'");
            }

            if (passed > 0)
            {
                DescriptorsClosed += passed;
                if (DescriptorsClosed == passed)
                {
                    Warning?.Invoke($"Process {sender.Pid} (uid {sender.Uid}) passed descriptors (SCM_RIGHTS) with a datagram to '{Address.Display}'; they were closed at once, as are any that follow.");
                }
            }

            if (!IsAllowed(sender))
            {
                continue;
            }

            if (truncated)
            {
                // Only a sender with SO_SNDBUFFORCE gets past the buffer; say so rather than hand on part of it.
                throw new PosixIpcException(ErrorIds.SocketMessageTooLarge, Errno.EMSGSIZE, "recvmsg", Address.Display,
                    $"A datagram from process {sender.Pid} to '{Address.Display}' was larger than {_datagramBuffer.Length} bytes and was cut short by the kernel, so it was not emitted. Send smaller datagrams, or use a stream socket.");
            }

            Enqueue(new UnixSocketMessage(Address.Display, 0, sender, null, _datagramBuffer.AsSpan(0, n).ToArray(), _encoding));
        }
    }

    /// <summary>Closes every connection and the socket, and removes the socket file if it is still the one this listener made.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        foreach (UnixSocketConnection connection in _connections)
        {
            connection.Dispose();
        }

        _connections.Clear();
        if (Address.Path != null && _fileInode != 0 &&
            Stat.TryStat(Address.Path, followLinks: false, out FileStatus status, out _) &&
            status.Inode == _fileInode && status.Type == FileStatus.S_IFSOCK)
        {
            Unistd.Unlink(Address.Path, out _);
        }

        _fd.Dispose();
    }
}
