using PosixIpc.Mq;

namespace PosixIpc.Commands;

[Cmdlet(VerbsCommon.Get, "MqQueue")]
[OutputType(typeof(MqQueueInfo))]
public sealed class GetMqQueueCommand() : GetNamedObjectCommand(NamedKind.Queue);
