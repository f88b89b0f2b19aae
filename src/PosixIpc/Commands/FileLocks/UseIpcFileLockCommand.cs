using System;
using System.IO;
using System.Management.Automation;

namespace PosixIpc.Commands;

/// <summary>
/// Runs a script block while holding an flock(2) lock on a file, and releases it however the block
/// ends: normally, with an error, or by Ctrl+C. Each pipeline object takes the lock anew.
/// </summary>
[Cmdlet(VerbsOther.Use, "IpcFileLock")]
[OutputType(typeof(object))]
public sealed class UseIpcFileLockCommand : UseHeldCommand
{
    private string _path = null!;

    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = null!;

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

    protected override void BeginProcessing() => _path = ResolveNewPath(Path);

    /// <summary>A busy or timed-out lock skips the block for this item with a non-terminating error; other failures end the command.</summary>
    protected override Action Acquire(TimeSpan? timeout) =>
        FileLockAcquisition.Take(this, _path, Shared, timeout, Mode, NoCreate, StopToken).Release;
}
