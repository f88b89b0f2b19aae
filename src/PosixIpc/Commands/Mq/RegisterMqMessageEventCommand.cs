using System.Management.Automation;
using System.Text;
using PosixIpc.Mq;

namespace PosixIpc.Commands;

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

    protected override void ProcessRecord() =>
        Subscribe(ErrorIds.MqSubscriberExists, () => new MqMessageEventSource(Name, Encoding), nameof(MqMessageEventSource.Received));
}
