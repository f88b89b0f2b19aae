using System.Management.Automation;
using PosixIpc.Mq;

namespace PosixIpc.Commands;

[Cmdlet(VerbsCommon.Remove, "MqQueue", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(MqQueueInfo))]
public sealed class RemoveMqQueueCommand : NamedObjectsCommand
{
    internal override NamedKind Kind => NamedKind.Queue;
}
