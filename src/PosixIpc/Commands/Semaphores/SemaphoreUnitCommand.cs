using PosixIpc.Semaphores;

namespace PosixIpc.Commands;

/// <summary>
/// Lock-IpcSemaphore and Unlock-IpcSemaphore: take or give back one unit of each semaphore named
/// (from the pipeline too); -PassThru emits the semaphore as it is afterwards.
/// </summary>
public abstract class SemaphoreUnitCommand : PosixIpcCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(IpcNameCompleter))]
    public string Name { get; set; } = null!;

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <summary>With -PassThru, emits the semaphore's state now.</summary>
    private protected void PassOn(IpcSemaphore semaphore)
    {
        if (PassThru)
        {
            WriteObject(semaphore.GetInfo());
        }
    }
}
