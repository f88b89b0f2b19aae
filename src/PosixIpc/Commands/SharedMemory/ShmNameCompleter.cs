using System.Collections.Generic;
using PosixIpc.SharedMemory;

namespace PosixIpc.Commands;

/// <summary>Tab completion of shared memory segment names from /dev/shm.</summary>
public sealed class ShmNameCompleter : IpcNameCompleter
{
    protected override IReadOnlyList<string> Names() => SharedMemorySegment.Names();
}
