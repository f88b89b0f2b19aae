using System.Management.Automation;
using PosixIpc.Mq;

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

    protected override void ProcessRecord() =>
        ForEachNamed(Name, IpcNameKind.MqQueue, MqQueues.Names, name => WriteObject(MqQueue.Get(name)), ErrorIds.MqNotFound);
}
