using System.Collections.ObjectModel;

namespace PosixIpc.Commands;

/// <summary>
/// What Use-IpcSemaphore and Use-IpcFileLock share: each pipeline object runs -ScriptBlock once, as
/// $_, while holding what the cmdlet acquires, which is released however the block ends (normally,
/// with an error, or by Ctrl+C). The block's output is written after the release, so that slow
/// commands further down the pipeline do not hold it.
/// </summary>
public abstract class UseHeldCommand : PosixIpcCmdlet
{
    [Parameter(Mandatory = true, Position = 1)]
    public ScriptBlock ScriptBlock { get; set; } = null!;

    /// <summary>Each pipeline object runs the block once, as $_, holding it for that run only.</summary>
    [Parameter(ValueFromPipeline = true)]
    public PSObject? InputObject { get; set; }

    [Parameter]
    public object[] ArgumentList { get; set; } = Array.Empty<object>();

    /// <summary>How long to wait each time; 0 tries once; without it, waits until Ctrl+C.</summary>
    [Parameter]
    [ValidateRange(0, int.MaxValue)]
    public double TimeoutSec { get; set; }

    /// <summary>
    /// Acquires, waiting up to the timeout (null: until StopToken), and returns what releases it. A
    /// failure is a PosixIpcException: its Scope says whether the command ends (the default) or only
    /// this item is skipped without running the block (Item, such as a busy file lock).
    /// </summary>
    protected abstract Action Acquire(TimeSpan? timeout);

    protected override void ProcessRecord()
    {
        Action? release = null;
        RunForCommand(() => release = Acquire(BoundTimeout(TimeoutSec)));
        if (release == null)
        {
            return; // Not acquired, and the error written: the block does not run for this item.
        }

        Collection<PSObject> output;
        try
        {
            output = ScriptBlock.InvokeWithContext(null, new() { new PSVariable("_", InputObject) }, ArgumentList);
        }
        finally
        {
            release();
        }

        foreach (PSObject item in output)
        {
            WriteObject(item);
        }
    }
}
