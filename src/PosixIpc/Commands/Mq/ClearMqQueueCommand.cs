using System.Management.Automation;
using PosixIpc.Mq;

namespace PosixIpc.Commands;

[Cmdlet(VerbsCommon.Clear, "MqQueue", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(MqQueueInfo))]
public sealed class ClearMqQueueCommand : PosixIpcCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(MqNameCompleter))]
    public string[] Name { get; set; } = null!;

    /// <summary>Emits each queue after it was emptied.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord() =>
        ForEachNamed(Name, IpcNameKind.MqQueue, MqQueues.Names, name =>
        {
            if (!ShouldProcess(name, "Discard every message waiting in the message queue"))
            {
                return;
            }

            using (MqQueue queue = MqQueue.Open(name, MqAccess.Receive))
            {
                int discarded = queue.Clear();
                WriteVerbose($"Discarded {discarded} message(s) from '{name}'.");
            }

            if (PassThru)
            {
                WriteObject(MqQueue.Get(name));
            }
        });
}
