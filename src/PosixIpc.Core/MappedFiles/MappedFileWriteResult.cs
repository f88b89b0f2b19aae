namespace PosixIpc.MappedFiles;

/// <summary>What Write-MappedFile -PassThru reports once the pipeline has been written.</summary>
public sealed class MappedFileWriteResult
{
    public MappedFileWriteResult(string path, long offset, long length, long items, long fileSize, bool flushed)
    {
        Path = path;
        Offset = offset;
        Length = length;
        Items = items;
        FileSize = fileSize;
        Flushed = flushed;
    }

    /// <summary>The file's absolute path.</summary>
    public string Path { get; }

    /// <summary>Where the first byte was written.</summary>
    public long Offset { get; }

    /// <summary>How many bytes were written, consecutively from Offset.</summary>
    public long Length { get; }

    /// <summary>Pipeline items written.</summary>
    public long Items { get; }

    /// <summary>The file's size after writing (larger than before only with -Extend).</summary>
    public long FileSize { get; }

    /// <summary>Whether the data was synced to disk (-Flush: msync MS_SYNC, then fsync).</summary>
    public bool Flushed { get; }
}
