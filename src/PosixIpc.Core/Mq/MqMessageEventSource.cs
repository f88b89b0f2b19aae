using System.Text;
using PosixIpc.Events;

namespace PosixIpc.Mq;

/// <summary>
/// A .NET event raised for each message taken from a queue, for PowerShell's event manager
/// (Register-MqMessageEvent). A background thread receives in short timed slices from the moment
/// the first handler is added; when the last handler is removed (Unregister-Event) it stops and closes the queue.
/// With maxInFlight, it takes a message from the kernel only while fewer than that many events are
/// in flight (raised and not yet handed over: see HandOver and StillQueued); at the end what is in
/// flight goes back to the queue, in order, or is listed in NotGivenBack.
/// </summary>
public sealed class MqMessageEventSource : IpcEventSource<MqMessage>
{
    // Receive slices are short so that a stop (Unregister-Event) ends the thread promptly.
    private const int ReceiveSliceMs = 20;
    private static readonly TimeSpan GiveBackWait = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan GiveBackTotal = TimeSpan.FromSeconds(2);

    private readonly object _gate = new();
    private readonly MqQueue _queue;
    private readonly Encoding _encoding;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<MqMessage> _inFlight = new();

    // Taken from the kernel as the subscription ended, so never raised: these always go back.
    private readonly List<MqMessage> _neverRaised = new();
    private readonly List<PosixIpcException> _notGivenBack = new();
    private Thread? _thread;
    private bool _disposed;

    public MqMessageEventSource(string name, Encoding encoding, int maxInFlight = 0)
    {
        _queue = MqQueue.Open(name, MqAccess.Receive);
        _encoding = encoding;
        Name = _queue.Name;
        MaxInFlight = maxInFlight;
        AppDomain.CurrentDomain.ProcessExit += OnProcessExit;
    }

    /// <summary>The queue's name.</summary>
    public string Name { get; }

    /// <summary>How many events may be in flight; 0: an event is handed over when its handlers return.</summary>
    public int MaxInFlight { get; }

    /// <summary>
    /// Whether a raised message still waits for its consumer (for an event queue: the event is still
    /// in it). Asked while the limit holds the thread back; a message it says no to is handed over.
    /// </summary>
    public Func<MqMessage, bool>? StillQueued { get; set; }

    /// <summary>The last receive failure that ended the thread, if any.</summary>
    public PosixIpcException? Failure { get; private set; }

    /// <summary>Messages in flight that went back to the queue at the end.</summary>
    public int GivenBack { get; private set; }

    /// <summary>Messages in flight at the end that could not go back; each error carries its message (Unsent).</summary>
    public IReadOnlyList<PosixIpcException> NotGivenBack
    {
        get
        {
            lock (_gate)
            {
                return _notGivenBack.ToArray();
            }
        }
    }

    /// <summary>
    /// The consumer takes a raised message: true when it is its own to deliver, false when it went
    /// back to the queue already (the subscription ended) and must not be delivered.
    /// </summary>
    public bool HandOver(MqMessage message)
    {
        lock (_gate)
        {
            if (_disposed || !_inFlight.Remove(message))
            {
                return false;
            }

            Monitor.PulseAll(_gate);
            return true;
        }
    }

    /// <summary>
    /// Called once when the last handler of Subscription is removed (Unregister-Event, the session's
    /// end), on that thread, after the receiving thread has given back what was in flight (waited for
    /// up to EndWait): NotGivenBack is complete then, for the consumer to report.
    /// </summary>
    public Action? Ended { get; set; }

    /// <summary>How long the end of a subscription waits for what is in flight to go back: the give-back's own bound and a second.</summary>
    private static readonly TimeSpan EndWait = GiveBackTotal + TimeSpan.FromSeconds(1);

    private int _subscriptions;

    /// <summary>
    /// For PowerShell's event manager when the subscriber raises the events itself: never raised;
    /// removing its last handler ends the subscription (BeginStop, then Ended).
    /// </summary>
    public event EventHandler<MqMessage>? Subscription
    {
        add
        {
            lock (_gate)
            {
                _subscriptions++;
            }
        }

        remove
        {
            bool last;
            lock (_gate)
            {
                last = --_subscriptions == 0;
            }

            if (last)
            {
                BeginStop();

                // Usually the thread has given back what was in flight within a slice, and the script
                // sees the event queue without those events when Unregister-Event returns; the wait is
                // bounded, as PowerShell may hold a lock here that the thread needs. A full queue makes
                // it last up to the give-back's bound.
                Thread? thread;
                lock (_gate)
                {
                    thread = _thread;
                }

                if (thread != null && thread != Thread.CurrentThread)
                {
                    thread.Join(EndWait);
                }

                Ended?.Invoke();
            }
        }
    }

    /// <summary>Runs on the receiving thread once it has given back what was in flight (see Returned).</summary>
    public Action? Finished { get; set; }

    private readonly List<MqMessage> _returned = new();

    /// <summary>The messages that went back to the queue at the end (their events must not be delivered).</summary>
    public IReadOnlyList<MqMessage> Returned
    {
        get
        {
            lock (_gate)
            {
                return _returned.ToArray();
            }
        }
    }

