using System;
using System.Linq;
using System.Management.Automation;
using PosixIpc.Signals;

namespace PosixIpc.Commands;

[Cmdlet(VerbsLifecycle.Register, "IpcSignalEvent")]
[OutputType(typeof(PSEventJob))]
public sealed class RegisterIpcSignalEventCommand : PosixIpcCmdlet
{
    /// <summary>The signals that raise the event, by name or number.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ArgumentCompleter(typeof(SignalNameCompleter))]
    [ValidateNotNullOrEmpty]
    public string[] Signal { get; set; } = null!;

    /// <summary>The name of the subscription, for Get-Event, Wait-Event and Unregister-Event; a GUID when not given.</summary>
    [Parameter(Position = 1)]
    [ValidateNotNullOrEmpty]
    public string? SourceIdentifier { get; set; }

    /// <summary>Runs for each signal, with $Event, $EventArgs (the ReceivedSignal) and $Event.MessageData.</summary>
    [Parameter(Position = 2)]
    public ScriptBlock? Action { get; set; }

    /// <summary>Any data to hand to the action and to the queued events ($Event.MessageData).</summary>
    [Parameter]
    public PSObject? MessageData { get; set; }

    /// <summary>Hides the subscription from Get-EventSubscriber and its events from Get-Event.</summary>
    [Parameter]
    public SwitchParameter SupportEvent { get; set; }

    protected override void EndProcessing()
    {
        // As Register-ObjectEvent does: one subscription per source identifier.
        if (SourceIdentifier != null &&
            Events.Subscribers.Any(s => string.Equals(s.SourceIdentifier, SourceIdentifier, StringComparison.OrdinalIgnoreCase)))
        {
            ThrowTerminatingError(new ErrorRecord(
                new ArgumentException($"A subscriber with the source identifier '{SourceIdentifier}' already exists; nothing was registered. Choose another -SourceIdentifier, or Unregister-Event the existing one first."),
                "SignalSubscriberExists", ErrorCategory.ResourceExists, SourceIdentifier));
        }

        SignalEventSource source;
        try
        {
            source = new SignalEventSource(Signal.Select(s => SignalTable.Parse(s)).ToArray());
        }
        catch (PosixIpcException e)
        {
            ThrowIpcError(e);
            return;
        }

        PSEventSubscriber subscriber;
        try
        {
            subscriber = Events.SubscribeEvent(source, nameof(SignalEventSource.Received), SourceIdentifier, MessageData, Action,
                SupportEvent, false);
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
}
