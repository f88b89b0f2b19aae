using PosixIpc.Semaphores;

namespace PosixIpc.Commands;

/// <summary>
/// Acquires a semaphore (sem_wait): takes one unit, waiting while its value is 0. A unit taken by a
/// command that is then stopped is released before the command ends, so a stop never leaks a lock.
/// </summary>
[Cmdlet(VerbsCommon.Lock, "IpcSemaphore")]
[OutputType(typeof(SemaphoreInfo))]
public sealed class LockIpcSemaphoreCommand : SemaphoreUnitCommand
{
    // The units this command took, kept open so that a stop can give them back.
    private readonly List<IpcSemaphore> _taken = new();

    /// <summary>How long to wait for the semaphore; 0 tries once; without it, waits until Ctrl+C.</summary>
    [Parameter]
    [ValidateRange(0, int.MaxValue)]
    public double TimeoutSec { get; set; }

    protected override void ProcessRecord()
    {
        TimeSpan? timeout = BoundTimeout(TimeoutSec);
        RunForItem(() =>
        {
            IpcSemaphore semaphore = IpcSemaphore.Open(Name);
            try
            {
                semaphore.Acquire(timeout, StopToken, WaitNarration.For(this, timeout));
            }
            catch
            {
                semaphore.Dispose();
                throw;
            }

            _taken.Add(semaphore);

            // The holder released just as Ctrl+C came: the unit was taken, but the command is stopped.
            if (Stopping)
            {
                throw Stopped();
            }

            PassOn(semaphore);
        });
    }

    /// <summary>Ends the command: when it was stopped, every unit it took is released first.</summary>
    /// <remarks>
    /// A stop marks the pipeline as stopping (Stopping) before it calls each command's StopProcessing
    /// (StopToken), one command after another: a unit taken in between, which ProcessRecord's Stopping
    /// check turns into the stop, must be released although StopToken may not be cancelled yet.
    /// </remarks>
    protected override void Dispose(bool disposing)
    {
        bool stopped = StopToken.IsCancellationRequested || Stopping;
        foreach (IpcSemaphore semaphore in _taken)
        {
            try
            {
                if (stopped)
                {
                    semaphore.Release();
                }
            }
            catch (PosixIpcException)
            {
                // Releasing a unit this process took cannot fail short of a corrupt semaphore; nothing to report to in Dispose.
            }
            finally
            {
                semaphore.Dispose();
            }
        }

        _taken.Clear();
    }
}
