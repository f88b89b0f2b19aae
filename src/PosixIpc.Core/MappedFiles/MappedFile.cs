using PosixIpc.Interop;

namespace PosixIpc.MappedFiles;

/// <summary>
/// A regular file opened for memory-mapped access (open + mmap MAP_SHARED), for scripts and C# that
/// read, write or search it many times. What one process writes, every other process that maps or
/// reads the same file sees at once, without reopening: they share the file's pages.
/// <para>
/// No access can fault, whatever another process does to the file meanwhile (truncate it to 0 and
/// grow it again, fill its file system). Bytes are never copied by the CPU out of or into the mapping,
/// where a page past a truncated end or a hole the file system cannot fill would raise SIGBUS and end
/// the process: reads and searches copy with pread(2) from the same pages (a truncation gives a short
/// count; a hole reads as zeros), and searches scan what was copied; writes go into the mapping through
/// the kernel (process_vm_writev on this process), which ends a copy at such a page with EFAULT. A
/// truncation is then MappedFileTruncated and a full file system MappedFileNoSpace. Every access also
/// checks the file's size (fstat) first, so a range that is not in the file is refused before anything
/// is copied (MappedFileOutOfRange, or MappedFileTruncated when the file shrank since the last access).
/// </para>
/// <para>
/// Writes map a window of the file, <see cref="WindowSize"/> bytes (64 MiB) from the page below the
/// access, remapped when a write falls outside it; pages are touched only where written, so a file of
/// many gigabytes costs no more address space or memory than the part being used. The window lives in
/// a SafeHandle: a forgotten Dispose unmaps it in the finalizer, and a Dispose on another thread leaves
/// it mapped until the copy that is using it has ended (the next call is an ObjectDisposedException).
/// </para>
/// <para>An instance is not meant to be shared between threads (open one per thread; they can map the
/// same file), but a Dispose racing a copy cannot unmap memory in use.</para>
/// </summary>
public sealed class MappedFile : RandomAccessObject
{
    /// <summary>The default mapping window: 64 MiB.</summary>
    public const long DefaultWindowSize = 64L * 1024 * 1024;

    /// <summary>The longest pattern Search and Count take: 1 MiB.</summary>
    public const int MaxPatternLength = 1024 * 1024;

    /// <summary>
    /// How many bytes a search copies and scans per step (at least twice the pattern, at most the
    /// window): large enough that a system call per step costs nothing, small enough to stay in the
    /// CPU's cache between the copy and the scan.
    /// </summary>
    private const int ScanBlockSize = 1024 * 1024;

    /// <summary>The most bytes one pread asks for (the kernel moves at most about 2 GiB per call).</summary>
    private const int MaxCopy = 1 << 30;

    /// <summary>Set once process_vm_writev turned out to be forbidden here (a seccomp sandbox): writes then use pwrite.</summary>
    private static volatile bool s_kernelCopyForbidden;

    private readonly SafeFileDescriptor _fd;
    private SafeMappingHandle? _map;
    private long _lastSize;
    private long _windowSize = DefaultWindowSize;
    private byte[]? _scanBuffer;

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
    /// How many bytes one window of a write maps, from the page below the access; writes larger than
    /// this go window by window, and a search scans at most this much per step. From 2 MiB to 1 GiB;
    /// 64 MiB by default.
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

