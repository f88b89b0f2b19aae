using PosixIpc.Signals;

namespace PosixIpc.Commands;

[Cmdlet(VerbsLifecycle.Wait, "IpcSignal")]
[OutputType(typeof(ReceivedSignal))]
public sealed class WaitIpcSignalCommand : PosixIpcCmdlet
{
    private SignalWaiter? _waiter;
    private long _lostReported;

    /// <summary>The signals to wait for, by name or number; the first of any of them ends the wait.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ArgumentCompleter(typeof(CatchableSignalNameCompleter))]
    [ValidateNotNullOrEmpty]
    public string[] Signal { get; set; } = null!;

    /// <summary>How long to wait for all -Count signals; for ever when not given.</summary>
    [Parameter]
    [ValidateRange(0, int.MaxValue)]
    public double TimeoutSec { get; set; }

    /// <summary>How many signals to wait for (each is emitted as it comes); 1 when not given.</summary>
    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int Count { get; set; } = 1;

    protected override void BeginProcessing()
    {
        try
        {
            _waiter = new SignalWaiter(Signal.Select(s => SignalTable.Parse(s)).ToArray());
        }
        catch (PosixIpcException e)
        {
            ThrowIpcError(e);
        }
    }

    protected override void EndProcessing()
    {
        TimeSpan? timeout = MyInvocation.BoundParameters.ContainsKey(nameof(TimeoutSec)) ? TimeSpan.FromSeconds(TimeoutSec) : null;
        Deadline deadline = Deadline.After(timeout);
        WriteVerbose(WaitNarration.Sentence($"for {(Count > 1 ? Count + " signals among " : string.Empty)}{string.Join(" or ", _waiter!.Signals.Select(s => s.Name))}", timeout));
        try
        {
            for (int i = 0; i < Count; i++)
            {
                WriteObject(_waiter!.Wait(deadline, timeout, StopToken));
                WarnIfLost();
            }
        }
        catch (PosixIpcException e)
        {
            ThrowIpcError(e);
        }
        catch (OperationCanceledException)
        {
            throw Stopped();
        }
        finally
        {
            WarnIfLost();
            _waiter!.Dispose();
        }
    }

    /// <summary>Says how many signals were lost since the last warning: a burst overflowed the handler's buffer.</summary>
    private void WarnIfLost()
    {
        long lost = _waiter!.Lost;
        if (lost > _lostReported)
        {
            WriteWarning($"{lost - _lostReported} signal(s) of {string.Join(", ", _waiter.Signals)} were lost: they came faster than they were read " +
                $"and overflowed the module's buffer of {SignalWaiter.Capacity} signals. Read them faster (no slow command in the pipeline), or send fewer at once.");
            _lostReported = lost;
        }
    }

    protected override void Dispose(bool disposing) => _waiter?.Dispose();
}
