namespace PosixIpc.Fifo;

/// <summary>What Write-IpcFifo -PassThru reports once the pipeline has been written.</summary>
/// <param name="Path">The FIFO's absolute path.</param>
/// <param name="Items">Pipeline items written.</param>
/// <param name="Bytes">Bytes handed to the reader.</param>
/// <param name="Elapsed">Time from the reader's arrival to the last byte.</param>
public sealed record FifoWriteResult(string Path, long Items, long Bytes, TimeSpan Elapsed)
{
    public double MegabytesPerSecond => Elapsed.TotalSeconds > 0 ? Bytes / 1048576.0 / Elapsed.TotalSeconds : 0;
}
