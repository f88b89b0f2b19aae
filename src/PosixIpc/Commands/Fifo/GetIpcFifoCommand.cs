using System;
using System.Linq;
using System.Management.Automation;
using PosixIpc.Fifo;

namespace PosixIpc.Commands;

[Cmdlet(VerbsCommon.Get, "IpcFifo")]
[OutputType(typeof(FifoInfo))]
public sealed class GetIpcFifoCommand : PosixIpcCmdlet
{
    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("FullName")]
    [ValidateNotNullOrEmpty]
    [SupportsWildcards]
    public string[] Path { get; set; } = { "." };

    [Parameter]
    public SwitchParameter Recurse { get; set; }

    protected override void ProcessRecord()
    {
        foreach (string pattern in Path)
        {
            bool named = !WildcardPattern.ContainsWildcardCharacters(pattern);
            foreach (string path in ResolveExistingPaths(pattern, ErrorIds.FifoNotFound))
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
