namespace PosixIpc.Events;

/// <summary>
/// What the background event sources (queue messages, signals) share: the Received event and its
/// handler list, and a guard around every handler. An exception a handler throws on the source's
/// thread would be unhandled there and end pwsh; here it is caught, kept (Failures), and raised as
/// the Failed event, which Register-*Event turns into a PowerShell event ("&lt;SourceIdentifier&gt;.Failed")
/// carrying the error. Failures of the source itself (a receive that failed) are reported the same way.
/// </summary>
public abstract class IpcEventSource<TArgs> : IDisposable
{
    /// <summary>How many failures are kept (the count goes on).</summary>
    public const int KeptFailures = 100;

    private readonly Queue<PosixIpcException> _failures = new();
    private EventHandler<TArgs>? _handlers;

    /// <summary>Guards the handler list and whatever state the derived source keeps beside it.</summary>
    protected object Gate { get; } = new();

    /// <summary>What the source is for, in messages ("the queue '/jobs'", "the signals USR1, HUP").</summary>
    protected abstract string Description { get; }

    /// <summary>Raised on the source's thread for each event.</summary>
    public event EventHandler<TArgs>? Received
    {
        add
        {
            if (value == null)
            {
                return;
            }

            bool first;
            lock (Gate)
            {
                if (!AcceptsHandlers)
                {
                    return;
                }

                first = _handlers == null;
                _handlers += value;
            }

            OnHandlerAdded(value, first);
        }

        remove
        {
            bool last;
            lock (Gate)
            {
                bool had = _handlers != null;
                _handlers -= value;
                last = had && _handlers == null;
            }

            if (last)
            {
                OnLastHandlerRemoved();
            }
        }
    }

    /// <summary>Raised, on the source's thread, with each failure of a handler or of the source itself.</summary>
    public event EventHandler<PosixIpcException>? Failed;

    /// <summary>The most recent failures, oldest first (at most KeptFailures).</summary>
    public IReadOnlyList<PosixIpcException> Failures
    {
        get
        {
            lock (_failures)
            {
                return _failures.ToArray();
            }
        }
    }

    /// <summary>Failures since the source was made.</summary>
    public long FailureCount { get; private set; }

    /// <summary>False once the source has stopped: handlers added then are ignored.</summary>
    protected virtual bool AcceptsHandlers => true;

    /// <summary>A handler was added (first: the list was empty). Runs outside the gate.</summary>
    protected virtual void OnHandlerAdded(EventHandler<TArgs> handler, bool first)
    {
    }

    /// <summary>The last handler was removed (Unregister-Event). Runs outside the gate.</summary>
    protected abstract void OnLastHandlerRemoved();

    /// <summary>Hands the event to every handler, each guarded: one that throws does not keep it from the others.</summary>
    /// <returns>False when no handler was there to take the event (the subscription was ending).</returns>
    protected bool Raise(TArgs args)
    {
        EventHandler<TArgs>? handlers;
        lock (Gate)
        {
            handlers = _handlers;
        }

        if (handlers == null)
        {
            return false;
        }

        foreach (Delegate handler in handlers.GetInvocationList())
        {
            Deliver((EventHandler<TArgs>)handler, args);
        }

        return true;
    }

    /// <summary>Hands the event to one handler, guarded.</summary>
    protected void Deliver(EventHandler<TArgs> handler, TArgs args)
    {
        try
        {
            handler(this, args);
        }
        catch (Exception e)
        {
            string who = handler.Method.DeclaringType is { } type ? $"{type.FullName}.{handler.Method.Name}" : handler.Method.Name;
            ReportFailure(new PosixIpcException(ErrorIds.EventSubscriberFailed, 0, null, Description,
                $"A subscriber ({who}) to the events of {Description} failed: {e.Message} The event was not handled by it; the other subscribers got it, and the source goes on. Fix the subscriber, or Unregister-Event it.", e)
            { Category = IpcErrorCategory.NotSpecified });
        }
    }

    /// <summary>Keeps a failure and raises Failed; nothing a Failed handler does can escape either.</summary>
    protected void ReportFailure(PosixIpcException failure)
    {
        lock (_failures)
        {
            FailureCount++;
            _failures.Enqueue(failure);
            while (_failures.Count > KeptFailures)
            {
                _failures.Dequeue();
            }
        }

        EventHandler<PosixIpcException>? failed = Failed;
        if (failed == null)
        {
            return;
        }

        foreach (Delegate handler in failed.GetInvocationList())
        {
            try
            {
                ((EventHandler<PosixIpcException>)handler)(this, failure);
            }
            catch (Exception)
            {
                // Where a failure is reported cannot itself fail the thread; it stays in Failures.
            }
        }
    }

    /// <summary>Forgets every handler (when the source stops).</summary>
    protected void ClearHandlers()
    {
        lock (Gate)
        {
            _handlers = null;
        }
    }

    public abstract void Dispose();
}
