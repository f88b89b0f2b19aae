using System.Management.Automation;
using PosixIpc.Mqueue;

namespace PosixIpc.Commands;

[Cmdlet(VerbsCommon.Remove, "MqQueue", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(MqQueueInfo))]
public sealed class RemoveMqQueueCommand : PosixIpcCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(MqNameCompleter))]
    public string[] Name { get; set; } = null!;

    /// <summary>Emits each removed queue as it was just before removal.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord() =>
        ForEachNamed(Name, IpcNameKind.MessageQueue, MessageQueues.Names, name =>
        {
            MqQueueInfo? before = PassThru ? MessageQueue.Get(name) : null;
            if (ShouldProcess(name, "Remove message queue"))
            {
                MessageQueue.Remove(name);
                if (before != null)
                {
                    WriteObject(before);
                }
            }
        });
}
