using PosixIpc.Mq;

namespace PosixIpc.Commands;

[Cmdlet(VerbsCommon.Clear, "MqQueue", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(MqQueueInfo))]
public sealed class ClearMqQueueCommand() : NamedObjectsCommand(NamedKind.Queue)
{
    protected override void Act(string name)
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
    }
}
