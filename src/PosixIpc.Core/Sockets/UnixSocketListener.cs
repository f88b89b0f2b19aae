using System.Text;
using PosixIpc.Interop;

namespace PosixIpc.Sockets;

/// <summary>
/// The receiving side of a Unix socket, over a UnixSocketBinding it owns: accepts any number of
/// stream clients (or takes datagrams from any sender) and hands out their messages one by one,
/// each with its sender's credentials. Messages of one connection stay in order and are never
/// mixed with another connection's.
/// </summary>
public sealed class UnixSocketListener : IDisposable
{
    /// <summary>The most stream clients connected at once unless MaxConnections says otherwise.</summary>
    public const int DefaultMaxConnections = 1024;
    private const int LineBufferSize = 64 * 1024;

    private readonly UnixSocketBinding _binding;
    private readonly Queue<UnixSocketMessage> _pending = new();
    private readonly List<string> _lines = new();
    private readonly Encoding _encoding;
    private readonly ConnectionAdmission _admission;
    private readonly PeerFilter _filter;
    private readonly AcceptedConnections _connections;
    private readonly DatagramReceiver? _datagrams;
    private SafeFileDescriptor[] _pollSet = new SafeFileDescriptor[8];
    private short[] _events = new short[8];
    private short[] _ready = new short[8];
    private byte[]? _lineBuffer;
    private bool _disposed;

    // The last read filled a whole chunk: read again before polling, the data is most likely there.
    private bool _hot;

    // Messages (or with ReadMode Bytes, bytes) waiting in _pending.
    private long _pendingUnits;

    /// <summary>Receives through the binding, and disposes of it when it is disposed.</summary>
    public UnixSocketListener(UnixSocketBinding binding, Encoding encoding)
    {
        _binding = binding;
        _encoding = encoding;
        Action<string> warn = text => Warning?.Invoke(text);
        _admission = new ConnectionAdmission(Address.Display) { Warning = warn };
        _filter = new PeerFilter(Address.Display, warn);
        _connections = new AcceptedConnections(binding, _admission, _filter, encoding, warn);
        _datagrams = binding.IsDatagram ? new DatagramReceiver(binding, _filter, encoding, warn) : null;
    }

    public UnixSocketAddress Address => _binding.Address;

    public bool IsDatagram => _binding.IsDatagram;

    public UnixSocketReadMode ReadMode { get; set; } = UnixSocketReadMode.Lines;

    /// <summary>
    /// How much more the caller will take: messages (lines or datagrams), or with ReadMode Bytes,
    /// bytes. Nothing beyond it is taken out of the kernel, so what a -Count leaves stays in the
    /// socket until it closes (Unread says how much that is).
    /// </summary>
    public long ReadLimit { get; set; } = long.MaxValue;

    private long Allowed => ReadLimit == long.MaxValue ? long.MaxValue : ReadLimit - _pendingUnits;

    /// <summary>
    /// What closing now leaves unread: bytes still in the connections' sockets, characters of
    /// unfinished lines, and messages taken but not handed out.
    /// </summary>
    public (long Bytes, long Characters, int Messages) Unread
    {
        get
        {
            (long bytes, long characters) = _connections.Unread;
            return (bytes, characters, _pending.Count);
        }
    }

    /// <summary>Stream connections accepted so far.</summary>
    public long ConnectionsAccepted => _connections.Accepted;

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
    public int MaxLineLength
    {
        get => _connections.MaxLineLength;
        set => _connections.MaxLineLength = value;
    }

    /// <summary>How long a client may take none of its replies before it is disconnected (Reply).</summary>
    public TimeSpan SendTimeout
    {
        get => _connections.SendTimeout;
        set => _connections.SendTimeout = value;
    }

    /// <summary>Called, on the receiving thread, with each notice: accepting paused or capped, a client disconnected, descriptors closed.</summary>
    public Action<string>? Warning { get; set; }

    /// <summary>Times accepting paused because the process or the system was out of descriptors (EMFILE/ENFILE).</summary>
    public int AcceptPauses => _admission.Pauses;

    /// <summary>
    /// The only users whose clients (or datagrams) are taken, checked against the kernel's credentials
    /// (SO_PEERCRED, SCM_CREDENTIALS); null takes everyone the socket's mode lets in. The check that
    /// abstract names, which have no mode, need.
    /// </summary>
    public IReadOnlySet<uint>? AllowedUsers
    {
        get => _filter.AllowedUsers;
        set => _filter.AllowedUsers = value;
    }

    /// <summary>Connections and datagrams refused because their user is not in AllowedUsers.</summary>
    public long Refused => _filter.Refused;

    /// <summary>Descriptors that senders passed (SCM_RIGHTS) and this listener closed.</summary>
    public long DescriptorsClosed => _datagrams?.DescriptorsClosed ?? 0;

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

