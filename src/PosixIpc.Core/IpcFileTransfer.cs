namespace PosixIpc;

/// <summary>
/// What Read-IpcFifo -OutFile and Receive-UnixSocketMessage -OutFile report with -PassThru: the
/// bytes moved from the FIFO or socket into the file, and how.
/// </summary>
/// <param name="File">The file's absolute path.</param>
/// <param name="Source">The FIFO's path, or the socket ("/path" or "@name").</param>
/// <param name="Bytes">Bytes now in the file.</param>
/// <param name="Elapsed">Time from the first wait for data to the last byte.</param>
/// <param name="Method">splice (moved in the kernel) or read/write (where the kernel cannot splice this pair).</param>
public sealed record IpcFileTransfer(string File, string Source, long Bytes, TimeSpan Elapsed, string Method)
{
    public double MegabytesPerSecond => Elapsed.TotalSeconds > 0 ? Bytes / 1048576.0 / Elapsed.TotalSeconds : 0;
}
