using System.Collections.Generic;
using PosixIpc.Semaphores;

namespace PosixIpc.Commands;

/// <summary>Tab completion of semaphore names from /dev/shm/sem.*.</summary>
public sealed class SemaphoreNameCompleter : IpcNameCompleter
{
    protected override IReadOnlyList<string> Names() => IpcSemaphore.Names();
}
