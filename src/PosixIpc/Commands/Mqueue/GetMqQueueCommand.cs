using System.Management.Automation;
using PosixIpc.Mqueue;

namespace PosixIpc.Commands;

[Cmdlet(VerbsCommon.Get, "MqQueue")]
[OutputType(typeof(MqQueueInfo))]
public sealed class GetMqQueueCommand : PosixIpcCmdlet
{
    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(MqNameCompleter))]
    public string[] Name { get; set; } = { "*" };

    protected override void ProcessRecord()
    {
        foreach (string pattern in Name)
        {
            try
            {
                foreach (string name in MqCommandHelpers.Resolve(pattern, out bool wildcard))
                {
                    try
                    {
                        WriteObject(MessageQueue.Get(name));
                    }
                    catch (PosixIpcException e) when (wildcard && e.ErrorId == "MqNotFound")
                    {
                        // Removed between the listing and the look.
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
