using PosixIpc.SharedMemory;

namespace PosixIpc.Commands;

[Cmdlet(VerbsCommon.Get, "SharedMemory")]
[OutputType(typeof(SharedMemoryInfo))]
public sealed class GetSharedMemoryCommand() : GetNamedObjectCommand(NamedKind.Segment);
