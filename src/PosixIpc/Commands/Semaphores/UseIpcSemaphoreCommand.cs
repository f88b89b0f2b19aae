using PosixIpc.Semaphores;

namespace PosixIpc.Commands;

/// <summary>
/// Runs a script block while holding a semaphore, and releases it however the block ends: normally,
/// with an error, or by Ctrl+C. The semaphore is opened once for the whole pipeline.
/// </summary>
[Cmdlet(VerbsOther.Use, "IpcSemaphore")]
[OutputType(typeof(object))]
public sealed class UseIpcSemaphoreCommand : UseHeldCommand
{
    private IpcSemaphore? _semaphore;

    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(IpcNameCompleter))]
    public string Name { get; set; } = null!;

    protected override void BeginProcessing() => RunForCommand(() => _semaphore = IpcSemaphore.Open(Name));

    protected override Action Acquire(TimeSpan? timeout)
    {
        _semaphore!.Acquire(timeout, StopToken, WaitNarration.For(this, timeout));
        return _semaphore.Release;
    }

    protected override void Dispose(bool disposing) => _semaphore?.Dispose();
}
