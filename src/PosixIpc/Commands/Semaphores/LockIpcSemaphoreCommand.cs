using System;
using System.Management.Automation;
using PosixIpc.Semaphores;

namespace PosixIpc.Commands;

/// <summary>Acquires a semaphore (sem_wait): takes one unit, waiting while its value is 0.</summary>
[Cmdlet(VerbsCommon.Lock, "IpcSemaphore")]
[OutputType(typeof(SemaphoreInfo))]
public sealed class LockIpcSemaphoreCommand : PosixIpcCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(IpcNameCompleter))]
    public string Name { get; set; } = null!;

    /// <summary>How long to wait for the semaphore; 0 tries once; without it, waits until Ctrl+C.</summary>
    [Parameter]
    [ValidateRange(0, int.MaxValue)]
    public double TimeoutSec { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        TimeSpan? timeout = BoundTimeout(TimeoutSec);
        RunForItem(() =>
        {
            using IpcSemaphore semaphore = IpcSemaphore.Open(Name);
            semaphore.Acquire(timeout, StopToken);
            if (PassThru)
            {
                WriteObject(semaphore.GetInfo());
            }
        });
    }
}
