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
    public string[] Path { get; set; } = null!;

    /// <summary>Emits each removed FIFO as it was just before removal.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        foreach (string pattern in Path)
        {
            foreach (string path in ResolveExistingPaths(pattern, "FifoNotFound"))
            {
                try
                {
                    FifoInfo fifo = Fifos.Get(path);
                    if (!ShouldProcess(path, "Remove FIFO"))
                    {
                        continue;
                    }

                    Fifos.Remove(path);
                    if (PassThru)
                    {
                        WriteObject(fifo);
                    }
                }
                catch (PosixIpcException e)
                {
                    WriteIpcError(e);
                }
            }
        }
    }
}
