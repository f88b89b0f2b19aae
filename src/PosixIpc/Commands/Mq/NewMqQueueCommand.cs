using System.IO;
using System.Management.Automation;
using PosixIpc.Mq;

namespace PosixIpc.Commands;

[Cmdlet(VerbsCommon.New, "MqQueue", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(MqQueueInfo))]
public sealed class NewMqQueueCommand : PosixIpcCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string[] Name { get; set; } = null!;

    [Parameter]
    [ValidateRange(1, long.MaxValue)]
    public long MaxMessages { get; set; }

    [Parameter]
    [ValidateRange(1, long.MaxValue)]
    public long MessageSize { get; set; }

    [Parameter]
    [UnixModeTransformation]
    public UnixFileMode Mode { get; set; } = UnixPermissions.OwnerOnly;

    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override void ProcessRecord()
    {
        foreach (string name in Name)
        {
            RunForItem(() =>
            {
                string full = IpcName.Normalize(name, IpcNameKind.MqQueue);
                if (!ShouldProcess(full, $"Create message queue with mode {UnixPermissions.ToOctal(Mode)}"))
                {
                    return;
                }

                MqQueueInfo queue = MqQueue.Create(full, MaxMessages, MessageSize, Mode, Force);
                WarnIfModeKept($"The message queue '{full}'", queue.Mode, Mode);

                WriteObject(queue);
            });
        }
    }
}
