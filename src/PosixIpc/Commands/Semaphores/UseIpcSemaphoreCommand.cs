using System;
using System.Management.Automation;
using PosixIpc.Semaphores;

namespace PosixIpc.Commands;

/// <summary>
/// Runs a script block while holding a semaphore, and releases it however the block ends: normally,
/// with an error, or by Ctrl+C. The semaphore is opened once for the whole pipeline.
/// </summary>
[Cmdlet(VerbsOther.Use, "IpcSemaphore")]
[OutputType(typeof(object))]
public sealed class UseIpcSemaphoreCommand : PosixIpcCmdlet
{
    private IpcSemaphore? _semaphore;

    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(SemaphoreNameCompleter))]
    public string Name { get; set; } = null!;

    [Parameter(Mandatory = true, Position = 1)]
    public ScriptBlock ScriptBlock { get; set; } = null!;

    /// <summary>Each pipeline object runs the block once, as $_, holding the semaphore for that run only.</summary>
    [Parameter(ValueFromPipeline = true)]
    public PSObject? InputObject { get; set; }

    [Parameter]
    public object[] ArgumentList { get; set; } = Array.Empty<object>();

    /// <summary>How long to wait for the semaphore; 0 tries once; without it, waits until Ctrl+C.</summary>
    [Parameter]
    [ValidateRange(0, int.MaxValue)]
    public double TimeoutSec { get; set; }

    protected override void BeginProcessing()
    {
        RunForCommand(() =>
        {
            _semaphore = IpcSemaphore.Open(Name);
        });
    }

    protected override void ProcessRecord()
    {
        TimeSpan? timeout = BoundTimeout(TimeoutSec);
        bool acquired = false;
        RunForCommand(() =>
        {
            _semaphore!.Acquire(timeout, StopToken);
            acquired = true;
        });

        // Not free within -TimeoutSec (SemaphoreTimeout or SemaphoreBusy, written as an error): the block does not run.
        if (!acquired)
        {
            return;
        }

        System.Collections.ObjectModel.Collection<PSObject> output;
        try
        {
            output = ScriptBlock.InvokeWithContext(null, new() { new PSVariable("_", InputObject) }, ArgumentList);
        }
        finally
        {
            _semaphore!.Release();
        }

        // Written after the release, so that slow commands further down the pipeline do not hold it.
        foreach (PSObject item in output)
        {
            WriteObject(item);
        }
    }

    protected override void Dispose(bool disposing) => _semaphore?.Dispose();
}
