using PosixIpc.Fifo;

namespace PosixIpc.Commands;

[Cmdlet(VerbsCommon.Get, "IpcFifo", DefaultParameterSetName = "Path")]
[OutputType(typeof(FifoInfo))]
public sealed class GetIpcFifoCommand : PosixIpcCmdlet
{
    [Parameter(Position = 0, ParameterSetName = "Path", ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [SupportsWildcards]
    public string[] Path { get; set; } = { "." };

    /// <summary>The path exactly as given: no wildcards, no escapes (Get-ChildItem's PSPath binds here).</summary>
    [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "LP", "FullName")]
    [ValidateNotNullOrEmpty]
    public string[] LiteralPath { get; set; } = null!;

    [Parameter]
    public SwitchParameter Recurse { get; set; }

    protected override void ProcessRecord()
    {
        bool literal = ParameterSetName == LiteralPathSet;
        foreach (string pattern in literal ? LiteralPath : Path)
        {
            bool named = literal || !WildcardPattern.ContainsWildcardCharacters(pattern);
            foreach (string path in ResolveExistingPaths(pattern, ErrorIds.FifoNotFound, literal))
            {
                Emit(path, named);
            }
        }
    }

    /// <summary>A named directory is listed; a directory a wildcard matched only with -Recurse.</summary>
    private void Emit(string path, bool named)
    {
        FifoInfo? fifo = Fifos.Find(path, out bool isDirectory, out PosixIpcException? notAFifo);
        if (fifo != null)
        {
            WriteObject(fifo);
        }
        else if (isDirectory && (named || Recurse))
        {
            WriteObject(Fifos.Enumerate(path, Recurse).OrderBy(f => f.Path, StringComparer.Ordinal), enumerateCollection: true);
        }
        else if (named && notAFifo != null)
        {
            WriteIpcError(notAFifo);
        }
    }
}
