using System;
using System.Buffers;
using System.Collections;
using System.Diagnostics;
using System.Globalization;
using System.Management.Automation;
using PosixIpc.Sockets;

namespace PosixIpc.Commands;

[Cmdlet(VerbsCommunications.Send, "UnixSocketMessage", DefaultParameterSetName = PathSet)]
[OutputType(typeof(UnixSocketSendResult))]
public sealed class SendUnixSocketMessageCommand : UnixSocketEndpointCommand
{
    /// <summary>A sender connects to a socket that exists: -Path wildcards may pick it.</summary>
    protected override bool PathNamesExisting => true;

    private UnixSocketConnection? _connection;
    private Stopwatch? _clock;
    private TimeSpan? _timeout;
    private long _messages;

    /// <summary>The message: text is sent as a line (a datagram with -Datagram), a byte[] as its bytes exactly.</summary>
    /// <summary>Send only if the receiver runs as this user (a name or uid), as the kernel reports it (SO_PEERCRED); else SocketPeerUserMismatch before anything is sent.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? PeerUser { get; set; }

    [Parameter(Mandatory = true, Position = 1, ValueFromPipeline = true)]
    [AllowNull]
    [AllowEmptyString]
    public object? Value { get; set; }

    /// <summary>Send to a datagram socket (SOCK_DGRAM): each item is one datagram.</summary>
    [Parameter]
    public SwitchParameter Datagram { get; set; }

    /// <summary>Send each object as CliXml on one line, for Receive-UnixSocketMessage -Deserialize.</summary>
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
            _connection = UnixSocketClient.Connect(address, Datagram, _timeout, Encoding, StopToken, PeerUser == null ? null : ResolveUser(PeerUser));
            _clock = Stopwatch.StartNew();
        });
    }

    protected override void ProcessRecord()
    {
        // A datagram too large is that message's error (its Scope is Item); anything else ends the command.
        RunForCommand(() =>
        {
            object? bare = Value is PSObject wrapped ? wrapped.BaseObject : Value;
            if (bare is IEnumerable many and not string and not byte[] and not IDictionary)
            {
                foreach (object? item in many)
                {
                    SendOne(item);
                }
            }
            else
            {
                SendOne(Value);
            }
        });
    }

    private void SendOne(object? item)
    {
        UnixSocketConnection connection = _connection!;
        object? bare = item is PSObject wrapped ? wrapped.BaseObject : item;
        if (bare is byte[] bytes && !Serialize)
        {
            connection.Send(bytes, _timeout, StopToken);
            _messages++;
            return;
        }

        string text = Serialize
            ? SerializeOneLine(item, Depth)
            : bare switch
            {
                null => string.Empty,
                string s => s,
                int i => i.ToString(CultureInfo.InvariantCulture),
                long l => l.ToString(CultureInfo.InvariantCulture),
                _ => LanguagePrimitives.ConvertTo<string>(item),
            };

        // A stream carries lines; a datagram is its own frame and goes without a line feed.
        int max = Encoding.GetMaxByteCount(text.Length + 1);
        byte[] buffer = ArrayPool<byte>.Shared.Rent(max);
        try
        {
            int length = Encoding.GetBytes(text, buffer);
            if (!Datagram)
            {
                length += Encoding.GetBytes("\n", buffer.AsSpan(length));
            }

            connection.Send(buffer.AsSpan(0, length), _timeout, StopToken);
            _messages++;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

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
