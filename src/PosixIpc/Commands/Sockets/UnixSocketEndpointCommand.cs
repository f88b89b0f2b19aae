using System.Text;
using PosixIpc.Sockets;

namespace PosixIpc.Commands;

/// <summary>
/// What the cmdlets that talk through one Unix socket share: the socket as -Path (a file) or
/// -Abstract (a name in Linux's abstract namespace), and -Encoding for text.
/// </summary>
public abstract class UnixSocketEndpointCommand : PosixIpcCmdlet
{
    protected const string AbstractSet = "Abstract";

    /// <summary>The socket file.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet)]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = null!;

    /// <summary>The socket file exactly as given (no wildcards).</summary>
    [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet)]
    [Alias("PSPath", "LP")]
    [ValidateNotNullOrEmpty]
    public string LiteralPath { get; set; } = null!;

    /// <summary>A name in the abstract namespace (no file); a leading "@" is dropped.</summary>
    [Parameter(Mandatory = true, ParameterSetName = AbstractSet)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(AbstractSocketNameCompleter))]
    public string Abstract { get; set; } = null!;

    [Parameter]
    [EncodingTransformation]
    [ArgumentCompleter(typeof(EncodingCompleter))]
    public Encoding Encoding { get; set; } = EncodingNames.Default;

    /// <summary>Whether -Path names a socket that exists (a sender's), so its wildcards may pick it; a listener's -Path is a new file, taken as written.</summary>
    protected virtual bool PathNamesExisting => false;

    /// <summary>The socket address the parameters name; a bad one ends the command.</summary>
    protected UnixSocketAddress ResolveAddress()
    {
        string? path = ParameterSetName == LiteralPathSet ? ResolveNewPath(LiteralPath)
            : ParameterSetName == AbstractSet ? null
            : PathNamesExisting ? ResolveOnePath(Path, literal: false)
            : ResolveNewPath(Path);
        return RunForCommand(() => path == null ? UnixSocketAddress.FromAbstract(Abstract) : UnixSocketAddress.FromPath(path))!;
    }

    /// <summary>The uids of -AllowUser (names or numbers); null when none were given. An unknown user ends the command.</summary>
    protected IReadOnlySet<uint>? ResolveUsers(string[]? users) =>
        users == null ? null : RunForCommand(() => (IReadOnlySet<uint>)users.Select(ResolveUser).ToHashSet());

    /// <summary>The uid of -PeerUser (a name or number).</summary>
    protected static uint ResolveUser(string user) => AccountNames.UserId(user) ?? throw UnixSocketErrors.UnknownUser(user);

    /// <summary>Says, at the end, how many clients or datagrams -AllowUser refused.</summary>
    protected void ReportRefused(UnixSocketListener? listener)
    {
        if (listener is { Refused: > 0 } && !StopToken.IsCancellationRequested)
        {
            WriteWarning($"{listener.Refused} {(listener.IsDatagram ? "datagrams" : "connections")} to '{listener.Address.Display}' were refused: their user was not in -AllowUser.");
        }
    }

    /// <summary>Writes the object a message holds as CliXml, or a SocketNotSerialized error that carries the message.</summary>
    protected void WriteDeserialized(UnixSocketMessage message) =>
        WriteDeserialized(message.Text, message, message.Length, $"process {message.Pid} on '{message.Socket}'", ErrorIds.SocketNotSerialized, "Send-UnixSocketMessage");
}
