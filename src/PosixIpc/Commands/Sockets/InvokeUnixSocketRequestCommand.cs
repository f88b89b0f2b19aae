using PosixIpc.Sockets;

namespace PosixIpc.Commands;

[Cmdlet(VerbsLifecycle.Invoke, "UnixSocketRequest", DefaultParameterSetName = PathSet)]
[OutputType(typeof(string))]
public sealed class InvokeUnixSocketRequestCommand : UnixSocketEndpointCommand
{
    /// <summary>A sender connects to a socket that exists: -Path wildcards may pick it.</summary>
    protected override bool PathNamesExisting => true;

    private UnixSocketConnection? _connection;
    private TimeSpan? _timeout;

    /// <summary>The request, sent as one line.</summary>
    /// <summary>Send only if the receiver runs as this user (a name or uid), as the kernel reports it (SO_PEERCRED); else SocketPeerUserMismatch before anything is sent.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? PeerUser { get; set; }

    [Parameter(Mandatory = true, Position = 1, ValueFromPipeline = true)]
    [AllowEmptyString]
    public string Request { get; set; } = null!;

    /// <summary>How many reply lines to read for each request.</summary>
    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int ReplyLineCount { get; set; } = 1;

    /// <summary>Send every request, close the sending side, and read reply lines until the server closes the connection.</summary>
    [Parameter]
    public SwitchParameter ReadToEnd { get; set; }

    /// <summary>How long to wait for the connection and for each reply line (SocketTimeout).</summary>
    [Parameter]
    [ValidateRange(0, int.MaxValue)]
    public double TimeoutSec { get; set; }

    protected override void BeginProcessing()
    {
        UnixSocketAddress address = ResolveAddress();
        _timeout = BoundTimeout(TimeoutSec);
        Run(() => _connection = UnixSocketClient.Connect(address, datagram: false, _timeout, Encoding, StopToken, PeerUser == null ? null : ResolveUser(PeerUser)));
    }

    protected override void ProcessRecord()
    {
        Run(() =>
        {
            _connection!.Send(Encoding.GetBytes(Request + "\n"), _timeout, StopToken);
            if (ReadToEnd)
            {
                return;
            }

            for (int i = 0; i < ReplyLineCount; i++)
            {
                string? line = _connection.ReadLine(_timeout, StopToken);
                if (line == null)
                {
                    throw UnixSocketErrors.PeerGone(_connection.Display, UnixSocketErrors.ConnectionReset, _connection.BytesSent);
                }

                WriteObject(line);
            }
        });
    }

    protected override void EndProcessing()
    {
        if (_connection == null)
        {
            return;
        }

        Run(() =>
        {
            if (ReadToEnd)
            {
                _connection.EndSending();
                string? line;
                while ((line = _connection.ReadLine(_timeout, StopToken)) != null)
                {
                    WriteObject(line);
                }
            }

            _connection.Dispose();
        });
    }

    private void Run(Action action)
    {
        RunForCommand(() =>
        {
            action();
        });
    }

    protected override void Dispose(bool disposing) => _connection?.Dispose();
}
