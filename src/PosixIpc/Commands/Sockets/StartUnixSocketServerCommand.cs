using System.Collections.ObjectModel;
using System.Text;
using PosixIpc.Sockets;

namespace PosixIpc.Commands;

[Cmdlet(VerbsLifecycle.Start, "UnixSocketServer", DefaultParameterSetName = PathSet)]
[OutputType(typeof(UnixSocketMessage))]
public sealed class StartUnixSocketServerCommand : UnixSocketEndpointCommand
{
    private UnixSocketListener? _listener;

    /// <summary>Runs for each request line, with the line as $_ and the whole message as $Request; its output is the reply.</summary>
    [Parameter(Mandatory = true, Position = 1)]
    public ScriptBlock ScriptBlock { get; set; } = null!;

    /// <summary>Stop after serving this many requests; without it, serve until Ctrl+C or -TimeoutSec.</summary>
    [Parameter]
    [ValidateRange(1, long.MaxValue)]
    public long Count { get; set; }

    /// <summary>Stop (SocketTimeout) when no request has come for this long.</summary>
    [Parameter]
    [ValidateRange(0, int.MaxValue)]
    public double TimeoutSec { get; set; }

    /// <summary>Replace a stale socket file (one nobody listens on). Never replaces anything else.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>Take clients (or datagrams) only from these users (names or uids), as the kernel reports them; the others are refused and counted.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? AllowUser { get; set; }

    /// <summary>Permissions of the socket file; connecting needs write permission.</summary>
    [Parameter]
    [UnixModeTransformation]
    public UnixFileMode Mode { get; set; } = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>The most clients connected at once; further clients wait in the backlog until one leaves.</summary>
    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int MaxConnections { get; set; } = UnixSocketListener.DefaultMaxConnections;

    /// <summary>The most characters a line from a client may have; a longer one closes that client with a warning.</summary>
    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int MaxLineLength { get; set; } = PosixIpc.Text.LineDecoder.DefaultMaxLineLength;

    /// <summary>How long a client may take none of its replies before it is disconnected (the others are served meanwhile).</summary>
    [Parameter]
    [ValidateRange(0.001, int.MaxValue)]
    public double SendTimeoutSec { get; set; } = 5;

    /// <summary>Emit each request served.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        UnixSocketAddress address = ResolveAddress();
        TimeSpan? timeout = BoundTimeout(TimeoutSec);
        IReadOnlySet<uint>? allowed = ResolveUsers(AllowUser);
        try
        {
            RunForCommand(() =>
            {
                _listener = new UnixSocketListener(UnixSocketBinding.Bind(address, datagram: false, Force, Mode), Encoding);
                _listener.MaxConnections = MaxConnections;
                _listener.MaxLineLength = MaxLineLength;
                _listener.AllowedUsers = allowed;
                _listener.SendTimeout = TimeSpan.FromSeconds(SendTimeoutSec);
                _listener.Warning = WriteWarning;
                for (long served = 0; Count == 0 || served < Count; served++)
                {
                    UnixSocketMessage request = _listener.Receive(timeout, StopToken);
                    string reply = Answer(request);
                    // Never waits: a client that went without its reply is its own error, one that reads
                    // slowly holds up only itself; the others are still served.
                    RunForItem(() => _listener.Reply(request, Encoding.GetBytes(reply)));

                    if (PassThru)
                    {
                        WriteObject(request);
                    }
                }

                _listener.FlushReplies(StopToken);
            });
        }
        finally
        {
            ReportRefused(_listener);
            _listener?.Dispose();
            _listener = null;
        }
    }

    /// <summary>The script block's output, one line per object; an empty line when it has none, so that a client always gets a reply.</summary>
    private string Answer(UnixSocketMessage request)
    {
        Collection<PSObject> output;
        try
        {
            var variables = new List<PSVariable> { new("_", request.Text), new("Request", request) };
            output = ScriptBlock.InvokeWithContext(null, variables);
        }
        catch (RuntimeException e)
        {
            WriteError(new ErrorRecord(e.ErrorRecord.Exception, ErrorIds.SocketRequestFailed, ErrorCategory.NotSpecified, request)
            {
                ErrorDetails = new ErrorDetails($"The script block failed for the request '{request.Text}' from process {request.Pid}: {e.Message} The client got an empty reply."),
            });
            return "\n";
        }

        if (output.Count == 0)
        {
            return "\n";
        }

        var reply = new StringBuilder();
        foreach (PSObject item in output)
        {
            string line = item?.BaseObject is string s ? s : LanguagePrimitives.ConvertTo<string>(item);
            reply.Append(line.Replace("\r\n", "\n").Replace('\n', ' ')).Append('\n');
        }

        return reply.ToString();
    }

    protected override void Dispose(bool disposing) => _listener?.Dispose();
}
