using System.Management.Automation.Runspaces;
using System.Text;
using PosixIpc.Mq;

namespace PosixIpc.Commands;

/// <summary>
/// Subscribes to a queue's messages as PowerShell events, with back-pressure: a message is taken
/// from the kernel only while fewer than -MaxInFlight events wait for the script (an -Action that
/// has not started, or an event still in the event queue); at Unregister-Event and at exit what is
/// in flight goes back to the queue. Events are raised on the receiving thread, so one queue's
/// events reach Get-Event and -Action in queue order.
/// </summary>
[Cmdlet(VerbsLifecycle.Register, "MqMessageEvent")]
[OutputType(typeof(PSEventJob))]
public sealed class RegisterMqMessageEventCommand : RegisterIpcEventCommand
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(IpcNameCompleter))]
    public string Name { get; set; } = null!;

    [Parameter]
    [EncodingTransformation]
    [ArgumentCompleter(typeof(EncodingCompleter))]
    public Encoding Encoding { get; set; } = EncodingNames.Default;

    /// <summary>How many events may wait for the script at once; further messages stay in the queue meanwhile.</summary>
    [Parameter]
    [ValidateRange(1, 1000)]
    public int MaxInFlight { get; set; } = 16;

    private int _subscriptions;

    protected override string SubscriberExistsErrorId => ErrorIds.MqSubscriberExists;

    protected override IDisposable CreateSource() => new MqMessageEventSource(Name, Encoding, MaxInFlight);

    // Never raised: PowerShell's removing its handler is the unsubscription (the events are raised by this command).
    protected override string GetSourceObjectEventName() => nameof(MqMessageEventSource.Subscription);

    /// <summary>Each queue piped in is its own subscription, made here; nothing is left for the end.</summary>
    protected override void EndProcessing()
    {
    }

    protected override void ProcessRecord()
    {
        // The default identifier (a GUID) is the first queue's; each further queue piped in gets a GUID of its own.
        string identifier = _subscriptions++ == 0 || MyInvocation.BoundParameters.ContainsKey(nameof(SourceIdentifier))
            ? SourceIdentifier
            : Guid.NewGuid().ToString();
        RequireFreeIdentifier(identifier);
        var source = (MqMessageEventSource)CreateSourceOrStop(CreateSource);
        PSEventManager events = Events;

        PSEventSubscriber subscriber;
        try
        {
            // An engine event that this command raises itself, in the receiving thread, so that
            // PowerShell's thread pool cannot reorder the events of one queue.
            // Subscription is never raised: PowerShell's removing its handler is the unsubscription.
            source.Finished = () => RemoveReturned(source, events);
            SessionState session = SessionState;
            System.Management.Automation.Host.PSHost host = Host;
            source.Ended = () => ReportNotGivenBack(source, session, host);
            subscriber = events.SubscribeEvent(source, GetSourceObjectEventName(), identifier, MessageData, HandingOver(Action), SupportEvent, Forward, MaxTriggerCount);
            SubscribeFailures(source, subscriber);
            if (Action == null)
            {
                source.StillQueued = message => IsQueued(events, identifier, message);
            }

            source.Received += (_, message) => Raise(events, identifier, source, message);
        }
        catch (Exception)
        {
            source.Dispose();
            throw;
        }

        WriteJob(subscriber);
    }

    private void Raise(PSEventManager events, string identifier, MqMessageEventSource source, MqMessage message)
    {
        try
        {
            events.GenerateEvent(identifier, source, new object[] { source, message }, MessageData, true, false);
        }
        catch (Exception e) when (e is InvalidPipelineStateException or InvalidRunspaceStateException)
        {
            // The event is queued already; only waking the idle engine failed (it is busy, or a
            // wake-up is under way), and the engine runs the action when it next looks.
        }
    }

    /// <summary>The action, run only for a message the source hands over (not one it gave back at the end).</summary>
    private static ScriptBlock? HandingOver(ScriptBlock? action) =>
        action == null ? null : ScriptBlock.Create(
            "if ($Event.Sender.HandOver($Event.SourceArgs[-1])) { & {" + action.ToString() + "\n} @args }");

    private static bool IsQueued(PSEventManager events, string identifier, MqMessage message)
    {
        lock (events.ReceivedEvents.SyncRoot)
        {
            foreach (PSEventArgs e in events.ReceivedEvents)
            {
                if (ReferenceEquals(Carried(e), message) && string.Equals(e.SourceIdentifier, identifier, StringComparison.Ordinal))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static object? Carried(PSEventArgs e) =>
        e.SourceArgs is { Length: > 0 } args ? (args[^1] is PSObject p ? p.BaseObject : args[^1]) : null;

    /// <summary>
    /// At Unregister-Event, on its thread: a message in flight that could not go back to the queue
    /// (it stayed full) is reported as MqMessageNotGivenBack in $Error, the message its target, with
    /// a warning; its event has left the event queue (RemoveReturned), so it reaches the script once.
    /// </summary>
    private static void ReportNotGivenBack(MqMessageEventSource source, SessionState session, System.Management.Automation.Host.PSHost host)
    {
        foreach (PosixIpcException lost in source.NotGivenBack)
        {
            PosixIpcCmdlet.ReportOutsidePipeline(session, host, lost);
        }
    }

    /// <summary>
    /// After Unregister-Event or the end of the session, on the receiving thread: the events of the
    /// messages that went back to the queue, or that could not and are reported instead, leave the
    /// event queue, so none is delivered twice.
    /// </summary>
    private static void RemoveReturned(MqMessageEventSource source, PSEventManager events)
    {
        var back = new HashSet<MqMessage>(source.Returned);
        foreach (PosixIpcException lost in source.NotGivenBack)
        {
            if (lost.Unsent is MqMessage m)
            {
                back.Add(m);
            }
        }

        if (back.Count == 0)
        {
            return;
        }

        lock (events.ReceivedEvents.SyncRoot)
        {
            for (int i = events.ReceivedEvents.Count - 1; i >= 0; i--)
            {
                if (Carried(events.ReceivedEvents[i]) is MqMessage m && back.Contains(m))
                {
                    events.ReceivedEvents.RemoveAt(i);
                }
            }
        }
    }
}
