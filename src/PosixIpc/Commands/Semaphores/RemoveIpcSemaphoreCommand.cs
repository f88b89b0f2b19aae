using PosixIpc.Semaphores;

namespace PosixIpc.Commands;

[Cmdlet(VerbsCommon.Remove, "IpcSemaphore", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(SemaphoreInfo))]
public sealed class RemoveIpcSemaphoreCommand() : NamedObjectsCommand(NamedKind.Semaphore);
