using PosixIpc.SharedMemory;

namespace PosixIpc.Commands;

[Cmdlet(VerbsCommon.Remove, "SharedMemory", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(SharedMemoryInfo))]
public sealed class RemoveSharedMemoryCommand() : NamedObjectsCommand(NamedKind.Segment);
