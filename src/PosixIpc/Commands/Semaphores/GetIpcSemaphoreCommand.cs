using System.Management.Automation;
using PosixIpc.Semaphores;

namespace PosixIpc.Commands;

[Cmdlet(VerbsCommon.Get, "IpcSemaphore")]
[OutputType(typeof(SemaphoreInfo))]
public sealed class GetIpcSemaphoreCommand : PosixIpcCmdlet
{
    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(SemaphoreNameCompleter))]
    public string[] Name { get; set; } = { "*" };

    protected override void ProcessRecord() =>
        ForEachNamed(Name, IpcNameKind.Semaphore, IpcSemaphore.Names, name => WriteObject(IpcSemaphore.Get(name)), ErrorIds.SemaphoreNotFound);
}
