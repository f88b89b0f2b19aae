using System.Collections;
using System.Diagnostics;
using PosixIpc.Sockets;
using PosixIpc.Text;

namespace PosixIpc.Commands;

[Cmdlet(VerbsCommunications.Send, "UnixSocketMessage", DefaultParameterSetName = PathSet)]
[OutputType(typeof(UnixSocketSendResult))]
public sealed class SendUnixSocketMessageCommand : UnixSocketEndpointCommand
{
    /// <summary>A sender connects to a socket that exists: -Path wildcards may pick it.</summary>
    protected override bool PathNamesExisting => true;

    private UnixSocketConnection? _connection;
    private MessageEncoder? _encoder;
    private Stopwatch? _clock;
    private TimeSpan? _timeout;
    private long _messages;

    /// <summary>Send only if the receiver runs as this user (a name or uid), as the kernel reports it (SO_PEERCRED); else SocketPeerUserMismatch before anything is sent.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? PeerUser { get; set; }

    /// <summary>The message: text is sent as a line (a datagram with -Datagram), a byte[] as its bytes exactly.</summary>
    [Parameter(Mandatory = true, Position = 1, ValueFromPipeline = true)]
    [AllowNull]
    [AllowEmptyString]
    public object? Value { get; set; }

    /// <summary>Send to a datagram socket (SOCK_DGRAM): each item is one datagram.</summary>
    [Parameter]
    public SwitchParameter Datagram { get; set; }

    /// <summary>Send each object as CliXml on one line, for Receive-UnixSocketMessage -Deserialize; serializing stops at the most one message may take (SocketMessageTooLarge).</summary>
    [Parameter]
    public SwitchParameter Serialize { get; set; }

    /// <summary>How deep -Serialize goes into properties that are objects themselves.</summary>
    [Parameter]
    [ValidateRange(0, 100)]
    public int Depth { get; set; } = 2;

    /// <summary>How long to wait for the receiver to accept the connection and to take more data.</summary>
    [Parameter]
    [ValidateRange(0, int.MaxValue)]
    public double TimeoutSec { get; set; }

    /// <summary>Emit a summary: messages, bytes, time taken.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void BeginProcessing()
    {
        UnixSocketAddress address = ResolveAddress();
        _timeout = BoundTimeout(TimeoutSec);
        RunForCommand(() =>
        {
            UnixSocketConnection connection = UnixSocketClient.Connect(address, Datagram, _timeout, Encoding, StopToken, PeerUser == null ? null : ResolveUser(PeerUser));
            _connection = connection;
            // A datagram is at most what a sender can queue; a stream has no limit, but one serialized
            // object is one line, at most what the module's line readers take by default.
            int maxBytes = Datagram ? DatagramReceiver.MaxDatagram : int.MaxValue;
            int maxSerialized = Datagram ? DatagramReceiver.MaxDatagram : LineDecoder.DefaultMaxLineLength;
            _encoder = new MessageEncoder(Encoding, maxBytes, maxSerialized, Serialize, Depth, terminator: Datagram ? "" : "\n",
                (item, length) => length is { } n
                    ? UnixSocketErrors.TooLarge(connection.Display, (int)Math.Min(n, int.MaxValue))
                    : UnixSocketErrors.SerializedTooLarge(connection.Display, Datagram, maxSerialized, item));
            _clock = Stopwatch.StartNew();
        });
    }

    protected override void ProcessRecord()
    {
        if (!MessageEncoder.IsCollection(Value, out IEnumerable items))
        {
            SendItem(Value);
            return;
        }

        foreach (object? item in items)
        {
            SendItem(item);
        }
    }

    /// <summary>A message too large is that item's error (its Scope is Item); anything else ends the command.</summary>
    private void SendItem(object? item) => RunForCommand(() =>
    {
        _connection!.Send(_encoder!.Encode(item).Span, _timeout, StopToken);
        _messages++;
    });

    protected override void EndProcessing()
    {
        if (_connection == null)
        {
            return;
        }

        _connection.Dispose();
        if (PassThru)
        {
            WriteObject(new UnixSocketSendResult(_connection.Display, _connection.PeerPid, _messages, _connection.BytesSent, _clock!.Elapsed));
        }
    }

    protected override void Dispose(bool disposing) => _connection?.Dispose();
}
