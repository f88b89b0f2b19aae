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

    protected override void ProcessRecord()
    {
        foreach (string pattern in Name)
        {
            try
            {
                foreach (string name in IpcNamePattern.Resolve(pattern, IpcNameKind.Semaphore, IpcSemaphore.Names, out bool wildcard))
                {
                    try
                    {
                        WriteObject(IpcSemaphore.Get(name));
                    }
                    catch (PosixIpcException e) when (wildcard && e.ErrorId == "SemaphoreNotFound")
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
