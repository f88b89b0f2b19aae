using System.Diagnostics;
using PosixIpc.Interop;
using PosixIpc.Text;

namespace PosixIpc.Fifo;

/// <summary>
/// The reading end of a FIFO. Opening never blocks; a read waits (in short slices, so that a
/// cancellation token ends it) for a writer and for data, and returns 0 once every writer has gone.
/// </summary>
public sealed class FifoReader : IDisposable
{
    private readonly SafeFileDescriptor _fd;

    // A pipe of this reader's own that tee(2) copies the FIFO's bytes into, to look at them without taking them.
    private SafeFileDescriptor? _peekIn;
    private SafeFileDescriptor? _peekOut;
    private bool _cannotPeek;

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

            if (!WaitReadable(deadline, idleTimeout, cancellation))
            {
                return 0;
            }
        }
    }

    /// <summary>
    /// As Read, but takes no more than the bytes of the next maxLines lines (each ending in newline)
    /// and no more than the decoder's Window, so that what follows them stays in the FIFO for the
    /// next reader: it looks at what the FIFO holds with tee(2) first, and takes one byte at a time
    /// only where tee cannot be used. The caller decodes what was read with that decoder.
    /// </summary>
    public int ReadLines(Span<byte> buffer, LineDecoder decoder, long maxLines, ReadOnlySpan<byte> newline, TimeSpan? idleTimeout, CancellationToken cancellation)
    {
        buffer = decoder.Window(buffer);
        Deadline deadline = Deadline.After(idleTimeout);
        while (true)
        {
            int peeked = Peek(buffer);
            if (peeked < 0)
            {
                return Read(buffer.Slice(0, 1), idleTimeout, cancellation);
            }

            if (peeked > 0)
            {
                int n = ReadAvailable(buffer.Slice(0, LineDecoder.LineBytes(buffer.Slice(0, peeked), maxLines, newline)));
                if (n > 0)
                {
                    return n;
                }
            }

            if (!WaitReadable(deadline, idleTimeout, cancellation))
            {
                return 0;
            }
        }
    }

    /// <summary>Copies what the FIFO holds (up to the buffer's size) into the buffer without taking it: the bytes, 0 when empty, -1 when tee cannot be used.</summary>
    private int Peek(Span<byte> buffer)
    {
        if (_cannotPeek)
        {
            return -1;
        }

        if (_peekIn == null)
        {
            if (!Unistd.Pipe(nonBlocking: false, out int readEnd, out int writeEnd, out _))
            {
                _cannotPeek = true;
                return -1;
            }

            _peekOut = new SafeFileDescriptor(readEnd);
            _peekIn = new SafeFileDescriptor(writeEnd);
        }

        long n = Fcntl.Tee(_fd, _peekIn, buffer.Length, out int errno);
        if (n <= 0)
        {
            _cannotPeek = n < 0 && errno != Errno.EAGAIN;
            return _cannotPeek ? -1 : 0;
        }

        // The copy is all in the private pipe: read it out whole, so that it is empty for the next look.
        int got = 0;
        while (got < n)
        {
            int r = Unistd.Read(_peekOut!, buffer.Slice(got, (int)n - got), out errno);
            if (r <= 0)
            {
                throw IpcErrors.Failed(IpcMechanism.Fifo, ErrorIds.FifoReadFailed, r == 0 ? Errno.EIO : errno, "read", Path, $"Cannot look at what the FIFO '{Path}' holds");
            }

            got += r;
        }

        return got;
    }

    /// <summary>
    /// After a read that found nothing: waits one slice for data; false at the end. read() gives 0
    /// both before the first writer and after the last; the kernel holds back POLLHUP until a writer
    /// has been seen, so poll tells the two apart.
    /// </summary>
    private bool WaitReadable(Deadline deadline, TimeSpan? idleTimeout, CancellationToken cancellation)
    {
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

        return (events & Poll.POLLHUP) == 0 || (events & Poll.POLLIN) != 0;
    }

    /// <summary>
    /// The most one splice from the FIFO into the file moves. splice(2) into a file copies the pipe's
    /// pages into the page cache while it holds the pipe's lock, so the writer cannot refill the pipe
    /// meanwhile: measured with C on both ends (1 GiB, 1 MiB pipe, ext4), 1 MiB splices took 1.8 times
    /// as long as C's read/write loop, 64 KiB splices 1.3 times (16 and 32 KiB were no faster).
    /// </summary>
    private const int SplicePiece = 64 * 1024;

    /// <summary>
    /// Moves what the writers send, up to max bytes, into the file (created or emptied) until every
    /// writer has gone: with splice(2), in the kernel, or with read/write where the file cannot be
    /// spliced into. Waits as Read does; what was moved before a stop or a timeout is in the file.
    /// </summary>
    public IpcFileTransfer CopyToFile(string file, long max, TimeSpan? idleTimeout, CancellationToken cancellation)
    {
        using SafeFileDescriptor output = FileEnd.Create(file);
        var clock = Stopwatch.StartNew();
        bool kernel = true;
        byte[]? buffer = null;
        long moved = 0;
        Deadline deadline = Deadline.After(idleTimeout);
        while (moved < max)
        {
            int want = (int)Math.Min(FileEnd.Piece, max - moved);
            long n;
            if (kernel)
            {
                n = Fcntl.Splice(_fd, output, Math.Min(want, SplicePiece), out int errno);
                if (n < 0 && errno == Errno.EINVAL)
                {
                    kernel = false;
                    continue;
                }

                if (n < 0 && errno != Errno.EAGAIN)
                {
                    throw FileEnd.MoveFailed(intoFile: true, errno, "splice", Path, file);
                }

                BytesRead += Math.Max(0, n);
            }
            else
            {
                buffer ??= new byte[FileEnd.Piece];
                n = ReadAvailable(buffer.AsSpan(0, want));
                FileEnd.WriteAll(output, buffer.AsSpan(0, (int)n), file);
            }

            if (n > 0)
            {
                moved += n;
                deadline = Deadline.After(idleTimeout);
            }
            else if (!WaitReadable(deadline, idleTimeout, cancellation))
            {
                break;
            }
        }

        return new IpcFileTransfer(file, Path, moved, clock.Elapsed, kernel ? "splice" : "read/write");
    }

    /// <summary>
    /// The next chunk of at most max bytes as a new array (see ByteChunks), or null at the end. Waits
    /// for the first bytes as Read does; then takes what comes within ByteChunks.GatherMs, up to a
    /// full chunk, and never waits longer for more.
    /// </summary>
    public byte[]? ReadChunk(long max, TimeSpan? idleTimeout, CancellationToken cancellation)
    {
        byte[] chunk = ByteChunks.Allocate(max);
        int filled = Read(chunk, idleTimeout, cancellation);
        if (filled == 0)
        {
            return null;
        }

        long until = ByteChunks.GatherUntil();
        while (filled < chunk.Length)
        {
            int n = ReadAvailable(chunk.AsSpan(filled));
            if (n > 0)
            {
                filled += n;
                continue;
            }

            int leftMs = ByteChunks.GatherLeftMs(until);
            if (leftMs == 0 || cancellation.IsCancellationRequested)
            {
                break;
            }

            // Only POLLIN means more: a timeout, the writers' end (POLLHUP) or an error (which the
            // next read reports) emit what is there.
            int events = Poll.Wait(_fd, Poll.POLLIN, leftMs, out _);
            if (events <= 0 || (events & Poll.POLLIN) == 0)
            {
                break;
            }
        }

        return ByteChunks.Trim(chunk, filled);
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

    public void Dispose()
    {
        _fd.Dispose();
        _peekIn?.Dispose();
        _peekOut?.Dispose();
    }
}
