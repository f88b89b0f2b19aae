using PosixIpc.Mq;

namespace PosixIpc.Commands;

[Cmdlet(VerbsCommon.Remove, "MqQueue", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(MqQueueInfo))]
public sealed class RemoveMqQueueCommand() : NamedObjectsCommand(NamedKind.Queue);
