using PosixIpc.SharedMemory;

namespace PosixIpc.Commands;

[Cmdlet(VerbsCommon.New, "SharedMemory", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(SharedMemoryInfo))]
public sealed class NewSharedMemoryCommand() : NewNamedObjectCommand(IpcNameKind.SharedMemory)
{
    /// <summary>Bytes; PowerShell's 64KB / 1MB suffixes work, as numbers and as text.</summary>
    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
    public long Size { get; set; }

    protected override string Action => $"Create shared memory segment of {Size} bytes with mode {OctalMode}";

    protected override OwnedObject Create(string name)
    {
        using SharedMemorySegment segment = SharedMemorySegment.Create(name, Size, Mode, Force);
        SharedMemoryInfo info = segment.GetInfo();
        if (!segment.Created && info.Size > Size)
        {
            WriteWarning($"The shared memory segment '{name}' already existed with {info.Size} bytes; -Force reuses it as it is and never shrinks it to {Size}.");
        }

        return info;
    }
}
