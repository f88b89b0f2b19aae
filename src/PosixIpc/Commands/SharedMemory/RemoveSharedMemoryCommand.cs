using System.Management.Automation;
using PosixIpc.SharedMemory;

namespace PosixIpc.Commands;

[Cmdlet(VerbsCommon.Remove, "SharedMemory", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(SharedMemoryInfo))]
public sealed class RemoveSharedMemoryCommand : PosixIpcCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(ShmNameCompleter))]
    public string[] Name { get; set; } = null!;

    /// <summary>Emits each removed segment as it was just before removal.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        foreach (string pattern in Name)
        {
            try
            {
                foreach (string name in IpcNamePattern.Resolve(pattern, IpcNameKind.SharedMemory, SharedMemorySegment.Names, out _))
                {
                    try
                    {
                        SharedMemoryInfo? before = PassThru ? SharedMemorySegment.Get(name) : null;
                        if (!ShouldProcess(name, "Remove shared memory segment"))
                        {
                            continue;
                        }

                        SharedMemorySegment.Unlink(name);
                        if (before != null)
                        {
                            WriteObject(before);
                        }
                    }
                    catch (PosixIpcException e)
                    {
                        WriteIpcError(e);
                    }
                }
            }
            catch (PosixIpcException e)
            {
                WriteIpcError(e);
            }
        }
    }
}
