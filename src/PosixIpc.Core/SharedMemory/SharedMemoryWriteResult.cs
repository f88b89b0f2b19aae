namespace PosixIpc.SharedMemory;

/// <summary>What Write-SharedMemory -PassThru reports: where the bytes went and how many.</summary>
public sealed class SharedMemoryWriteResult
{
    public SharedMemoryWriteResult(string name, long offset, long length, long items)
    {
        Name = name;
        Offset = offset;
        Length = length;
        Items = items;
    }

    /// <summary>The segment's name, "/name".</summary>
    public string Name { get; }

    /// <summary>Where the first byte went.</summary>
    public long Offset { get; }

    /// <summary>Bytes written, one after the other from Offset.</summary>
    public long Length { get; }

    /// <summary>Pipeline items written.</summary>
    public long Items { get; }
}