    /// <summary>
    /// Stops without waiting (PowerShell unsubscribes under its own locks, which the receiving
    /// thread may need): the thread gives back what is in flight, then runs Finished.
    /// </summary>
    public void BeginStop()
    {
        ClearHandlers();
        lock (_gate)
        {
            _disposed = true;
            Monitor.PulseAll(_gate);
        }

        _stop.Cancel();
    }

    protected override string Description => $"the queue '{Name}'";

    protected override bool AcceptsHandlers => !_disposed;

    /// <summary>The first handler starts the receiving thread.</summary>
    protected override void OnHandlerAdded(EventHandler<MqMessage> handler, bool first)
    {
        lock (_gate)
        {
            if (_thread == null && !_disposed)
            {
                _thread = new Thread(Run) { IsBackground = true, Name = "PosixIpc mq " + Name };
                _thread.Start();
            }
        }
    }

    protected override void OnLastHandlerRemoved() => Dispose();

    private void Run()
    {
        byte[] buffer = new byte[_queue.MessageSize];
        try
        {
            while (WaitForRoom())
            {
                int n;
                uint priority;
                try
                {
                    n = _queue.Receive(buffer, out priority, false, Deadline.After(null), null, _stop.Token, sliceMs: ReceiveSliceMs);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                var message = new MqMessage(Name, priority, buffer.AsSpan(0, n).ToArray(), DateTime.Now, _encoding);
                bool stopping;
                lock (_gate)
                {
                    stopping = _disposed;
                    if (MaxInFlight > 0 && !stopping)
                    {
                        _inFlight.Add(message);
                    }
                }

                // Each handler is guarded (IpcEventSource): one that throws is reported as Failed and the others still get the message.
                // A stop between the check and the raise leaves no handler: the message was never an event.
                if (stopping || !Raise(message))
                {
                    lock (_gate)
                    {
                        _inFlight.Remove(message);
                        _neverRaised.Add(message);
                    }
                }
            }
        }
        catch (PosixIpcException e)
        {
            Failure = e;
            ReportFailure(e);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Nothing may escape this thread: it would end pwsh. What is in flight goes back.
            Failure = new PosixIpcException(ErrorIds.MqReceiveFailed, 0, null, Name, $"Receiving from the queue '{Name}' for its event subscribers failed: {e.Message} No more events come from it; Unregister-Event and register again.", e);
            ReportFailure(Failure);
        }
        finally
        {
            GiveBackInFlight();
            _queue.Dispose();
            try
            {
                Finished?.Invoke();
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                Failure ??= new PosixIpcException(ErrorIds.MqReceiveFailed, 0, null, Name, $"Ending the subscription to the queue '{Name}' failed: {e.Message}", e);
            }
        }
    }

    /// <summary>Waits while the events in flight are at the limit; false once the source is stopping.</summary>
    private bool WaitForRoom()
    {
        while (true)
        {
            MqMessage[] pending;
            lock (_gate)
            {
                if (_disposed || _stop.IsCancellationRequested)
                {
                    return false;
                }

                if (MaxInFlight <= 0 || _inFlight.Count < MaxInFlight)
                {
                    return true;
                }

                pending = _inFlight.ToArray();
            }

            Func<MqMessage, bool>? stillQueued = StillQueued;
            if (stillQueued != null)
            {
                foreach (MqMessage message in pending)
                {
                    if (!stillQueued(message))
                    {
                        HandOver(message);
                    }
                }
            }

            lock (_gate)
            {
                if (!_disposed && MaxInFlight > 0 && _inFlight.Count >= MaxInFlight)
                {
                    Monitor.Wait(_gate, ReceiveSliceMs);
                }
            }
        }
    }

    /// <summary>Puts what is in flight back into the queue, oldest first, within a bounded time.</summary>
    private void GiveBackInFlight()
    {
        MqMessage[] back;
        lock (_gate)
        {
            _disposed = true;
            back = _inFlight.ToArray();
            _inFlight.Clear();
        }

        Deadline total = Deadline.After(GiveBackTotal);
        Func<MqMessage, bool>? stillQueued = StillQueued;
        foreach (MqMessage message in back)
        {
            // An event the script took from the event queue since the limit last looked was delivered.
            if (stillQueued != null && !stillQueued(message))
            {
                continue;
            }

            GiveBack(message, total);
        }

        MqMessage[] neverRaised;
        lock (_gate)
        {
            neverRaised = _neverRaised.ToArray();
            _neverRaised.Clear();
        }

        foreach (MqMessage message in neverRaised)
        {
            GiveBack(message, total);
        }
    }

    private void GiveBack(MqMessage message, Deadline total)
    {
        PosixIpcException? failure = _queue.GiveBack(message, total.HasPassed ? TimeSpan.Zero : GiveBackWait);
        lock (_gate)
        {
            if (failure == null)
            {
                GivenBack++;
                _returned.Add(message);
            }
            else
            {
                _notGivenBack.Add(failure);
            }
        }
    }

    private void OnProcessExit(object? sender, EventArgs e) => Dispose();

    public override void Dispose()
    {
        ClearHandlers();
        Thread? thread;
        lock (_gate)
        {
            if (_disposed && _thread == null)
            {
                return;
            }

            _disposed = true;
            thread = _thread;
            _thread = null;
            Monitor.PulseAll(_gate);
        }

        AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
        _stop.Cancel();
        if (thread == null)
        {
            _queue.Dispose();
        }
        else if (thread != Thread.CurrentThread)
        {
            thread.Join(3000);
        }
    }
}
