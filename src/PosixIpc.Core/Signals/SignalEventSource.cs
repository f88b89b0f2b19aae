using PosixIpc.Events;

namespace PosixIpc.Signals;

/// <summary>
/// A .NET event raised for each signal caught, for PowerShell's event manager (Register-IpcSignalEvent).
/// It catches its signals from the moment it is made; when the last handler is removed (Unregister-Event)
/// it stops, and each signal gets back the behaviour it had before. A handler that throws is reported
/// (Failed, Failures) and never ends pwsh.
/// </summary>
public sealed class SignalEventSource : IpcEventSource<ReceivedSignal>
{
    private SignalCatcher? _catcher;

    // Signals caught between the start of catching and the first handler: held, then handed to it.
    private List<ReceivedSignal>? _early = new();

    public SignalEventSource(IEnumerable<SignalInfo> signals)
    {
        _catcher = new SignalCatcher(signals, OnSignal);
        Signals = _catcher.Signals;
    }

    /// <summary>The signals it catches.</summary>
    public IReadOnlyList<SignalInfo> Signals { get; }

    /// <summary>True until the last handler is removed or it is disposed.</summary>
    public bool IsActive
    {
        get
        {
            lock (Gate)
            {
                return _catcher != null;
            }
        }
    }

    protected override string Description => "the signals " + string.Join(", ", Signals.Select(s => s.Name));

    protected override void OnHandlerAdded(EventHandler<ReceivedSignal> handler, bool first)
    {
        List<ReceivedSignal>? early;
        lock (Gate)
        {
            early = _early;
            _early = null;
        }

        if (early is { Count: > 0 })
        {
            ThreadPool.QueueUserWorkItem(_ =>
            {
                foreach (ReceivedSignal signal in early)
                {
                    Deliver(handler, signal);
                }
            });
        }
    }

    protected override void OnLastHandlerRemoved() => Dispose();

    private void OnSignal(ReceivedSignal signal)
    {
        lock (Gate)
        {
            if (_early != null)
            {
                _early.Add(signal);
                return;
            }
        }

        Raise(signal);
    }

    public override void Dispose()
    {
        lock (Gate)
        {
            _catcher?.Dispose();
            _catcher = null;
        }
    }
}
