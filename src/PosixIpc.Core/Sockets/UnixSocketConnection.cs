using System.Diagnostics;
using System.Text;
using PosixIpc.Interop;
using PosixIpc.Text;

namespace PosixIpc.Sockets;

/// <summary>
/// One connected socket descriptor, either end: sends everything it is given (waiting in short
/// slices while the peer's buffer is full), reads lines or chunks, and knows its peer's credentials.
/// </summary>
public sealed class UnixSocketConnection : IDisposable
{
    private readonly SafeFileDescriptor _fd;
    private readonly LineDecoder _decoder;
    private readonly List<string> _lines = new();
    private readonly int _bufferSize;
    private readonly byte[] _newline;
    private byte[]? _buffer;
    private int _nextLine;

    /// <summary>A connection a listener accepted reads into the listener's one buffer (bufferSize 0); a client has its own.</summary>
    internal UnixSocketConnection(SafeFileDescriptor fd, string display, long id, bool datagram, Encoding encoding, int bufferSize = 64 * 1024, int maxLineLength = LineDecoder.DefaultMaxLineLength)
    {
        _fd = fd;
        Display = display;
        Id = id;
        IsDatagram = datagram;
        Encoding = encoding;
        _decoder = new LineDecoder(encoding, maxLineLength);
        _bufferSize = bufferSize;
        _newline = encoding.GetBytes("\n");
        if (!datagram && Socket.GetPeerCredentials(fd, out PeerCredentials peer, out _))
        {
            Peer = peer;
        }
    }

    /// <summary>The socket's path, or "@name".</summary>
    public string Display { get; }

    public long Id { get; }

    public bool IsDatagram { get; }

    public Encoding Encoding { get; }

    /// <summary>The process at the other end (for a client: the receiver).</summary>
    internal PeerCredentials Peer { get; }

    public int PeerPid => Peer.Pid;

    public long BytesSent { get; private set; }

    public long BytesReceived { get; private set; }

    /// <summary>The other side has closed its end (the stream has ended).</summary>
    public bool AtEnd { get; private set; }

    internal SafeFileDescriptor Descriptor => _fd;

    /// <summary>Replies a listener holds for this client until its socket takes them (see UnixSocketListener.Reply).</summary>
    internal ReplyOutbox Outbox { get; } = new();

    /// <summary>Messages read from this connection that the listener has not handed out yet.</summary>
    internal int Undelivered { get; set; }

    /// <summary>
    /// Sends all the bytes (a datagram: as one datagram). Waits while the peer's buffer is full,
    /// at most idleTimeout without progress; a peer that has gone is SocketPeerGone.
    /// </summary>
    public void Send(ReadOnlySpan<byte> data, TimeSpan? idleTimeout, CancellationToken cancellation)
    {
        if (_fd.IsClosed)
        {
            // The listener has closed it (the client left, or was disconnected): not an ObjectDisposedException.
            throw UnixSocketErrors.PeerGone(Display, Errno.EPIPE, BytesSent);
        }

        Deadline deadline = Deadline.After(idleTimeout);
        while (true)
        {
            int n = Socket.Send(_fd, data, out int errno);
            if (n >= 0)
            {
                BytesSent += n;
                if (IsDatagram || n == data.Length)
                {
                    return;
                }

                data = data.Slice(n);
                deadline = Deadline.After(idleTimeout);
                continue;
            }

            switch (errno)
            {
                case Errno.EAGAIN:
                    WaitWritable(ref deadline, idleTimeout, cancellation);
                    continue;
                case Errno.EPIPE or Errno.ECONNRESET or Errno.ENOTCONN or Errno.ECONNREFUSED:
                    throw UnixSocketErrors.PeerGone(Display, errno, BytesSent);
                case Errno.EMSGSIZE:
                    throw UnixSocketErrors.TooLarge(Display, data.Length);
                default:
                    throw IpcErrors.Failed(IpcMechanism.Socket, ErrorIds.SocketSendFailed, errno, "send", Display, $"Cannot send to the socket '{Display}'");
            }
        }
    }

