using System.IO;
using System.Management.Automation;
using PosixIpc.Semaphores;

namespace PosixIpc.Commands;

[Cmdlet(VerbsCommon.New, "IpcSemaphore", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(SemaphoreInfo))]
public sealed class NewIpcSemaphoreCommand : PosixIpcCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string[] Name { get; set; } = null!;

    /// <summary>How many holders it lets in at once: 1 (the default) makes a lock.</summary>
    [Parameter(Position = 1)]
    public long InitialValue { get; set; } = 1;

    [Parameter]
    [UnixModeTransformation]
    public UnixFileMode Mode { get; set; } = UnixPermissions.OwnerOnly;

    /// <summary>Reuse an existing semaphore as it is (its value is not reset).</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override void ProcessRecord()
    {
        foreach (string name in Name)
        {
            RunForItem(() =>
            {
                string full = IpcName.Normalize(name, IpcNameKind.Semaphore);
                if (!ShouldProcess(full, $"Create semaphore with value {InitialValue} and mode {UnixPermissions.ToOctal(Mode)}"))
                {
                    return;
                }

                using IpcSemaphore semaphore = IpcSemaphore.Create(full, InitialValue, Mode, Force);
                SemaphoreInfo info = semaphore.GetInfo();
                if (!semaphore.Created)
                {
                    if (info.Value != InitialValue && MyInvocation.BoundParameters.ContainsKey(nameof(InitialValue)))
                    {
                        WriteWarning($"The semaphore '{full}' already existed with value {info.Value}; -Force reuses it as it is and did not set it to {InitialValue}.");
                    }

                    WarnIfModeKept($"The semaphore '{full}'", info.Mode, Mode);
                }

                WriteObject(info);
            });
        }
    }
}
