
namespace PosixIpc.Commands;

/// <summary>
/// Runs a script block while holding an flock(2) lock on a file, and releases it however the block
/// ends: normally, with an error, or by Ctrl+C. Each pipeline object takes the lock anew.
/// </summary>
[Cmdlet(VerbsOther.Use, "IpcFileLock", DefaultParameterSetName = "Path")]
[OutputType(typeof(object))]
public sealed class UseIpcFileLockCommand : UseHeldCommand
{
    private string _path = null!;

    /// <summary>The file to lock: as it is when it exists, else the one file its wildcards match, else a new lock file.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = "Path")]
    [ValidateNotNullOrEmpty]
    [SupportsWildcards]
    public string Path { get; set; } = null!;

    /// <summary>The path exactly as given: no wildcards, no escapes (Get-ChildItem's PSPath binds here).</summary>
    [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet)]
    [Alias("PSPath", "LP", "FullName")]
    [ValidateNotNullOrEmpty]
    public string LiteralPath { get; set; } = null!;

    /// <summary>A shared lock (flock -s): many holders at once, but none while an exclusive lock is held.</summary>
    [Parameter]
    public SwitchParameter Shared { get; set; }

    /// <summary>The mode of a lock file this creates (exactly; the umask does not apply); an existing file keeps its own.</summary>
    [Parameter]
    [UnixModeTransformation]
    public UnixFileMode Mode { get; set; } = UnixPermissions.OwnerOnly;

    /// <summary>Locks only an existing file: a missing one is FileLockNotFound instead of being created.</summary>
    [Parameter]
    public SwitchParameter NoCreate { get; set; }

    protected override void BeginProcessing() =>
        _path = ParameterSetName == LiteralPathSet ? ResolveOnePath(LiteralPath, literal: true) : ResolveOnePath(Path, literal: false);

    /// <summary>A busy or timed-out lock skips the block for this item with a non-terminating error; other failures end the command.</summary>
    protected override Action Acquire(TimeSpan? timeout) =>
        FileLockAcquisition.Take(this, _path, Shared, timeout, Mode, NoCreate, StopToken).Release;
}