    /// <summary>
    /// Moves what the peer sends, up to max bytes, into the file (open for writing as output) until
    /// the peer ends its stream: socket to a pipe to the file with splice(2), in the kernel, or with
    /// recv and write where the kernel cannot. No data for idleTimeout is SocketTimeout; what was
    /// moved is in the file.
    /// </summary>
    internal IpcFileTransfer CopyToFile(SafeFileDescriptor output, string file, long max, TimeSpan? idleTimeout, CancellationToken cancellation)
    {
        var clock = Stopwatch.StartNew();
        if (!Unistd.Pipe(nonBlocking: false, out int readEnd, out int writeEnd, out int errno))
        {
            throw IpcErrors.Failed(IpcMechanism.Socket, ErrorIds.SocketReceiveFailed, errno, "pipe2", Display, "Cannot make the pipe that splices the socket into the file");
        }

        using var pipeOut = new SafeFileDescriptor(readEnd);
        using var pipeIn = new SafeFileDescriptor(writeEnd);
        Fcntl.SetPipeSize(pipeIn, FileEnd.Piece);
        bool kernel = true;
        byte[]? buffer = null;
        long moved = 0;
        Deadline deadline = Deadline.After(idleTimeout);
        while (moved < max && !AtEnd)
        {
            int want = (int)Math.Min(FileEnd.Piece, max - moved);
            long n;
            if (kernel)
            {
                n = Fcntl.Splice(_fd, pipeIn, want, out errno);
                if (n == 0 || (n < 0 && errno is Errno.ECONNRESET or Errno.ENOTCONN))
                {
                    AtEnd = true;
                    break;
                }

                if (n < 0 && errno == Errno.EINVAL)
                {
                    kernel = false;
                    continue;
                }

                if (n < 0 && errno != Errno.EAGAIN)
                {
                    throw IpcErrors.Failed(IpcMechanism.Socket, ErrorIds.SocketReceiveFailed, errno, "splice", Display, $"Cannot read from the socket '{Display}'");
                }

                for (long left = Math.Max(0, n); left > 0;)
                {
                    long m = Fcntl.Splice(pipeOut, output, left, out errno);
                    if (m <= 0)
                    {
                        throw FileEnd.MoveFailed(intoFile: true, m == 0 ? Errno.EIO : errno, "splice", Display, file);
                    }

                    left -= m;
                }
            }
            else
            {
                buffer ??= new byte[FileEnd.Piece];
                n = Math.Max(0, ReadAvailable(buffer.AsSpan(0, want)));
                FileEnd.WriteAll(output, buffer.AsSpan(0, (int)n), file);
                if (AtEnd)
                {
                    break;
                }
            }

            if (n > 0)
            {
                moved += n;
                if (kernel)
                {
                    BytesReceived += n;
                }

                deadline = Deadline.After(idleTimeout);
                continue;
            }

            cancellation.ThrowIfCancellationRequested();
            if (deadline.HasPassed)
            {
                throw UnixSocketErrors.Timeout(Display, $"The client sent nothing for a while ({moved} bytes moved into '{file}' before)", idleTimeout!.Value.TotalSeconds);
            }

            if (Poll.Wait(_fd, Poll.POLLIN, deadline.NextSliceMs(), out errno) < 0)
            {
                throw IpcErrors.Failed(IpcMechanism.Socket, ErrorIds.SocketReceiveFailed, errno, "poll", Display, $"Cannot wait on the socket '{Display}'");
            }
        }

        return new IpcFileTransfer(file, Display, moved, clock.Elapsed, kernel ? "splice" : "read/write");
    }

    private void WaitWritable(ref Deadline deadline, TimeSpan? idleTimeout, CancellationToken cancellation)
    {
        while (true)
        {
            cancellation.ThrowIfCancellationRequested();
            if (deadline.HasPassed)
            {
                throw UnixSocketErrors.Timeout(Display, $"The other side took nothing for a while ({BytesSent} bytes sent before)", idleTimeout!.Value.TotalSeconds);
            }

            int events = Poll.Wait(_fd, Poll.POLLOUT, deadline.NextSliceMs(), out int errno);
            if (events < 0)
            {
                throw IpcErrors.Failed(IpcMechanism.Socket, ErrorIds.SocketSendFailed, errno, "poll", Display, $"Cannot wait on the socket '{Display}'");
            }

            if ((events & Poll.POLLOUT) != 0 || (events & Poll.POLLERR) != 0 || (events & Poll.POLLHUP) != 0)
            {
                return;
            }
        }
    }

    /// <summary>Tells the peer that nothing more will be sent (it reads the end of the stream); replies can still be read.</summary>
    public void EndSending() => Socket.ShutdownWrite(_fd);

    /// <summary>
    /// Reads what is there into the buffer without waiting: the bytes read, 0 when nothing is
    /// waiting, -1 once the stream has ended (or the peer reset it).
    /// </summary>
    internal int ReadAvailable(Span<byte> buffer)
    {
        if (AtEnd)
        {
            return -1;
        }

        int n = Socket.Receive(_fd, buffer, out int errno);
        if (n > 0)
        {
            BytesReceived += n;
            return n;
        }

        if (n == 0 || errno is Errno.ECONNRESET or Errno.ENOTCONN)
        {
            AtEnd = true;
            return -1;
        }

        if (errno == Errno.EAGAIN)
        {
            return 0;
        }

        throw IpcErrors.Failed(IpcMechanism.Socket, ErrorIds.SocketReceiveFailed, errno, "recv", Display, $"Cannot read from the socket '{Display}'");
    }

