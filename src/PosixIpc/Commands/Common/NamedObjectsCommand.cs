
namespace PosixIpc.Commands;

/// <summary>
/// Remove-MqQueue, Remove-SharedMemory, Remove-IpcSemaphore and Clear-MqQueue: act on the objects a
/// -Name (wildcards allowed) names, one at a time, asking ShouldProcess for each.
/// </summary>
public abstract class NamedObjectsCommand : PosixIpcCmdlet
{
    private protected NamedObjectsCommand(NamedKind kind) => Kind = kind;

    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(IpcNameCompleter))]
    public string[] Name { get; set; } = null!;

    /// <summary>Emits each object: as it was just before removal, or after it was emptied.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    internal NamedKind Kind { get; }

    protected override void ProcessRecord() => ForEachNamed(Name, Kind.Kind, Kind.Names, Act);

    /// <summary>What the cmdlet does to one object; the default removes it.</summary>
    protected virtual void Act(string name)
    {
        object? before = PassThru ? Kind.Get(name) : null;
        if (ShouldProcess(name, $"Remove {Kind.Noun}"))
        {
            Kind.Remove(name);
            if (before != null)
            {
                WriteObject(before);
            }
        }
    }
}
