using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Threading;
using PosixIpc.Interop;

namespace PosixIpc.MappedFiles;

/// <summary>
/// A regular file opened for memory-mapped access (open + mmap MAP_SHARED), for scripts and C# that
/// read, write or search it many times. Only a window of the file is mapped at a time:
/// <see cref="WindowSize"/> bytes (64 MiB) from the page below the access, remapped when an access
/// falls outside it. Pages are read only when touched (a sequential read or search faults its window
/// in at once, up to the end of the data), so a file of many gigabytes costs no more address space
/// or memory than the part being used. Every process that
/// maps the same file shares its pages: what one writes, the others read at once, without reopening.
/// <para>
/// Every access first reads the file's current size with fstat and refuses a range that is not in
/// the file any more (MappedFileOutOfRange, or MappedFileTruncated when the file shrank since the
/// last access), so a file that another process truncated is an error and never SIGBUS. The window
/// is remapped when an access falls outside it. A race remains: another process can still truncate
/// the file between the fstat and the copy (or during a long copy or search of one window); touching
/// a page past the new end then raises SIGBUS, which the .NET runtime turns into a fatal
/// AccessViolationException: the process ends (exit code 134). Guard against writers that
/// truncate with a lock of your own (flock, a semaphore) when that matters.
/// </para>
/// <para>An instance is not thread-safe: use one per thread (they can map the same file).</para>
/// </summary>
public sealed unsafe class MappedFile : IDisposable
{
    /// <summary>The default mapping window: 64 MiB.</summary>
    public const long DefaultWindowSize = 64L * 1024 * 1024;

    /// <summary>The longest pattern Search and Count take: 1 MiB.</summary>
    public const int MaxPatternLength = 1024 * 1024;

    private readonly SafeFileDescriptor _fd;
    private IntPtr _addr;
    private long _mapStart;
    private long _mapLength;
    private long _lastSize;
    private long _windowSize = DefaultWindowSize;

    private MappedFile(string path, SafeFileDescriptor fd, bool writable, long size)
    {
        Path = path;
        _fd = fd;
        Writable = writable;
        _lastSize = size;
    }

    /// <summary>The absolute path the file was opened by.</summary>
    public string Path { get; }

    /// <summary>Whether the file was opened for writing (read-write mapping).</summary>
    public bool Writable { get; }

    /// <summary>
    /// How many bytes one window maps, from the page below the access (a sequential read or search
    /// maps no further than the data); reads and writes larger than this go window by window. From
    /// 2 MiB to 1 GiB; 64 MiB by default.
    /// </summary>
    public long WindowSize
    {
        get => _windowSize;
        set => _windowSize = Math.Clamp(value, 2L * MaxPatternLength, 1L << 30);
    }

    /// <summary>
    /// Opens an existing regular file, read-only unless writable (then read-write). The path is looked
    /// at with stat first, so a FIFO, a directory or a device is refused without being opened (opening
    /// a FIFO could block), and it is checked again on the open descriptor.
    /// </summary>
    public static MappedFile Open(string path, bool writable = false)
    {
        // For writing, a symbolic link is refused, not followed (lstat, then O_NOFOLLOW): a link planted
        // where a file is expected must not redirect writes (or -Extend) into the file it points to.
        if (!Stat.TryStat(path, followLinks: !writable, out FileStatus status, out int errno))
        {
            throw IpcErrors.Failed(IpcMechanism.MappedFile, ErrorIds.MappedFileStatFailed, errno, writable ? "lstat" : "stat", path, $"Cannot look at '{path}'");
        }

        if (status.Type != FileStatus.S_IFREG)
        {
            throw MappedFileErrors.NotRegular(path, status);
        }

        // O_NONBLOCK: should the path have become a FIFO since the stat, the open still returns at once.
        int access = writable ? Fcntl.O_RDWR | Fcntl.O_NOFOLLOW : Fcntl.O_RDONLY;
        SafeFileDescriptor? fd = Fcntl.Open(path, access | Fcntl.O_NONBLOCK | Fcntl.O_NOCTTY, out errno);
        if (fd == null && writable && errno == Errno.ELOOP)
        {
            // The path became a symbolic link between the lstat and the open.
            throw MappedFileErrors.NotRegular(path, new FileStatus(FileStatus.S_IFLNK, 0, 0, 0, default, 0));
        }

        if (fd == null)
        {
            throw IpcErrors.Failed(IpcMechanism.MappedFile, ErrorIds.MappedFileOpenFailed, errno, "open", path,
                $"Cannot open '{path}' for {(writable ? "reading and writing" : "reading")}");
        }

        if (!Stat.TryFStat(fd, out status, out errno))
        {
            fd.Dispose();
            throw IpcErrors.Failed(IpcMechanism.MappedFile, ErrorIds.MappedFileStatFailed, errno, "fstat", path, $"Cannot look at '{path}'");
        }

        if (status.Type != FileStatus.S_IFREG)
        {
            fd.Dispose();
            throw MappedFileErrors.NotRegular(path, status);
        }

        return new MappedFile(path, fd, writable, status.Size);
    }

