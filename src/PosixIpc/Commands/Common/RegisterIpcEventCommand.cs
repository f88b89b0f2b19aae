using Microsoft.PowerShell.Commands;

namespace PosixIpc.Commands;

/// <summary>
/// What the Register-*Event cmdlets share. They derive from PowerShell's ObjectEventRegistrationBase,
/// so -SourceIdentifier (a GUID when not given), -Action, -MessageData, -SupportEvent, -Forward and
/// -MaxTriggerCount are Register-ObjectEvent's own. On top: one subscription per source identifier,
/// checked before the source is made (making it starts catching or receiving), a source that is
/// disposed again when subscribing fails, and the source's failures as the event "&lt;id&gt;.Failed".
/// </summary>
public abstract class RegisterIpcEventCommand : ObjectEventRegistrationBase
{
    private object? _source;

    /// <summary>The Core event source, made once per subscription; throws PosixIpcException.</summary>
    protected abstract IDisposable CreateSource();

    /// <summary>The ErrorId of a subscription whose source identifier is taken.</summary>
    protected abstract string SubscriberExistsErrorId { get; }

    protected override object GetSourceObject() => _source ??= CreateSourceOrStop();

    protected override string GetSourceObjectEventName() => "Received";

    /// <summary>Subscribes as Register-ObjectEvent does, with the identifier checked before the source is made.</summary>
    protected override void EndProcessing()
    {
        RequireFreeIdentifier(SourceIdentifier);
        var source = (IDisposable)GetSourceObject();
        PSEventSubscriber subscriber;
        try
        {
            subscriber = Events.SubscribeEvent(source, GetSourceObjectEventName(), SourceIdentifier, MessageData, Action, SupportEvent, Forward, MaxTriggerCount);
            SubscribeFailures(source, subscriber);
        }
        catch (Exception)
        {
            source.Dispose();
            throw;
        }

        WriteJob(subscriber);
    }

    /// <summary>Makes the source, a PosixIpcException ending the command as its error.</summary>
    protected T CreateSourceOrStop<T>(Func<T> create)
    {
        try
        {
            return create();
        }
        catch (PosixIpcException e)
        {
            ThrowTerminatingError(IpcErrorRecord.From(e));
            throw;
        }
    }

    private IDisposable CreateSourceOrStop() => CreateSourceOrStop(CreateSource);

    /// <summary>As Register-ObjectEvent does: the -Action's job is output, unless the subscription is hidden (-SupportEvent).</summary>
    protected void WriteJob(PSEventSubscriber subscriber)
    {
        if (Action != null && !SupportEvent)
        {
            WriteObject(subscriber.Action);
        }
    }

    /// <summary>
    /// A failure on the source's thread (a subscriber that threw, a receive that failed) comes as the
    /// PowerShell event "&lt;SourceIdentifier&gt;.Failed", whose SourceArgs[1] is the error (a
    /// PosixIpcException with its ErrorId); forwarded with -Forward; it goes when the subscription does.
    /// </summary>
    protected void SubscribeFailures(IDisposable source, PSEventSubscriber subscriber)
    {
        if (source.GetType().GetEvent("Failed") == null)
        {
            return;
        }

        PSEventSubscriber failures = Events.SubscribeEvent(source, "Failed", subscriber.SourceIdentifier + ".Failed", MessageData, (ScriptBlock?)null, SupportEvent, Forward);
        subscriber.Unsubscribed += (_, _) => Events.UnsubscribeEvent(failures);
    }

    /// <summary>As Register-ObjectEvent does: one subscription per source identifier.</summary>
    protected void RequireFreeIdentifier(string identifier)
    {
        if (Events.Subscribers.Any(s => string.Equals(s.SourceIdentifier, identifier, StringComparison.OrdinalIgnoreCase)))
        {
            ThrowTerminatingError(new ErrorRecord(
                new ArgumentException($"A subscriber with the source identifier '{identifier}' already exists; nothing was registered. Choose another -SourceIdentifier, or Unregister-Event the existing one first."),
                SubscriberExistsErrorId, ErrorCategory.ResourceExists, identifier));
        }
    }
}
