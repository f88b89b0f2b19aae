using PosixIpc.FileLocks;

namespace PosixIpc.Commands;

/// <summary>Releases file locks that Lock-IpcFile took in this process: the lock objects piped in, or those on -Path.</summary>
[Cmdlet(VerbsCommon.Unlock, "IpcFile", DefaultParameterSetName = LockSet)]
[OutputType(typeof(FileLock))]
public sealed class UnlockIpcFileCommand : PosixIpcCmdlet
{
    private const string LockSet = "Lock";

    /// <summary>The locks to release, as Lock-IpcFile emitted them.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = LockSet)]
    [Alias("Lock")]
    public FileLock[] InputObject { get; set; } = null!;

    /// <summary>The lock files whose locks this process holds (wildcards match the held locks' paths).</summary>
    [Parameter(Mandatory = true, ParameterSetName = PathSet)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(HeldFileLockCompleter))]
    public string[] Path { get; set; } = null!;

    /// <summary>The lock files exactly as given (no wildcards).</summary>
    [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet)]
    [Alias("PSPath", "LP")]
    [ValidateNotNullOrEmpty]
    public string[] LiteralPath { get; set; } = null!;

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        if (ParameterSetName == LockSet)
        {
            foreach (FileLock held in InputObject)
            {
                Release(held);
            }

            return;
        }

        bool literal = ParameterSetName == LiteralPathSet;
        foreach (string path in literal ? LiteralPath : Path)
        {
            // A relative path (or pattern) is taken against the current location, as Lock-IpcFile took it.
            string full = ResolveNewPath(path);
            var pattern = new WildcardPattern(!literal && WildcardPattern.ContainsWildcardCharacters(path) ? full : WildcardPattern.Escape(full));
            bool any = false;
            foreach (FileLock held in FileLock.Held())
            {
                if (pattern.IsMatch(held.Path))
                {
                    any = true;
                    Release(held);
                }
            }

            if (!any)
            {
                WriteIpcError(FileLockErrors.NotHeld(full));
            }
        }
    }

    private void Release(FileLock held)
    {
        if (!held.IsHeld)
        {
            WriteVerbose($"The lock on '{held.Path}' was already released.");
        }

        held.Release();
        if (PassThru)
        {
            WriteObject(held);
        }
    }
}
