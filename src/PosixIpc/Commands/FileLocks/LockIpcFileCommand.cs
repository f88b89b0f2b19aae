using PosixIpc.FileLocks;

namespace PosixIpc.Commands;

/// <summary>
/// Takes an flock(2) lock on a file, the lock util-linux flock(1) takes, and emits the lock object
/// that holds it until Unlock-IpcFile, Dispose, or the end of the process.
/// </summary>
[Cmdlet(VerbsCommon.Lock, "IpcFile", DefaultParameterSetName = "Path")]
[OutputType(typeof(FileLock))]
public sealed class LockIpcFileCommand : PosixIpcCmdlet
{
    /// <summary>The file to lock: as it is when it exists, else the one file its wildcards match, else a new lock file.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = "Path", ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [SupportsWildcards]
    public string Path { get; set; } = null!;

    /// <summary>The path exactly as given: no wildcards, no escapes (Get-ChildItem's PSPath binds here).</summary>
    [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "LP", "FullName")]
    [ValidateNotNullOrEmpty]
    public string LiteralPath { get; set; } = null!;

    /// <summary>A shared lock (flock -s): many holders at once, but none while an exclusive lock is held.</summary>
    [Parameter]
    public SwitchParameter Shared { get; set; }

    /// <summary>How long to wait for the lock; 0 tries once (FileLockBusy); without it, waits until Ctrl+C.</summary>
    [Parameter]
    [ValidateRange(0, int.MaxValue)]
    public double TimeoutSec { get; set; }

    /// <summary>The mode of a lock file this creates (exactly; the umask does not apply); an existing file keeps its own.</summary>
    [Parameter]
    [UnixModeTransformation]
    public UnixFileMode Mode { get; set; } = UnixPermissions.OwnerOnly;

    /// <summary>Locks only an existing file: a missing one is FileLockNotFound instead of being created.</summary>
    [Parameter]
    public SwitchParameter NoCreate { get; set; }

    protected override void ProcessRecord()
    {
        string path = ParameterSetName == LiteralPathSet ? ResolveOnePath(LiteralPath, literal: true) : ResolveOnePath(Path, literal: false);
        RunForItem(() => WriteObject(FileLockAcquisition.Take(this, path, Shared, BoundTimeout(TimeoutSec), Mode, NoCreate, StopToken)));
    }
}
