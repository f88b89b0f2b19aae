using System.Management.Automation;
using PosixIpc.SharedMemory;

namespace PosixIpc.Commands;

[Cmdlet(VerbsCommon.Get, "SharedMemory")]
[OutputType(typeof(SharedMemoryInfo))]
public sealed class GetSharedMemoryCommand : PosixIpcCmdlet
{
    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(ShmNameCompleter))]
    public string[] Name { get; set; } = { "*" };

    protected override void ProcessRecord() =>
        ForEachNamed(Name, IpcNameKind.SharedMemory, SharedMemorySegment.Names, name => WriteObject(SharedMemorySegment.Get(name)), ErrorIds.ShmNotFound);
}
