using System.Management.Automation;
using PosixIpc.Semaphores;

namespace PosixIpc.Commands;

[Cmdlet(VerbsCommon.Remove, "IpcSemaphore", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(SemaphoreInfo))]
public sealed class RemoveIpcSemaphoreCommand : NamedObjectsCommand
{
    internal override NamedKind Kind => NamedKind.Semaphore;
}
