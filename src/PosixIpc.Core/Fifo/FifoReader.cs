using System;
using System.Threading;
using PosixIpc.Interop;

namespace PosixIpc.Fifo;

/// <summary>
/// The reading end of a FIFO. Opening never blocks; a read waits (in short slices, so that a
/// cancellation token ends it) for a writer and for data, and returns 0 once every writer has gone.
/// </summary>
public sealed class FifoReader : IDisposable
{
    private readonly SafeFileDescriptor _fd;

    private FifoReader(string path, SafeFileDescriptor fd)
    {
        Path = path;
        _fd = fd;
    }

    public string Path { get; }

    public long BytesRead { get; private set; }

    public static FifoReader Open(string path)
    {
        FifoEndpoint.CheckIsFifo(path);
        SafeFileDescriptor fd = FifoEndpoint.TryOpen(path, Fcntl.O_RDONLY, out _)
            ?? throw IpcErrors.Failed(IpcMechanism.Fifo, ErrorIds.FifoOpenFailed, Errno.ENXIO, "open", path, $"Cannot open the FIFO '{path}'");
        return new FifoReader(path, fd);
    }

    /// <summary>
    /// Reads what is there, up to the buffer's size. Returns 0 at the end: a writer came and every
    /// writer has closed. With no writer yet, or a writer that sends nothing, waits up to
    /// idleTimeout (forever when null) and then fails with FifoReadTimeout.
    /// </summary>
    public int Read(Span<byte> buffer, TimeSpan? idleTimeout, CancellationToken cancellation)
    {
        Deadline deadline = Deadline.After(idleTimeout);
        while (true)
        {
            int n = ReadAvailable(buffer);
            if (n > 0)
            {
                return n;
            }

            // read() gives 0 both before the first writer and after the last; the kernel holds back
            // POLLHUP until a writer has been seen, so poll tells the two apart.
            cancellation.ThrowIfCancellationRequested();
            if (deadline.HasPassed)
            {
                throw FifoErrors.ReadTimeout(Path, idleTimeout!.Value.TotalSeconds);
            }

            int events = Poll.Wait(_fd, Poll.POLLIN, deadline.NextSliceMs(), out int errno);
            if (events < 0)
            {
                throw IpcErrors.Failed(IpcMechanism.Fifo, ErrorIds.FifoReadFailed, errno, "poll", Path, $"Cannot wait on the FIFO '{Path}'");
            }

            if ((events & Poll.POLLHUP) != 0 && (events & Poll.POLLIN) == 0)
            {
                return 0;
            }
        }
    }

    /// <summary>Takes only what is in the pipe already, without waiting: 0 when it is empty (or at the end).</summary>
    public int ReadAvailable(Span<byte> buffer)
    {
        int n = Unistd.Read(_fd, buffer, out int errno);
        if (n > 0)
        {
            BytesRead += n;
            return n;
        }

        if (n < 0 && errno != Errno.EAGAIN)
        {
            throw IpcErrors.Failed(IpcMechanism.Fifo, ErrorIds.FifoReadFailed, errno, "read", Path, $"Cannot read from the FIFO '{Path}'");
        }

        return 0;
    }

    public void Dispose() => _fd.Dispose();
}