    /// <summary>The file's current size in bytes (fstat), whoever changed it.</summary>
    public long Size
    {
        get
        {
            ObjectDisposedException.ThrowIf(_fd.IsClosed, this);
            if (!Stat.TryFStat(_fd, out FileStatus st, out int errno))
            {
                throw IpcErrors.Failed(IpcMechanism.MappedFile, ErrorIds.MappedFileStatFailed, errno, "fstat", Path, $"The size of '{Path}' could not be read");
            }

            return st.Size;
        }
    }

    /// <summary>Copies count bytes from offset into a new array.</summary>
    public byte[] Read(long offset, int count)
    {
        if (count < 0)
        {
            throw MappedFileErrors.OutOfRange(Path, offset, count, Size, writing: false);
        }

        byte[] bytes = GC.AllocateUninitializedArray<byte>(Math.Max(count, 0));
        Read(offset, bytes, sequential: false);
        return bytes;
    }

    /// <summary>Copies bytes from offset into the destination span, all or nothing.</summary>
    public void Read(long offset, Span<byte> destination) => Read(offset, destination, sequential: false);

    /// <summary>
    /// Copies bytes from offset, window by window. Sequential: the caller reads on from here, so each
    /// window is mapped with its pages faulted in at once, up to rangeEnd.
    /// </summary>
    public void Read(long offset, Span<byte> destination, bool sequential, long rangeEnd = -1)
    {
        // One fstat per window: the whole range first (all or nothing), then each further window.
        long size = Check(offset, destination.Length, writing: false);
        int done = 0;
        while (done < destination.Length)
        {
            int piece = (int)Math.Min(destination.Length - done, _windowSize);
            if (done > 0)
            {
                size = Check(offset + done, piece, writing: false);
            }

            byte* p = Window(offset + done, piece, size, sequential, rangeEnd);
            new ReadOnlySpan<byte>(p, piece).CopyTo(destination.Slice(done));
            done += piece;
        }
    }

    /// <summary>Copies the bytes into the file at offset; never past its end (see Extend).</summary>
    public void Write(long offset, ReadOnlySpan<byte> bytes)
    {
        RequireWritable();
        long size = Check(offset, bytes.Length, writing: true);
        int done = 0;
        while (done < bytes.Length)
        {
            int piece = (int)Math.Min(bytes.Length - done, _windowSize);
            if (done > 0)
            {
                size = Check(offset + done, piece, writing: true);
            }

            byte* p = Window(offset + done, piece, size, sequential: false, rangeEnd: -1);
            bytes.Slice(done, piece).CopyTo(new Span<byte>(p, piece));
            done += piece;
        }
    }

    /// <summary>Copies the bytes into the file at offset (for scripts: byte[]).</summary>
    public void Write(long offset, byte[] bytes) => Write(offset, (ReadOnlySpan<byte>)bytes);

    public long ReadInt64(long offset) => BinaryPrimitives.ReadInt64LittleEndian(new ReadOnlySpan<byte>(Acquire(offset, 8, false, false, -1), 8));

    public void WriteInt64(long offset, long value)
    {
        RequireWritable();
        BinaryPrimitives.WriteInt64LittleEndian(new Span<byte>(Acquire(offset, 8, true, false, -1), 8), value);
    }

