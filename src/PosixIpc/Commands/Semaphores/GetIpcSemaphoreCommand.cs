using PosixIpc.Semaphores;

namespace PosixIpc.Commands;

[Cmdlet(VerbsCommon.Get, "IpcSemaphore")]
[OutputType(typeof(SemaphoreInfo))]
public sealed class GetIpcSemaphoreCommand() : GetNamedObjectCommand(NamedKind.Semaphore);
