using System.Management.Automation;
using PosixIpc.Semaphores;

namespace PosixIpc.Commands;

[Cmdlet(VerbsCommon.Remove, "IpcSemaphore", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(SemaphoreInfo))]
public sealed class RemoveIpcSemaphoreCommand : PosixIpcCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(SemaphoreNameCompleter))]
    public string[] Name { get; set; } = null!;

    /// <summary>Emits each removed semaphore as it was just before removal.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord() =>
        ForEachNamed(Name, IpcNameKind.Semaphore, IpcSemaphore.Names, name =>
        {
            SemaphoreInfo? before = PassThru ? IpcSemaphore.Get(name) : null;
            if (ShouldProcess(name, "Remove semaphore"))
            {
                IpcSemaphore.Unlink(name);
                if (before != null)
                {
                    WriteObject(before);
                }
            }
        });
}
