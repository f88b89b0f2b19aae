using System;

namespace PosixIpc.Fifo;

/// <summary>What Write-IpcFifo -PassThru reports once the pipeline has been written.</summary>
public sealed class FifoWriteResult
{
    public FifoWriteResult(string path, long items, long bytes, TimeSpan elapsed)
    {
        Path = path;
        Items = items;
        Bytes = bytes;
        Elapsed = elapsed;
    }

    public string Path { get; }

    /// <summary>Pipeline items written.</summary>
    public long Items { get; }

    /// <summary>Bytes handed to the reader.</summary>
    public long Bytes { get; }

    /// <summary>Time from the reader's arrival to the last byte.</summary>
    public TimeSpan Elapsed { get; }

    public double MegabytesPerSecond => Elapsed.TotalSeconds > 0 ? Bytes / 1048576.0 / Elapsed.TotalSeconds : 0;
}
