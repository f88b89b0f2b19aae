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

    protected override void ProcessRecord()
    {
        foreach (string pattern in Name)
        {
            try
            {
                foreach (string name in MqCommandHelpers.Resolve(pattern, out _))
                {
                    try
                    {
                        MqQueueInfo? before = PassThru ? MessageQueue.Get(name) : null;
                        if (!ShouldProcess(name, "Remove message queue"))
                        {
                            continue;
                        }

                        MessageQueue.Remove(name);
                        if (before != null)
                        {
                            WriteObject(before);
                        }
                    }
                    catch (PosixIpcException e)
                    {
                        WriteIpcError(e);
                    }
                }
            }
            catch (PosixIpcException e)
            {
                WriteIpcError(e);
            }
        }
    }
}
