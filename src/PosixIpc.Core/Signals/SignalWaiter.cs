using System.Collections.Concurrent;

namespace PosixIpc.Signals;

/// <summary>
/// Catches signals from the moment it is made until it is disposed, and hands them out in the order
/// they came. While it lives none of its signals can end pwsh; disposing it restores their behaviour.
/// Wait reads the handler's pipe on the caller's thread (no hop through another thread) unless an event
/// source has the background reader running, in which case it takes what that thread hands it.
/// </summary>
public sealed class SignalWaiter : IDisposable
{
    private readonly BlockingCollection<ReceivedSignal> _received = new();
    private readonly SignalCatcher _catcher;

    public SignalWaiter(IEnumerable<SignalInfo> signals)
    {
        _catcher = new SignalCatcher(signals, signal =>
        {
            try
            {
                _received.Add(signal);
            }
            catch (InvalidOperationException)
            {
                // Disposed while the signal was on its way: nobody waits for it any more.
            }
        }, readsItself: true);
    }

    /// <summary>The signals it catches.</summary>
    public IReadOnlyList<SignalInfo> Signals => _catcher.Signals;

    /// <summary>How many of its signals were lost since it began: a burst came faster than it was read and overflowed the handler's buffer.</summary>
    public long Lost => _catcher.Lost;

    /// <summary>Test hook: while true the module stops reading its signal pipe, so that a burst overflows it.</summary>
    public static bool TestPauseReader
    {
        get => SignalDispatcher.PauseReader;
        internal set => SignalDispatcher.PauseReader = value;
    }

    /// <summary>How many signals this process's handler took and wrote to the module's pipe, since the process began.</summary>
    public static long TakenByHandler => SignalDispatcher.TakenByHandler;

    /// <summary>How many signals this process read off the kernel's queue with its signalfd before the handler ran, since the process began.</summary>
    public static long TakenBySignalFd => SignalDispatcher.TakenBySignalFd;

    /// <summary>How many signals the handler's buffer holds before a burst is lost.</summary>
    public static int Capacity => SignalDispatcher.Capacity;

    /// <summary>
    /// The next signal received, waiting up to the timeout (null: for ever) in short slices.
    /// Throws PosixIpcException SignalWaitTimeout when the time is up, OperationCanceledException on cancel.
    /// </summary>
    public ReceivedSignal Wait(TimeSpan? timeout, CancellationToken cancellation) =>
        Wait(Deadline.After(timeout), timeout, cancellation);

    /// <summary>The next signal received before a deadline shared by several waits; timeout is what the message reports.</summary>
    public ReceivedSignal Wait(Deadline deadline, TimeSpan? timeout, CancellationToken cancellation)
    {
        while (true)
        {
            cancellation.ThrowIfCancellationRequested();
            if (_received.TryTake(out ReceivedSignal? signal))
            {
                return signal;
            }

            if (SignalDispatcher.ReadsInBackground)
            {
                if (_received.TryTake(out signal, deadline.NextSliceMs(), cancellation))
                {
                    return signal;
                }
            }
            else
            {
                SignalDispatcher.WaitAndRead(deadline.NextSliceMs());
                if (_received.TryTake(out signal))
                {
                    return signal;
                }
            }

            if (deadline.HasPassed)
            {
                throw SignalErrors.WaitTimeout(_catcher.Signals, timeout!.Value.TotalSeconds);
            }
        }
    }

    public void Dispose()
    {
        _catcher.Dispose();
        _received.CompleteAdding();
    }
}
