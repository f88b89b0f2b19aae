
namespace PosixIpc.Commands;

/// <summary>
/// New-MqQueue, New-SharedMemory, New-IpcSemaphore: create each named object with an exact mode, or
/// with -Force reuse one that exists as it is (saying what it kept).
/// </summary>
public abstract class NewNamedObjectCommand : PosixIpcCmdlet
{
    private protected NewNamedObjectCommand(IpcNameKind kind) => Kind = kind;

    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string[] Name { get; set; } = null!;

    [Parameter]
    [UnixModeTransformation]
    public UnixFileMode Mode { get; set; } = UnixPermissions.OwnerOnly;

    /// <summary>Reuse an existing object as it is: never wiped, truncated or reset.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    internal IpcNameKind Kind { get; }

    /// <summary>What ShouldProcess says is about to be created ("Create semaphore with value 1 and mode 0600").</summary>
    protected abstract string Action { get; }

    protected string OctalMode => UnixPermissions.ToOctal(Mode);

    /// <summary>Creates (or with -Force reuses) the object and returns what to emit, warning about what a reuse kept.</summary>
    protected abstract OwnedObject Create(string name);

    protected override void ProcessRecord()
    {
        foreach (string name in Name)
        {
            RunForItem(() =>
            {
                string full = IpcName.Normalize(name, Kind);
                if (ShouldProcess(full, Action))
                {
                    OwnedObject created = Create(full);
                    WarnIfModeKept($"The {IpcName.Noun(Kind)} '{full}'", created.Mode, Mode);
                    WriteObject(created);
                }
            });
        }
    }
}
