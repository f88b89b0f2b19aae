
namespace PosixIpc.Commands;

/// <summary>Get-MqQueue, Get-SharedMemory, Get-IpcSemaphore: the objects of one kind by name or wildcard (all by default).</summary>
public abstract class GetNamedObjectCommand : PosixIpcCmdlet
{
    private protected GetNamedObjectCommand(NamedKind kind) => Kind = kind;

    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(IpcNameCompleter))]
    public string[] Name { get; set; } = { "*" };

    internal NamedKind Kind { get; }

    protected override void ProcessRecord() =>
        ForEachNamed(Name, Kind.Kind, Kind.Names, name => WriteObject(Kind.Get(name)), skipGone: true);
}
