using PosixIpc.SharedMemory;

namespace PosixIpc.Commands;

[Cmdlet(VerbsCommunications.Write, "SharedMemory", DefaultParameterSetName = TextSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(SharedMemoryWriteResult))]
public sealed class WriteSharedMemoryCommand : ByteSinkCommand
{
    private SharedMemorySegment? _segment;
    private long _position;

    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(IpcNameCompleter))]
    public string Name { get; set; } = null!;

    /// <summary>Where the first byte goes; later pipeline items follow on one after the other.</summary>
    [Parameter]
    [ValidateRange(0, long.MaxValue)]
    public long Offset { get; set; }

    protected override (string Target, string Action) Intent =>
        (IpcName.Normalize(Name, IpcNameKind.SharedMemory), $"Write to shared memory segment from offset {Offset}");

    protected override void Open()
    {
        _segment = SharedMemorySegment.Open(IpcName.Normalize(Name, IpcNameKind.SharedMemory));
        _position = Offset;
    }

    protected override void Put(ReadOnlySpan<byte> bytes)
    {
        _segment!.Write(_position, bytes);
        _position += bytes.Length;
    }

    protected override void Finish()
    {
        if (PassThru)
        {
            WriteObject(new SharedMemoryWriteResult(_segment!.Name, Offset, _position - Offset, ItemsWritten));
        }

        _segment!.Dispose();
    }

    protected override void Dispose(bool disposing) => _segment?.Dispose();
}
