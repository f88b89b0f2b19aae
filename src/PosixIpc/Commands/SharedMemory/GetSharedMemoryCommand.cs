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

    protected override void ProcessRecord()
    {
        foreach (string pattern in Name)
        {
            try
            {
                foreach (string name in IpcNamePattern.Resolve(pattern, IpcNameKind.SharedMemory, SharedMemorySegment.Names, out bool wildcard))
                {
                    try
                    {
                        WriteObject(SharedMemorySegment.Get(name));
                    }
                    catch (PosixIpcException e) when (wildcard && e.ErrorId == "ShmNotFound")
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