    /// <summary>
    /// Fills the chunk with what the socket holds and what comes within ByteChunks.GatherMs (a fast
    /// stream goes out in whole chunks), never waiting longer: the bytes read, 0 when none were there.
    /// </summary>
    internal int ReadChunk(byte[] chunk)
    {
        int filled = 0;
        long until = 0;
        while (filled < chunk.Length)
        {
            int n = ReadAvailable(chunk.AsSpan(filled));
            if (n > 0)
            {
                filled += n;
                continue;
            }

            if (n < 0 || filled == 0)
            {
                break;
            }

            until = until == 0 ? ByteChunks.GatherUntil() : until;
            int leftMs = ByteChunks.GatherLeftMs(until);
            int events = leftMs == 0 ? 0 : Poll.Wait(_fd, Poll.POLLIN, leftMs, out _);
            if (events <= 0 || (events & Poll.POLLIN) == 0)
            {
                break;
            }
        }

        return filled;
    }

    /// <summary>
    /// Sends what the socket takes now without waiting: the bytes taken (0 when its buffer is full), or
    /// -1 when the peer has gone.
    /// </summary>
    internal int SendAvailable(ReadOnlySpan<byte> data)
    {
        if (_fd.IsClosed)
        {
            return -1;
        }

        int n = Socket.Send(_fd, data, out int errno);
        if (n >= 0)
        {
            BytesSent += n;
            return n;
        }

        return errno == Errno.EAGAIN ? 0 : -1;
    }

    /// <summary>
    /// Reads what is waiting and decodes it into lines; at the end, the last unfinished line too.
    /// False once at the end. With maxLines, it takes out of the socket no more than the bytes of
    /// that many lines (it looks first with MSG_PEEK), so the rest stays for whoever reads next.
    /// Unlike a FIFO's reader it does not hold to LineDecoder.Window: a line past the maximum closes
    /// the connection, so nothing of it could go to a next reader, and a close that leaves bytes
    /// unread resets the client (ECONNRESET) instead of ending its stream.
    /// </summary>
    internal bool ReadLines(List<string> lines, int maxLines = int.MaxValue) => ReadLines(lines, _buffer ??= new byte[_bufferSize], maxLines);

    /// <summary>As ReadLines, reading through the caller's buffer (a listener's, shared by all its connections).</summary>
    internal bool ReadLines(List<string> lines, Span<byte> buffer, int maxLines = int.MaxValue)
    {
        int take = buffer.Length;
        if (maxLines != int.MaxValue && !AtEnd)
        {
            int peeked = Socket.Receive(_fd, buffer, out _, peek: true);
            if (peeked > 0)
            {
                take = LineDecoder.LineBytes(buffer.Slice(0, peeked), maxLines, _newline);
            }
        }

        if (_decoder.Overlong)
        {
            return false;
        }

        int n = ReadAvailable(buffer.Slice(0, take));
        if (n > 0)
        {
            _decoder.Decode(buffer.Slice(0, n), lines);
            return !_decoder.Overlong;
        }

        if (n < 0)
        {
            _decoder.Finish(lines);
            return false;
        }

        return true;
    }

    /// <summary>The peer sent a line longer than the maximum: the lines before it were decoded, the connection reads no more.</summary>
    internal bool LineTooLong => _decoder.Overlong;

    /// <summary>Nothing more is read from it: the peer has finished sending, or sent a line too long.</summary>
    internal bool ReadsNoMore => AtEnd || LineTooLong;

    /// <summary>What is left unread when the connection closes now: bytes in the socket, and characters of an unfinished line.</summary>
    internal (int Bytes, int Characters) Unread => (AtEnd ? 0 : Socket.BytesWaiting(_fd), _decoder.PendingLength);

    /// <summary>
    /// The next line from the peer, waiting at most timeout for it (SocketTimeout), or null when
    /// the peer has closed its end.
    /// </summary>
    public string? ReadLine(TimeSpan? timeout, CancellationToken cancellation)
    {
        Deadline deadline = Deadline.After(timeout);
        while (true)
        {
            if (_nextLine < _lines.Count)
            {
                string line = _lines[_nextLine++];
                if (_nextLine == _lines.Count)
                {
                    _lines.Clear();
                    _nextLine = 0;
                }

                return line;
            }

            if (AtEnd)
            {
                return null;
            }

            if (ReadLines(_lines) && _lines.Count > 0)
            {
                continue;
            }

            if (AtEnd)
            {
                continue;
            }

            cancellation.ThrowIfCancellationRequested();
            if (deadline.HasPassed)
            {
                throw UnixSocketErrors.Timeout(Display, "No reply came", timeout!.Value.TotalSeconds);
            }

            int events = Poll.Wait(_fd, Poll.POLLIN, deadline.NextSliceMs(), out int errno);
            if (events < 0)
            {
                throw IpcErrors.Failed(IpcMechanism.Socket, ErrorIds.SocketReceiveFailed, errno, "poll", Display, $"Cannot wait on the socket '{Display}'");
            }
        }
    }

    public void Dispose() => _fd.Dispose();
}
