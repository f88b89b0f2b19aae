using PosixIpc.Sockets;

namespace PosixIpc.Commands;

[Cmdlet(VerbsCommunications.Receive, "UnixSocketMessage", DefaultParameterSetName = PathSet)]
[OutputType(typeof(UnixSocketMessage))]
[OutputType(typeof(PSObject))]
[OutputType(typeof(byte[]))]
[OutputType(typeof(IpcFileTransfer))]
public sealed class ReceiveUnixSocketMessageCommand : UnixSocketEndpointCommand
{
    private UnixSocketListener? _listener;

    /// <summary>Use a datagram socket (SOCK_DGRAM): each datagram is a message.</summary>
    [Parameter]
    public SwitchParameter Datagram { get; set; }

    /// <summary>Stop after this many messages (with -AsByteStream, bytes); without it, receive until Ctrl+C or -TimeoutSec.</summary>
    [Parameter]
    [ValidateRange(1, long.MaxValue)]
    public long Count { get; set; }

    /// <summary>Fail (SocketTimeout) when no message has come for this long.</summary>
    [Parameter]
    [ValidateRange(0, int.MaxValue)]
    public double TimeoutSec { get; set; }

    /// <summary>Turn each message, sent with Send-UnixSocketMessage -Serialize, back into the object.</summary>
    [Parameter]
    public SwitchParameter Deserialize { get; set; }

    /// <summary>Emit the bytes of stream connections as they come (byte[] chunks) instead of lines.</summary>
    [Parameter]
    public SwitchParameter AsByteStream { get; set; }

    /// <summary>With -AsByteStream: move the first client's bytes into this file (created or emptied) until it ends its stream, with splice(2), in the kernel.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? OutFile { get; set; }

    /// <summary>With -OutFile: emit what was moved (bytes, file, how).</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <summary>Replace a stale socket file (one nobody listens on). Never replaces anything else.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>The most stream clients connected at once; further clients wait in the backlog until one leaves.</summary>
    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int MaxConnections { get; set; } = UnixSocketListener.DefaultMaxConnections;

    /// <summary>The most characters a line from a client may have; a longer one closes that client with a warning.</summary>
    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int MaxLineLength { get; set; } = PosixIpc.Text.LineDecoder.DefaultMaxLineLength;

    /// <summary>Take clients (or datagrams) only from these users (names or uids), as the kernel reports them; the others are refused and counted.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? AllowUser { get; set; }

    /// <summary>Permissions of the socket file; connecting needs write permission.</summary>
    [Parameter]
    [UnixModeTransformation]
    public UnixFileMode Mode { get; set; } = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    protected override void ProcessRecord()
    {
        if (AsByteStream && (Deserialize || Datagram))
        {
            ThrowTerminatingError(new ErrorRecord(
                new ArgumentException("-AsByteStream reads the bytes of stream connections; it cannot go with -Deserialize or -Datagram."),
                ErrorIds.SocketAsByteStreamConflict, ErrorCategory.InvalidArgument, null));
        }

        if (OutFile != null && !AsByteStream)
        {
            ThrowTerminatingError(new ErrorRecord(
                new ArgumentException("-OutFile moves the bytes of a stream connection into a file; it needs -AsByteStream."),
                ErrorIds.SocketAsByteStreamConflict, ErrorCategory.InvalidArgument, OutFile));
        }

        UnixSocketAddress address = ResolveAddress();
        TimeSpan? timeout = BoundTimeout(TimeoutSec);
        IReadOnlySet<uint>? allowed = ResolveUsers(AllowUser);
        try
        {
            RunForCommand(() =>
            {
                _listener = new UnixSocketListener(UnixSocketBinding.Bind(address, Datagram, Force, Mode), Encoding);
                _listener.ReadMode = AsByteStream ? UnixSocketReadMode.Bytes : UnixSocketReadMode.Lines;
                _listener.MaxConnections = MaxConnections;
                _listener.MaxLineLength = MaxLineLength;
                _listener.AllowedUsers = allowed;
                _listener.Warning = WriteWarning;
                WriteVerbose(WaitNarration.Sentence($"for {(Datagram ? "datagrams" : "a connection")} on '{address}'", timeout));
                if (OutFile != null)
                {
                    IpcFileTransfer moved = _listener.ReceiveToFile(ResolveNewPath(OutFile), Count > 0 ? Count : long.MaxValue, timeout, StopToken);
                    if (PassThru)
                    {
                        WriteObject(moved);
                    }

                    return;
                }

                long remaining = Count > 0 ? Count : long.MaxValue;
                while (remaining > 0)
                {
                    // Nothing beyond what -Count will emit is taken from the clients' sockets.
                    _listener.ReadLimit = Count > 0 ? remaining : long.MaxValue;
                    UnixSocketMessage message = _listener.Receive(timeout, StopToken);
                    if (AsByteStream)
                    {
                        // -Count is bytes here, as with Read-IpcFifo -AsByteStream.
                        byte[] body = message.Body;
                        if (body.Length > remaining)
                        {
                            body = body.AsSpan(0, (int)remaining).ToArray();
                        }

                        remaining -= body.Length;
                        WriteObject(body);
                        continue;
                    }

                    remaining--;
                    if (Deserialize)
                    {
                        WriteDeserialized(message);
                    }
                    else
                    {
                        WriteObject(message);
                    }
                }
            });
        }
        finally
        {
            ReportRefused(_listener);
            if (_listener != null && !Stopping)
            {
                WarnIfUnread(_listener);
            }

            _listener?.Dispose();
            _listener = null;
        }
    }

    /// <summary>Says how much closing the socket discards: what clients sent after the messages this command emitted.</summary>
    private void WarnIfUnread(UnixSocketListener listener)
    {
        (long bytes, long characters, int messages) = listener.Unread;
        if (bytes > 0 || characters > 0 || messages > 0)
        {
            WriteWarning($"Closing the socket '{listener.Address.Display}' discards what its clients sent and this command did not emit: {bytes} bytes not read, {characters} characters of unfinished lines, {messages} messages read and not emitted. A stream socket cannot keep data for the next receiver; have the sender send only what the receiver's -Count takes, or receive without -Count.");
        }
    }

    protected override void Dispose(bool disposing) => _listener?.Dispose();
}
