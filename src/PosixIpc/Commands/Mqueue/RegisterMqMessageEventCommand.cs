using System;
using System.Linq;
using System.Management.Automation;
using System.Text;
using PosixIpc.Mqueue;

namespace PosixIpc.Commands;

[Cmdlet(VerbsLifecycle.Register, "MqMessageEvent")]
[OutputType(typeof(PSEventJob))]
public sealed class RegisterMqMessageEventCommand : PosixIpcCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(MqNameCompleter))]
    public string Name { get; set; } = null!;

    [Parameter(Position = 1)]
    [ValidateNotNullOrEmpty]
    public string? SourceIdentifier { get; set; }

    [Parameter(Position = 2)]
    public ScriptBlock? Action { get; set; }

    [Parameter]
    public PSObject? MessageData { get; set; }

    [Parameter]
    public SwitchParameter SupportEvent { get; set; }

    [Parameter]
    [EncodingTransformation]
    [ArgumentCompleter(typeof(EncodingCompleter))]
    public Encoding Encoding { get; set; } = EncodingNames.Default;

    protected override void ProcessRecord()
    {
        if (SourceIdentifier != null &&
            Events.Subscribers.Any(s => string.Equals(s.SourceIdentifier, SourceIdentifier, StringComparison.OrdinalIgnoreCase)))
        {
            ThrowTerminatingError(new ErrorRecord(
                new ArgumentException($"A subscriber with the source identifier '{SourceIdentifier}' already exists; nothing was registered. Choose another -SourceIdentifier, or Unregister-Event the existing one first."),
                "MqSubscriberExists", ErrorCategory.ResourceExists, SourceIdentifier));
        }

        MqMessageEventSource source;
        try
        {
            source = new MqMessageEventSource(Name, Encoding);
        }
        catch (PosixIpcException e)
        {
            ThrowIpcError(e);
            return;
        }

        PSEventSubscriber subscriber;
        try
        {
            subscriber = Events.SubscribeEvent(source, nameof(MqMessageEventSource.Received), SourceIdentifier, MessageData, Action,
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