        byte[] bytes = ByteChunks.New(count);
        Read(offset, bytes);
        return bytes;
    }

    /// <summary>
    /// Copies bytes from offset into the destination span (pread: it cannot fault), all or nothing:
    /// the range is checked against the file's size first, and a truncation during the copy is
    /// MappedFileTruncated.
    /// </summary>
    public override void Read(long offset, Span<byte> destination)
    {
        long size = Check(offset, destination.Length, writing: false);
        int done = 0;
        while (done < destination.Length)
        {
            int n = Unistd.PRead(_fd, destination.Slice(done, Math.Min(destination.Length - done, MaxCopy)), offset + done, out int errno);
            if (n < 0)
            {
                throw MappedFileErrors.CopyFailed(Path, errno, "pread", offset + done, writing: false);
            }

            if (n == 0)
            {
                // The end of the file came early: another process cut it after the check.
                throw MappedFileErrors.TruncatedDuringCopy(Path, offset, destination.Length, offset + done, Size, size, writing: false);
            }

            done += n;
        }
    }

    /// <summary>
    /// Copies the bytes into the file at offset through the mapping; never past its end (see Extend).
    /// The range is checked against the file's size first; the copy itself cannot fault: a truncation
    /// during it is MappedFileTruncated and a hole the file system has no space for MappedFileNoSpace.
    /// </summary>
    public override void Write(long offset, ReadOnlySpan<byte> bytes)
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

            CopyIn(offset + done, bytes.Slice(done, piece), size, offset, bytes.Length);
            done += piece;
        }
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
    /// Grows the file so that count bytes at offset fit in it, and reserves their space on the file
    /// system (fallocate), so that writing them cannot run out of it: a full file system is
    /// MappedFileNoSpace here, before anything is written. The gap between the old end and offset
    /// stays a hole. Where the file system cannot reserve (ENOTSUP), it grows the file as Extend does.
    /// Never shrinks it. Returns the size after the call.
    /// </summary>
    public long ExtendFor(long offset, long count)
    {
        RequireWritable();
        long current = Size;
        long end = offset + count;
        if (offset < 0 || count < 0 || end < offset || end <= current)
        {
            return current;
        }

        int errno = Fcntl.Allocate(_fd, 0, offset, count);
        if (errno == Errno.ENOTSUP)
        {
            return Extend(end);
        }

        if (errno != 0)
        {
            throw IpcErrors.Failed(IpcMechanism.MappedFile, ErrorIds.MappedFileExtendFailed, errno, "fallocate", Path,
                $"'{Path}' could not be extended to {end} bytes for the {count} bytes at offset {offset}; it was not changed");
        }

        _lastSize = Math.Max(_lastSize, end);
        return Math.Max(end, current);
    }

    /// <summary>
    /// Writes what was written through the mapping to the disk and waits for it: msync(MS_SYNC) on the
    /// current window, then fsync for the windows mapped and released before it.
    /// </summary>
    public void Flush()
    {
        ObjectDisposedException.ThrowIf(_fd.IsClosed, this);
        if (!FileMap.Sync(_map, out int errno))
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
    /// search goes on after the end of each match. Copies the file block by block (pread, 1 MiB) and
    /// scans each copy with a vectorized search; a match that straddles two blocks is found. The token
    /// is checked between blocks.
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
    /// Copies one block of the file from position (pread) and scans the copy: the matches that lie
    /// wholly in it go into hits (at most maxHits; with hits null they are only counted). Returns where
    /// the next scan starts, or -1 when the file has been scanned to its end. The next block overlaps
    /// this one by the pattern's length less one byte, so that a match across the boundary is found
    /// there, and only there. A file cut short during the copy is scanned as far as it was copied; the
    /// next step then finds it shorter (MappedFileTruncated) or grown again.
    /// </summary>
    public long Scan(ReadOnlySpan<byte> pattern, long position, List<long>? hits, int maxHits, out long found)
    {
        found = 0;
        ObjectDisposedException.ThrowIf(_fd.IsClosed, this);
        long size = Size;
        if (position < 0 || position > size)
        {
            // Past the end: the file shrank since the last block (or the start was wrong).
            Check(position, 0, writing: false);
        }

        if (size - position < pattern.Length)
        {
            return -1;
        }

        _lastSize = size;
        int block = (int)Math.Min(_windowSize, Math.Max(ScanBlockSize, 2L * pattern.Length));
        if (_scanBuffer == null || _scanBuffer.Length < block)
        {
            _scanBuffer = GC.AllocateUninitializedArray<byte>(block);
        }

        int length = ReadAvailable(position, _scanBuffer.AsSpan(0, (int)Math.Min(block, size - position)));
        var copy = new ReadOnlySpan<byte>(_scanBuffer, 0, length);
        int i = 0;
        while (true)
        {
            int k = copy.Slice(i).IndexOf(pattern);
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

    /// <summary>Copies from position into the destination as far as the file goes (pread): the count copied.</summary>
    private int ReadAvailable(long position, Span<byte> destination)
    {
        int done = 0;
        while (done < destination.Length)
        {
            int n = Unistd.PRead(_fd, destination.Slice(done), position + done, out int errno);
            if (n < 0)
            {
                throw MappedFileErrors.CopyFailed(Path, errno, "pread", position + done, writing: false);
            }

            if (n == 0)
            {
                break;
            }

            done += n;
        }

        return done;
    }

    /// <summary>
    /// Copies one piece (inside one window) into the file at position, a range that Check has just
    /// found in the file (of the given size): through the mapping with process_vm_writev, or with
    /// pwrite where that call is forbidden. offset and count are the whole write, for the message.
    /// </summary>
    private void CopyIn(long position, ReadOnlySpan<byte> piece, long size, long offset, long count)
    {
        if (!s_kernelCopyForbidden)
        {
            SafeMappingHandle map = Window(position, piece.Length, out long at);
            long copied = FileMap.CopyInto(map, at, piece, out int errno);
            if (copied == piece.Length)
            {
                return;
            }

            if (copied > 0 || errno == Errno.EFAULT)
            {
                throw WriteStopped(position + copied, offset, count, size);
            }

            if (errno != Errno.ENOSYS && errno != Errno.EPERM)
            {
                throw MappedFileErrors.CopyFailed(Path, errno, "process_vm_writev", position, writing: true);
            }

            // A sandbox (seccomp) forbids the call: pwrite writes the same pages of the file. Unlike a
            // copy into the mapping, a pwrite after a truncation would grow the file again instead of
            // failing, which the check before each piece makes unlikely but cannot rule out.
            s_kernelCopyForbidden = true;
        }

        int done = 0;
        while (done < piece.Length)
        {
            int n = Unistd.PWrite(_fd, piece.Slice(done), position + done, out int errno);
            if (n < 0 && errno is Errno.ENOSPC or Errno.EDQUOT)
            {
                throw MappedFileErrors.NoSpace(Path, errno, "pwrite", $"'{Path}': the write of {count} bytes at offset {offset} stopped at offset {position + done}");
            }

            if (n <= 0)
            {
                throw MappedFileErrors.CopyFailed(Path, n < 0 ? errno : Errno.EIO, "pwrite", position + done, writing: true);
            }

            done += n;
        }
    }

    /// <summary>
    /// Why a copy into the mapping stopped at stoppedAt (EFAULT: the kernel could not provide the page
    /// there). The file no longer reaches there: truncated. It does, and the file system has no space
    /// for that page (fallocate of it fails with ENOSPC or EDQUOT; or, where fallocate cannot say,
    /// fstatvfs shows no free block): no space. Otherwise it was truncated and grown again.
    /// </summary>
    private PosixIpcException WriteStopped(long stoppedAt, long offset, long count, long sizeBefore)
    {
        long now = Size;
        if (now > stoppedAt)
        {
            long page = stoppedAt & ~(FileMap.PageSize - 1);
            int errno = Fcntl.Allocate(_fd, Fcntl.FALLOC_FL_KEEP_SIZE, page, FileMap.PageSize);
            if (errno == Errno.ENOTSUP && Stat.FreeBytes(_fd) is >= 0 and var free && free < FileMap.PageSize)
            {
                errno = Errno.ENOSPC;
            }

            if (errno is Errno.ENOSPC or Errno.EDQUOT)
            {
                return MappedFileErrors.NoSpace(Path, errno, "fallocate",
                    $"'{Path}': the write of {count} bytes at offset {offset} stopped at offset {stoppedAt}, a hole in the file that the file system has no space to fill" +
                    (stoppedAt > offset ? " (the bytes before it were written)" : " (nothing was written)"));
            }
        }

        return MappedFileErrors.TruncatedDuringCopy(Path, offset, count, stoppedAt, now, sizeBefore, writing: true);
    }

    /// <summary>
    /// The mapping that holds count bytes at offset, and where offset is in it. The window is remapped
    /// when the range is not inside it: from the page below offset, WindowSize bytes or what the access
    /// needs. The part past the end of the file is never written: every write is checked against fstat,
    /// and a copy that meets it anyway stops there (EFAULT).
    /// </summary>
    private SafeMappingHandle Window(long offset, long count, out long at)
    {
        SafeMappingHandle? map = _map;
        if (map != null && offset >= map.FileOffset && offset + count <= map.FileOffset + map.Length)
        {
            at = offset - map.FileOffset;
            return map;
        }

        // Unmapped as soon as no copy holds it (at once, unless another thread is using it).
        _map = null;
        map?.Dispose();

        long start = offset & ~(FileMap.PageSize - 1);
        long length = Math.Max(offset + count, start + _windowSize) - start;
        map = FileMap.Map(_fd, start, length, Writable, out int errno)
            ?? throw IpcErrors.Failed(IpcMechanism.MappedFile, ErrorIds.MappedFileMapFailed, errno, "mmap", Path, $"'{Path}' could not be mapped at offset {start}");
        _map = map;
        at = offset - start;
        return map;
    }

    public override void Dispose()
    {
        _map?.Dispose();
        _map = null;
        _fd.Dispose();
    }
}
