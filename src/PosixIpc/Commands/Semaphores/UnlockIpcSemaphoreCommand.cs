using PosixIpc.Semaphores;

namespace PosixIpc.Commands;

/// <summary>Releases a semaphore (sem_post): gives one unit back and wakes one waiter.</summary>
[Cmdlet(VerbsCommon.Unlock, "IpcSemaphore")]
[OutputType(typeof(SemaphoreInfo))]
public sealed class UnlockIpcSemaphoreCommand : PosixIpcCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(IpcNameCompleter))]
    public string Name { get; set; } = null!;

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        RunForItem(() =>
        {
            using IpcSemaphore semaphore = IpcSemaphore.Open(Name);
            semaphore.Release();
            if (PassThru)
            {
                WriteObject(semaphore.GetInfo());
            }
        });
    }
}