        _pendingUnits -= Units(message);
        return message;
    }

    /// <summary>
    /// Waits for one stream client (at most idleTimeout, then SocketTimeout) and moves what it sends,
    /// up to max bytes, into the file until it ends its stream (see UnixSocketConnection.CopyToFile).
    /// The file is created or emptied before the wait, so that the client never waits for that (the
    /// truncation of a large file takes a while). Other clients wait in the backlog and are refused
    /// when the listener closes.
    /// </summary>
    public IpcFileTransfer ReceiveToFile(string file, long max, TimeSpan? idleTimeout, CancellationToken cancellation)
    {
        using SafeFileDescriptor output = FileEnd.Create(file);
        Deadline deadline = Deadline.After(idleTimeout);
        while (_connections.Count == 0)
        {
            cancellation.ThrowIfCancellationRequested();
            if (deadline.HasPassed)
            {
                throw UnixSocketErrors.Timeout(Address.Display, "No client connected", idleTimeout!.Value.TotalSeconds).AsItemOnly();
            }

            int events = Interop.Poll.Wait(_binding.Descriptor, Interop.Poll.POLLIN, deadline.NextSliceMs(), out int errno);
            if (events < 0)
            {
                throw IpcErrors.Failed(IpcMechanism.Socket, ErrorIds.SocketAcceptFailed, errno, "poll", Address.Display, $"Cannot wait on the socket '{Address.Display}'");
            }

            if (events != 0)
            {
                _connections.AcceptOne();
            }
        }

        return _connections[0].CopyToFile(output, file, max, idleTimeout, cancellation);
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
            _connections.Drop(connection);
            throw UnixSocketErrors.PeerGone(Address.Display, Errno.EPIPE, connection.BytesSent);
        }
    }

    /// <summary>Sends the replies still held, waiting at most SendTimeout for clients that read slowly.</summary>
    public void FlushReplies(CancellationToken cancellation)
    {
        Deadline deadline = Deadline.After(SendTimeout);
        while (_connections.HoldReplies && !deadline.HasPassed)
        {
            cancellation.ThrowIfCancellationRequested();
            Poll(deadline.NextSliceMs(), readers: false);
        }
    }

    /// <summary>What a message counts against ReadLimit: its bytes with ReadMode Bytes on a stream, else 1.</summary>
    private long Units(UnixSocketMessage message) => ReadMode == UnixSocketReadMode.Bytes && !IsDatagram ? message.Length : 1;

    private void WaitAndRead(int timeoutMs)
    {
        _connections.Sweep();
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

        _pollSet[0] = _binding.Descriptor;
        _events[0] = readers && (IsDatagram || _connections.MayAccept) ? Interop.Poll.POLLIN : (short)0;
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
                _connections.SendHeld(connection, _ready[i]);
            }
            else if (_ready[i] != 0)
            {
                ReadConnection(connection);
            }
        }

        if (_ready[0] != 0)
        {
            if (_datagrams != null)
            {
                _pendingUnits += _datagrams.ReadWaiting(Allowed, _pending);
            }
            else
            {
                _connections.AcceptAll();
            }
        }
    }

    private void ReadConnection(UnixSocketConnection connection)
    {
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
            _hot = filled == chunk.Length || _hot;
            if (filled > 0)
            {
                Enqueue(connection, null, ByteChunks.Trim(chunk, filled));
            }
        }
        else
        {
            // One buffer for every connection: only what a connection has not finished (a partial line) stays with it.
            _lineBuffer ??= new byte[LineBufferSize];
            connection.ReadLines(_lines, _lineBuffer, (int)Math.Min(int.MaxValue, allowed));
            foreach (string line in _lines)
            {
                Enqueue(connection, line, null);
            }

            _lines.Clear();
            if (connection.LineTooLong)
            {
                (_, int held) = connection.Unread;
                Warning?.Invoke($"Client {connection.Id} on '{Address.Display}' (process {connection.Peer.Pid}) sent a line longer than -MaxLineLength ({MaxLineLength} characters): the lines before it were delivered, its connection was closed, and the {held} characters read of that line were dropped. Raise -MaxLineLength, or receive with -AsByteStream.");
            }
        }

        // Nothing of it is waiting: close now. Otherwise Sweep closes it once its last request is answered.
        _connections.DropIfDone(connection);
    }

    private void Enqueue(UnixSocketConnection connection, string? line, byte[]? body)
    {
        var message = new UnixSocketMessage(Address.Display, connection.Id, connection.Peer, line, body, _encoding) { ReplyTo = connection };
        connection.Undelivered++;
        _pending.Enqueue(message);
        _pendingUnits += Units(message);
    }

    /// <summary>Closes every connection and the socket, and removes the socket file if it is still the one this listener made.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _connections.Dispose();
        _binding.Dispose();
    }
}
