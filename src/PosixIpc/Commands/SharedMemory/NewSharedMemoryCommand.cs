using System.IO;
using System.Management.Automation;
using PosixIpc.SharedMemory;

namespace PosixIpc.Commands;

[Cmdlet(VerbsCommon.New, "SharedMemory", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(SharedMemoryInfo))]
public sealed class NewSharedMemoryCommand : PosixIpcCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string[] Name { get; set; } = null!;

    /// <summary>Bytes; PowerShell's 64KB / 1MB suffixes work, as numbers and as text.</summary>
    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
    public long Size { get; set; }

    [Parameter]
    [UnixModeTransformation]
    public UnixFileMode Mode { get; set; } = UnixPermissions.OwnerOnly;

    /// <summary>Reuse an existing segment: grown to -Size when smaller, never shrunk or wiped.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override void ProcessRecord()
    {
        foreach (string name in Name)
        {
            RunForItem(() =>
            {
                string full = IpcName.Normalize(name, IpcNameKind.SharedMemory);
                if (!ShouldProcess(full, $"Create shared memory segment of {Size} bytes with mode {UnixPermissions.ToOctal(Mode)}"))
                {
                    return;
                }

                using SharedMemorySegment segment = SharedMemorySegment.Create(full, Size, Mode, Force);
                SharedMemoryInfo info = segment.GetInfo();
                if (!segment.Created)
                {
                    if (info.Size > Size)
                    {
                        WriteWarning($"The shared memory segment '{full}' already existed with {info.Size} bytes; -Force reuses it as it is and never shrinks it to {Size}.");
                    }

                    WarnIfModeKept($"The shared memory segment '{full}'", info.Mode, Mode);
                }

                WriteObject(info);
            });
        }
    }
}