    /// <summary>
    /// Grows the file to at least size bytes (ftruncate; the new bytes read as zeros, and take no disk
    /// space until written). Never shrinks it. Returns the size after the call.
    /// </summary>
    public long Extend(long size)
    {
        RequireWritable();
        long current = Size;
        if (size > current)
        {
            if (!Mman.Truncate(_fd, size, out int errno))
            {
                throw IpcErrors.Failed(IpcMechanism.MappedFile, ErrorIds.MappedFileExtendFailed, errno, "ftruncate", Path, $"'{Path}' could not be extended to {size} bytes");
            }

            current = size;
        }

        _lastSize = Math.Max(_lastSize, current);
        return current;
    }

    /// <summary>
    /// Writes what was written through the mapping to the disk and waits for it: msync(MS_SYNC) on the
    /// current window, then fsync for the windows mapped and released before it.
    /// </summary>
    public void Flush()
    {
        ObjectDisposedException.ThrowIf(_fd.IsClosed, this);
        if (!FileMap.Sync(_addr, _mapLength, out int errno))
        {
            throw IpcErrors.Failed(IpcMechanism.MappedFile, ErrorIds.MappedFileSyncFailed, errno, "msync", Path, $"'{Path}' could not be synced to disk");
        }

        if (!FileMap.FSync(_fd, out errno))
        {
            throw IpcErrors.Failed(IpcMechanism.MappedFile, ErrorIds.MappedFileSyncFailed, errno, "fsync", Path, $"'{Path}' could not be synced to disk");
        }
    }

    /// <summary>
    /// The offsets of the pattern in the file from start on, in order. Matches do not overlap: the
    /// search goes on after the end of each match. Scans window by window with a vectorized search;
    /// a match that straddles two windows is found. The token is checked between windows.
    /// </summary>
    public IEnumerable<long> Search(byte[] pattern, long start = 0, CancellationToken cancellation = default)
    {
        CheckPattern(pattern);
        var hits = new List<long>();
        long position = start;
        while (position >= 0)
        {
            cancellation.ThrowIfCancellationRequested();
            hits.Clear();
            position = Scan(pattern, position, hits, 4096, out _);
            foreach (long hit in hits)
            {
                yield return hit;
            }
        }
    }

    /// <summary>How many times the pattern occurs in the file from start on (without overlaps).</summary>
    public long Count(byte[] pattern, long start = 0, CancellationToken cancellation = default)
    {
        CheckPattern(pattern);
        long total = 0;
        long position = start;
        while (position >= 0)
        {
            cancellation.ThrowIfCancellationRequested();
            position = Scan(pattern, position, null, int.MaxValue, out long found);
            total += found;
        }

        return total;
    }

    public static void CheckPattern(byte[] pattern)
    {
        if (pattern == null || pattern.Length == 0 || pattern.Length > MaxPatternLength)
        {
            throw new ArgumentException($"The pattern must hold from 1 to {MaxPatternLength} bytes.", nameof(pattern));
        }
    }

    /// <summary>
    /// Scans one window from position: the matches that lie wholly in it go into hits (at most
    /// maxHits; with hits null they are only counted). Returns where the next scan starts, or -1 when
    /// the file has been scanned to its end. The next window overlaps this one by the pattern's length
    /// less one byte, so that a match across the boundary is found there, and only there.
    /// </summary>
    public long Scan(ReadOnlySpan<byte> pattern, long position, List<long>? hits, int maxHits, out long found)
    {
        found = 0;
        ObjectDisposedException.ThrowIf(_fd.IsClosed, this);
        long size = Size;
        if (position < 0 || position > size)
        {
            // Past the end: the file shrank since the last window (or the start was wrong).
            Check(position, 0, writing: false);
        }

        if (size - position < pattern.Length)
        {
            return -1;
        }

        long length = Math.Min(_windowSize, size - position);
        byte* p = Window(position, length, Check(position, length, writing: false), sequential: true, rangeEnd: size);
        var window = new ReadOnlySpan<byte>(p, (int)length);
        int i = 0;
        while (true)
        {
            int k = window.Slice(i).IndexOf(pattern);
            if (k < 0)
            {
                break;
            }

            hits?.Add(position + i + k);
            found++;
            i += k + pattern.Length;
            if (found >= maxHits)
            {
                return position + i;
            }
        }

        if (position + length >= size)
        {
            return -1;
        }

        return Math.Max(position + i, position + length - (pattern.Length - 1));
    }

