namespace PosixIpc.MappedFiles;

/// <summary>What Write-MappedFile -PassThru reports once the pipeline has been written.</summary>
/// <param name="Path">The file's absolute path.</param>
/// <param name="Offset">Where the first byte was written.</param>
/// <param name="Length">How many bytes were written, consecutively from Offset.</param>
/// <param name="Items">Pipeline items written.</param>
/// <param name="FileSize">The file's size after writing (larger than before only with -Extend).</param>
/// <param name="Flushed">Whether the data was synced to disk (-Flush: msync MS_SYNC, then fsync).</param>
public sealed record MappedFileWriteResult(string Path, long Offset, long Length, long Items, long FileSize, bool Flushed);
