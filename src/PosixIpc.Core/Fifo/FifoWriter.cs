using PosixIpc.Interop;

namespace PosixIpc.Fifo;

/// <summary>
/// The writing end of a FIFO. Opening waits for a reader; every wait runs in short slices so that
/// a cancellation token ends it promptly. A reader that goes away is an error, never SIGPIPE.
/// </summary>
public sealed class FifoWriter : IDisposable
{
    /// <summary>What the writer asks the kernel for as pipe buffer: fewer wake-ups per megabyte.</summary>
    public const int PreferredPipeSize = 1 << 20;

    private readonly SafeFileDescriptor _fd;
    private readonly TimeSpan? _idleTimeout;

    private FifoWriter(string path, SafeFileDescriptor fd, TimeSpan? idleTimeout)
    {
        Path = path;
        _fd = fd;
        _idleTimeout = idleTimeout;
        PipeSize = Fcntl.SetPipeSize(fd, PreferredPipeSize);
        if (PipeSize < 0)
        {
            PipeSize = Fcntl.GetPipeSize(fd);
        }
    }

    public string Path { get; }

    /// <summary>Bytes the reader has been handed so far.</summary>
    public long BytesWritten { get; private set; }

    /// <summary>The pipe buffer the kernel granted.</summary>
    public int PipeSize { get; }

    /// <summary>
    /// Opens the FIFO for writing, waiting up to timeout for a reader (forever when null). The same
    /// timeout later bounds how long a write may wait for a reader that has stopped reading. onWait is
    /// called once, on the calling thread, when no reader has the FIFO open yet.
    /// </summary>
    public static FifoWriter Open(string path, TimeSpan? timeout, CancellationToken cancellation, Action<string>? onWait = null)
    {
        FifoEndpoint.CheckIsFifo(path);
        Deadline deadline = Deadline.After(timeout);
        int pauseMs = 1;
        while (true)
        {
            SafeFileDescriptor? fd = FifoEndpoint.TryOpen(path, Fcntl.O_WRONLY, out _);
            if (fd != null)
            {
                return new FifoWriter(path, fd, timeout);
            }

            cancellation.ThrowIfCancellationRequested();
            if (deadline.HasPassed)
            {
                throw FifoErrors.OpenTimeout(path, timeout!.Value.TotalSeconds);
            }

            if (pauseMs == 1)
            {
                onWait?.Invoke($"for a reader to open the FIFO '{path}' (Read-IpcFifo, cat ...)");
            }

            // Linux has no way to wait for a FIFO reader without blocking in open(): look again, a
            // little less often each time, up to 50 times a second.
            cancellation.WaitHandle.WaitOne(Math.Max(1, deadline.NextSliceMs(pauseMs)));
            pauseMs = Math.Min(pauseMs * 2, 20);
        }
    }

    /// <summary>Writes all the bytes, waiting while the pipe is full.</summary>
    public void Write(ReadOnlySpan<byte> data, CancellationToken cancellation)
    {
        Deadline deadline = Deadline.After(_idleTimeout);
        while (!data.IsEmpty)
        {
            int n = Unistd.Write(_fd, data, out int errno);
            if (n > 0)
            {
                data = data.Slice(n);
                BytesWritten += n;
                deadline = Deadline.After(_idleTimeout);
                continue;
            }

            if (errno == Errno.EPIPE)
            {
                throw FifoErrors.ReaderGone(Path, BytesWritten);
            }

            if (errno != Errno.EAGAIN)
            {
                throw IpcErrors.Failed(IpcMechanism.Fifo, ErrorIds.FifoWriteFailed, errno, "write", Path, $"Cannot write to the FIFO '{Path}'");
            }

            WaitUntilWritable(ref deadline, cancellation);
        }
    }

    /// <summary>
    /// Writes the whole file to the reader: with splice(2), in the kernel, or with read/write where
    /// the file cannot be spliced from. Waits while the pipe is full, as Write does; returns the bytes.
    /// </summary>
    public long CopyFromFile(string file, CancellationToken cancellation)
    {
        using SafeFileDescriptor input = FileEnd.Open(file);
        byte[]? buffer = null;
        long moved = 0;
        Deadline deadline = Deadline.After(_idleTimeout);
        while (true)
        {
            if (buffer != null)
            {
                int r = FileEnd.Read(input, buffer, file);
                if (r == 0)
                {
                    return moved;
                }

                Write(buffer.AsSpan(0, r), cancellation);
                moved += r;
                continue;
            }

            long n = Fcntl.Splice(input, _fd, FileEnd.Piece, out int errno);
            if (n == 0)
            {
                return moved;
            }

            if (n > 0)
            {
                moved += n;
                BytesWritten += n;
                deadline = Deadline.After(_idleTimeout);
                continue;
            }

            switch (errno)
            {
                case Errno.EINVAL:
                    buffer = new byte[FileEnd.Piece];
                    break;
                case Errno.EPIPE:
                    throw FifoErrors.ReaderGone(Path, BytesWritten);
                case Errno.EAGAIN:
                    WaitUntilWritable(ref deadline, cancellation);
                    break;
                default:
                    throw FileEnd.MoveFailed(intoFile: false, errno, "splice", Path, file);
            }
        }
    }

    private void WaitUntilWritable(ref Deadline deadline, CancellationToken cancellation)
    {
        while (true)
        {
            cancellation.ThrowIfCancellationRequested();
            if (deadline.HasPassed)
            {
                throw FifoErrors.WriteTimeout(Path, _idleTimeout!.Value.TotalSeconds, BytesWritten);
            }

            int events = Poll.Wait(_fd, Poll.POLLOUT, deadline.NextSliceMs(), out int errno);
            if (events < 0)
            {
                throw IpcErrors.Failed(IpcMechanism.Fifo, ErrorIds.FifoWriteFailed, errno, "poll", Path, $"Cannot wait on the FIFO '{Path}'");
            }

            if ((events & Poll.POLLERR) != 0)
            {
                throw FifoErrors.ReaderGone(Path, BytesWritten);
            }

            if ((events & Poll.POLLOUT) != 0)
            {
                return;
            }
        }
    }

    public void Dispose() => _fd.Dispose();
}
