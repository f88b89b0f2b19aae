using PosixIpc.Semaphores;

namespace PosixIpc.Commands;

/// <summary>Releases a semaphore (sem_post): gives one unit back and wakes one waiter.</summary>
[Cmdlet(VerbsCommon.Unlock, "IpcSemaphore")]
[OutputType(typeof(SemaphoreInfo))]
public sealed class UnlockIpcSemaphoreCommand : SemaphoreUnitCommand
{
    protected override void ProcessRecord()
    {
        RunForItem(() =>
        {
            using IpcSemaphore semaphore = IpcSemaphore.Open(Name);
            semaphore.Release();
            PassOn(semaphore);
        });
    }
}
