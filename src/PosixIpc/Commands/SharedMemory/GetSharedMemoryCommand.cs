using System.Management.Automation;
using PosixIpc.SharedMemory;

namespace PosixIpc.Commands;

[Cmdlet(VerbsCommon.Get, "SharedMemory")]
[OutputType(typeof(SharedMemoryInfo))]
public sealed class GetSharedMemoryCommand : GetNamedObjectCommand
{
    internal override NamedKind Kind => NamedKind.Segment;
}
