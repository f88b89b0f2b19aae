using System;
using System.Collections.Generic;
using System.Threading;

namespace PosixIpc.Signals;

/// <summary>
/// A .NET event raised for each signal caught, for PowerShell's event manager (Register-IpcSignalEvent).
/// It catches its signals from the moment it is made; when the last handler is removed (Unregister-Event)
/// it stops, and each signal gets back the behaviour it had before.
/// </summary>
public sealed class SignalEventSource : IDisposable
{
    private readonly object _gate = new();
    private SignalCatcher? _catcher;
    private EventHandler<ReceivedSignal>? _handlers;
    private bool _hadHandler;

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
            lock (_gate)
            {
                return _catcher != null;
            }
        }
    }

    /// <summary>Raised on a thread-pool thread for each signal caught; the arguments are the ReceivedSignal.</summary>
    public event EventHandler<ReceivedSignal>? Received
    {
        add
        {
            List<ReceivedSignal>? early;
            lock (_gate)
            {
                _handlers += value;
                _hadHandler = true;
                early = _early;
                _early = null;
            }

            if (early is { Count: > 0 } && value != null)
            {
                ThreadPool.QueueUserWorkItem(_ =>
                {
                    foreach (ReceivedSignal signal in early)
                    {
                        value(this, signal);
                    }
                });
            }
        }

        remove
        {
            lock (_gate)
            {
                _handlers -= value;
                if (_handlers == null && _hadHandler)
                {
                    StopCatching();
                }
            }
        }
    }

    private void OnSignal(ReceivedSignal signal)
    {
        EventHandler<ReceivedSignal>? handlers;
        lock (_gate)
        {
            if (_early != null)
            {
                _early.Add(signal);
                return;
            }

            handlers = _handlers;
        }

        handlers?.Invoke(this, signal);
    }

    private void StopCatching()
    {
        _catcher?.Dispose();
        _catcher = null;
    }

    public void Dispose()
    {
        lock (_gate)
        {
            StopCatching();
        }
    }
}
