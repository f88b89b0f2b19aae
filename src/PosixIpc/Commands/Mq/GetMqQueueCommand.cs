using System.Management.Automation;
using PosixIpc.Mq;

namespace PosixIpc.Commands;

[Cmdlet(VerbsCommon.Get, "MqQueue")]
[OutputType(typeof(MqQueueInfo))]
public sealed class GetMqQueueCommand : GetNamedObjectCommand
{
    internal override NamedKind Kind => NamedKind.Queue;
}
