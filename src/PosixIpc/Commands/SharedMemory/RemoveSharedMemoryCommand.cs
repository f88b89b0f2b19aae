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

    protected override void ProcessRecord() =>
        ForEachNamed(Name, IpcNameKind.SharedMemory, SharedMemorySegment.Names, name =>
        {
            SharedMemoryInfo? before = PassThru ? SharedMemorySegment.Get(name) : null;
            if (ShouldProcess(name, "Remove shared memory segment"))
            {
                SharedMemorySegment.Unlink(name);
                if (before != null)
                {
                    WriteObject(before);
                }
            }
        });
}
