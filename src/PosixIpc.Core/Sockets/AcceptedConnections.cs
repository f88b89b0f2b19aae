using System.Text;
using PosixIpc.Interop;

namespace PosixIpc.Sockets;

/// <summary>
/// The stream clients a listener has accepted, and their lifetime: taken from the backlog while
/// the admission and the user filter allow, closed when dropped, or once a client has ended and all
/// it sent has been handed out and answered.
/// </summary>
internal sealed class AcceptedConnections : IDisposable
{
    private readonly List<UnixSocketConnection> _open = new();
    private readonly UnixSocketBinding _binding;
    private readonly ConnectionAdmission _admission;
    private readonly PeerFilter _filter;
    private readonly Encoding _encoding;
    private readonly Action<string> _warn;

    public AcceptedConnections(UnixSocketBinding binding, ConnectionAdmission admission, PeerFilter filter, Encoding encoding, Action<string> warn)
    {
        _binding = binding;
        _admission = admission;
        _filter = filter;
        _encoding = encoding;
        _warn = warn;
    }

    public int MaxLineLength { get; set; } = Text.LineDecoder.DefaultMaxLineLength;

    /// <summary>How long a client may take none of its replies before it is disconnected.</summary>
    public TimeSpan SendTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Connections accepted so far (the last one's Id).</summary>
    public long Accepted { get; private set; }

    public int Count => _open.Count;

    /// <summary>The connections in the order they came.</summary>
    public UnixSocketConnection this[int index] => _open[index];

    /// <summary>Whether the listening socket is to be watched for new clients now.</summary>
    public bool MayAccept => _admission.MayAccept(_open.Count);

    public bool HoldReplies => _open.Exists(c => !c.Outbox.IsEmpty);

    /// <summary>Bytes still in the sockets and characters of unfinished lines: what closing now leaves unread.</summary>
    public (long Bytes, long Characters) Unread
    {
        get
        {
            long bytes = 0, characters = 0;
            foreach (UnixSocketConnection connection in _open)
            {
                (int b, int c) = connection.Unread;
                bytes += b;
                characters += c;
            }

            return (bytes, characters);
        }
    }

    public void AcceptAll()
    {
        while (MayAccept && AcceptOne())
        {
        }
    }

    /// <summary>Accepts the next client in the backlog, if it is allowed; false when nobody more is waiting (or no descriptor is left).</summary>
    public bool AcceptOne()
    {
        string display = _binding.Address.Display;
        SafeFileDescriptor? client = Socket.Accept(_binding.Descriptor, out int errno);
        if (client == null)
        {
            if (errno is Errno.EAGAIN or Errno.ECONNRESET or 103 /* ECONNABORTED */)
            {
                return false;
            }

            if (errno is Errno.EMFILE or Errno.ENFILE)
            {
                // Out of descriptors: leave the client in the backlog, serve who is connected.
                _admission.OutOfDescriptors(_open.Count, systemWide: errno == Errno.ENFILE);
                return false;
            }

            throw IpcErrors.Failed(IpcMechanism.Socket, ErrorIds.SocketAcceptFailed, errno, "accept4", display, $"Cannot accept a client on the socket '{display}'");
        }

        var connection = new UnixSocketConnection(client, display, Accepted + 1, datagram: false, _encoding, bufferSize: 0, MaxLineLength);
        if (!_filter.Allows(connection.Peer, datagram: false))
        {
            connection.Dispose();
            return true;
        }

        Accepted++;
        _open.Add(connection);
        return true;
    }

    /// <summary>Sends a client's held replies as its socket takes them; drops it when it has gone or took nothing for SendTimeout.</summary>
    public void SendHeld(UnixSocketConnection connection, short ready)
    {
        if (ready != 0 && !connection.Outbox.Flush(connection))
        {
            Drop(connection);
            return;
        }

        if (connection.Outbox.Stalled > SendTimeout)
        {
            _warn($"Client {connection.Id} (process {connection.PeerPid}) of '{_binding.Address.Display}' took none of its replies for {SendTimeout.TotalSeconds:0.###} s; it was disconnected, the other clients are served.");
            Drop(connection);
        }
    }

    /// <summary>Closes a connection; messages it sent that were not handed out yet still are, their replies fail.</summary>
    public void Drop(UnixSocketConnection connection)
    {
        _open.Remove(connection);
        connection.Dispose();
    }

    /// <summary>Drops the connection if its client has ended and nothing of it is waiting (no message to hand out, no reply to send).</summary>
    public bool DropIfDone(UnixSocketConnection connection)
    {
        if (!connection.ReadsNoMore || connection.Undelivered != 0 || !connection.Outbox.IsEmpty)
        {
            return false;
        }

        Drop(connection);
        return true;
    }

    /// <summary>Closes the connections whose client has ended, once all they sent is handed out and all their replies have gone.</summary>
    public void Sweep()
    {
        for (int i = _open.Count - 1; i >= 0; i--)
        {
            DropIfDone(_open[i]);
        }
    }

    public void Dispose()
    {
        foreach (UnixSocketConnection connection in _open)
        {
            connection.Dispose();
        }

        _open.Clear();
    }
}
