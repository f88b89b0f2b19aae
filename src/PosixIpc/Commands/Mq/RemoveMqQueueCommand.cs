using System.Management.Automation;
using PosixIpc.Mq;

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
        ForEachNamed(Name, IpcNameKind.MqQueue, MqQueues.Names, name =>
        {
            MqQueueInfo? before = PassThru ? MqQueue.Get(name) : null;
            if (ShouldProcess(name, "Remove message queue"))
            {
                MqQueue.Remove(name);
                if (before != null)
                {
                    WriteObject(before);
                }
            }
        });
}
