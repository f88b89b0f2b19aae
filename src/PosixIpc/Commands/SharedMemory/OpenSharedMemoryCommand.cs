using PosixIpc.SharedMemory;

namespace PosixIpc.Commands;

/// <summary>An open segment for scripts that read and write it many times; the caller disposes it.</summary>
[Cmdlet(VerbsCommon.Open, "SharedMemory")]
[OutputType(typeof(SharedMemorySegment))]
public sealed class OpenSharedMemoryCommand : PosixIpcCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(IpcNameCompleter))]
    public string Name { get; set; } = null!;

    [Parameter]
    public SwitchParameter ReadOnly { get; set; }

    protected override void ProcessRecord()
    {
        RunForItem(() =>
        {
            WriteObject(SharedMemorySegment.Open(Name, ReadOnly));
        });
    }
}