    /// <summary>Refuses a range outside the file as it is now; returns the current size.</summary>
    private long Check(long offset, long count, bool writing)
    {
        long size = Size;
        if (count == 0 && offset >= 0 && offset <= size)
        {
            return size;
        }

        if (offset < 0 || count < 0 || offset >= size || count > size - offset)
        {
            if (offset >= 0 && count >= 0 && offset <= _lastSize - count && size < _lastSize)
            {
                throw MappedFileErrors.Truncated(Path, offset, count, size, _lastSize);
            }

            if (size == 0 && offset >= 0 && count >= 0 && !writing)
            {
                throw MappedFileErrors.Empty(Path);
            }

            throw MappedFileErrors.OutOfRange(Path, offset, count, size, writing);
        }

        _lastSize = size;
        return size;
    }

    private void RequireWritable()
    {
        ObjectDisposedException.ThrowIf(_fd.IsClosed, this);
        if (!Writable)
        {
            throw new PosixIpcException(ErrorIds.MappedFileReadOnly, Errno.EBADF, null, Path,
                $"'{Path}' was opened read-only; open it with MappedFile.Open(path, writable: true) to write.");
        }
    }

    /// <summary>
    /// A pointer to count bytes at offset, after checking with fstat that they are in the file now.
    /// The window is remapped when the range is not inside it: from the page below offset, WindowSize
    /// bytes or what the access needs (a sequential one up to rangeEnd), never past the file's end.
    /// </summary>
    private byte* Acquire(long offset, long count, bool writing, bool sequential, long rangeEnd)
    {
        ObjectDisposedException.ThrowIf(_fd.IsClosed, this);
        return Window(offset, count, Check(offset, count, writing), sequential, rangeEnd);
    }

    /// <summary>The mapping of a range that Check has just found in the file (of the given size).</summary>
    private byte* Window(long offset, long count, long size, bool sequential, long rangeEnd)
    {
        if (_addr != IntPtr.Zero && offset >= _mapStart && offset + count <= _mapStart + _mapLength)
        {
            return (byte*)_addr + (offset - _mapStart);
        }

        FileMap.Unmap(_addr, _mapLength);
        _addr = IntPtr.Zero;
        _mapLength = 0;

        long start = offset & ~(FileMap.PageSize - 1);
        long end = offset + count;
        if (sequential)
        {
            // Faulted in at once (MAP_POPULATE), so only as far as the data goes.
            long limit = rangeEnd > 0 ? Math.Min(rangeEnd, size) : size;
            end = Math.Max(end, Math.Min(start + _windowSize, limit));
        }
        else
        {
            // Faulted in page by page as touched, so a whole window costs no more than the pages used,
            // and the next accesses nearby (a pipeline writing on, a file that -Extend grows) reuse it.
            // The part past the end of the file is never touched: every access is checked against fstat.
            end = Math.Max(end, start + _windowSize);
        }

        long length = end - start;
        IntPtr a = FileMap.Map(_fd, start, length, Writable, populate: sequential, out int errno);
        if (a == IntPtr.Zero)
        {
            throw IpcErrors.Failed(IpcMechanism.MappedFile, ErrorIds.MappedFileMapFailed, errno, "mmap", Path, $"'{Path}' could not be mapped at offset {start}");
        }

        if (sequential)
        {
            FileMap.AdviseSequential(a, length);
        }

        _addr = a;
        _mapStart = start;
        _mapLength = length;
        return (byte*)_addr + (offset - _mapStart);
    }

    public void Dispose()
    {
        FileMap.Unmap(_addr, _mapLength);
        _addr = IntPtr.Zero;
        _mapLength = 0;
        _fd.Dispose();
    }
}
