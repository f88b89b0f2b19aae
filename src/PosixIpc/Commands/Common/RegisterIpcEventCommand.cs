using System;
using System.Linq;
using System.Management.Automation;

namespace PosixIpc.Commands;

/// <summary>
/// What the Register-*Event cmdlets share: Register-ObjectEvent's parameters, one subscription per
/// source identifier, and a source that is disposed again when subscribing fails.
/// </summary>
public abstract class RegisterIpcEventCommand : PosixIpcCmdlet
{
    /// <summary>The name of the subscription, for Get-Event, Wait-Event and Unregister-Event; a GUID when not given.</summary>
    [Parameter(Position = 1)]
    [ValidateNotNullOrEmpty]
    public string? SourceIdentifier { get; set; }

    /// <summary>Runs for each event, with $Event, $EventArgs and $Event.MessageData.</summary>
    [Parameter(Position = 2)]
    public ScriptBlock? Action { get; set; }

    /// <summary>Any data to hand to the action and to the queued events ($Event.MessageData).</summary>
    [Parameter]
    public PSObject? MessageData { get; set; }

    /// <summary>Hides the subscription from Get-EventSubscriber and its events from Get-Event.</summary>
    [Parameter]
    public SwitchParameter SupportEvent { get; set; }

    /// <summary>Subscribes to the source's event; the source is made only once the identifier is known to be free.</summary>
    protected void Subscribe(string subscriberExistsErrorId, Func<IDisposable> createSource, string eventName)
    {
        RequireFreeIdentifier(subscriberExistsErrorId);
        IDisposable source = RunForCommand(createSource)!;

        PSEventSubscriber subscriber;
        try
        {
            subscriber = Events.SubscribeEvent(source, eventName, SourceIdentifier, MessageData, Action, SupportEvent, false);
            SubscribeFailures(source, subscriber);
        }
        catch (Exception)
        {
            source.Dispose();
            throw;
        }

        if (Action != null && !SupportEvent)
        {
            WriteObject(subscriber.Action);
        }
    }

    /// <summary>
    /// A failure on the source's thread (a subscriber that threw, a receive that failed) comes as the
    /// PowerShell event "&lt;SourceIdentifier&gt;.Failed", whose SourceArgs[1] is the error (a
    /// PosixIpcException with its ErrorId); it goes when the subscription does.
    /// </summary>
    protected void SubscribeFailures(IDisposable source, PSEventSubscriber subscriber)
    {
        if (source.GetType().GetEvent("Failed") == null)
        {
            return;
        }

        PSEventSubscriber failures = Events.SubscribeEvent(source, "Failed", subscriber.SourceIdentifier + ".Failed", MessageData, (ScriptBlock?)null, SupportEvent, false);
        subscriber.Unsubscribed += (_, _) => Events.UnsubscribeEvent(failures);
    }

    /// <summary>As Register-ObjectEvent does: one subscription per source identifier.</summary>
    protected void RequireFreeIdentifier(string subscriberExistsErrorId)
    {
        if (SourceIdentifier != null &&
            Events.Subscribers.Any(s => string.Equals(s.SourceIdentifier, SourceIdentifier, StringComparison.OrdinalIgnoreCase)))
        {
            ThrowTerminatingError(new ErrorRecord(
                new ArgumentException($"A subscriber with the source identifier '{SourceIdentifier}' already exists; nothing was registered. Choose another -SourceIdentifier, or Unregister-Event the existing one first."),
                subscriberExistsErrorId, ErrorCategory.ResourceExists, SourceIdentifier));
        }
    }
}
