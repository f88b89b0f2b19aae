using PosixIpc.Mq;

namespace PosixIpc.Commands;

[Cmdlet(VerbsCommon.New, "MqQueue", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(MqQueueInfo))]
public sealed class NewMqQueueCommand() : NewNamedObjectCommand(IpcNameKind.MqQueue)
{
    [Parameter]
    [ValidateRange(1, long.MaxValue)]
    public long MaxMessages { get; set; }

    [Parameter]
    [ValidateRange(1, long.MaxValue)]
    public long MessageSize { get; set; }

    protected override string Action => $"Create message queue with mode {OctalMode}";

    protected override OwnedObject Create(string name) => MqQueue.Create(name, MaxMessages, MessageSize, Mode, Force);
}
