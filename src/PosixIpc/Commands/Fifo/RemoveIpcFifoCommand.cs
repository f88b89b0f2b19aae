using System.Management.Automation;
using PosixIpc.Fifo;

namespace PosixIpc.Commands;

[Cmdlet(VerbsCommon.Remove, "IpcFifo", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(FifoInfo))]
public sealed class RemoveIpcFifoCommand : PosixIpcCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("FullName")]
    [ValidateNotNullOrEmpty]
    [SupportsWildcards]
    public string[] Path { get; set; } = null!;

    /// <summary>Emits each removed FIFO as it was just before removal.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        foreach (string pattern in Path)
        {
            bool named = !WildcardPattern.ContainsWildcardCharacters(pattern);
            foreach (string path in ResolveExistingPaths(pattern, ErrorIds.FifoNotFound))
            {
                // A wildcard picks the FIFOs among what it matches; a path named outright must be one.
                if (!named && !Fifos.IsFifo(path))
                {
                    continue;
                }

                RunForItem(() =>
                {
                    FifoInfo fifo = Fifos.Get(path);
                    if (!ShouldProcess(path, "Remove FIFO"))
                    {
                        return;
                    }

                    Fifos.Remove(path);
                    if (PassThru)
                    {
                        WriteObject(fifo);
                    }
                });
            }
        }
    }
}
