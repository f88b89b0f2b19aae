using PosixIpc.Interop;
using PosixIpc.Semaphores;

namespace PosixIpc.SharedMemory;

/// <summary>
/// An open POSIX shared memory segment (shm_open), for scripts that read and write it many times.
/// Bytes are copied with pread/pwrite on the segment's descriptor: the same pages that other
/// processes map, but without a mapping in this process, so a segment that another process shrinks
/// can never raise SIGBUS here. Every access checks the current size first (fstat), so reading or
/// writing past the end is a ShmOutOfRange error; a shrink between that check and a read still ends
/// in ShmOutOfRange (the read comes back short). One race remains for writes: a shrink in that instant
/// is undone by the write, which grows the segment back to reach the bytes it writes.
/// </summary>
public sealed class SharedMemorySegment : RandomAccessObject
{
    private readonly SafeFileDescriptor _fd;
    private readonly bool _writable;

    private SharedMemorySegment(string name, SafeFileDescriptor fd, bool writable)
    {
        Name = name;
        _fd = fd;
        _writable = writable;
    }

    /// <summary>The segment's name, "/name".</summary>
    public string Name { get; }

    /// <summary>Where glibc keeps the segments (a tmpfs): a segment "/name" is the file /dev/shm/name.</summary>
    public const string Directory = "/dev/shm";

    /// <summary>True when Create made the segment; false when it opened one that existed (force).</summary>
    public bool Created { get; private init; }

    /// <summary>True when opened without write access.</summary>
    public bool IsReadOnly => !_writable;

    /// <summary>Opens an existing segment by name ("/name" or a bare name), read-write unless readOnly.</summary>
    public static SharedMemorySegment Open(string name, bool readOnly = false)
    {
        string full = IpcName.Normalize(name, IpcNameKind.SharedMemory);
        SafeFileDescriptor fd = Mman.ShmOpen(full, readOnly ? Fcntl.O_RDONLY : Fcntl.O_RDWR, 0, out int errno)
            ?? throw IpcErrors.Failed(IpcMechanism.SharedMemory, ErrorIds.ShmOpenFailed, errno, "shm_open", full, $"The shared memory segment '{full}' could not be opened");
        return new SharedMemorySegment(full, fd, !readOnly);
    }

    /// <summary>
    /// Creates a segment of the given size with exactly the given mode (the umask does not apply), or
    /// with force opens an existing one as it is and only grows it to size: never shrinks or wipes it.
    /// </summary>
    public static SharedMemorySegment Create(string name, long size, UnixFileMode mode = UnixPermissions.OwnerOnly, bool force = false)
    {
        string full = IpcName.Normalize(name, IpcNameKind.SharedMemory);
        if (size < 0)
        {
            throw ShmErrors.InvalidSize(full, size);
        }

        // tmpfs takes a sparse size far beyond its capacity; writing into it would then fail page by page.
        long capacity = Capacity();
        if (capacity > 0 && size > capacity)
        {
            throw ShmErrors.TooLarge(full, size, capacity);
        }

        bool created = true;
        SafeFileDescriptor? fd = Mman.ShmOpen(full, Fcntl.O_RDWR | Mman.O_CREAT | Mman.O_EXCL, (uint)mode, out int errno);
        if (fd == null && errno == Errno.EEXIST && force)
        {
            created = false;
            fd = Mman.ShmOpen(full, Fcntl.O_RDWR, 0, out errno);
        }

        if (fd == null)
        {
            throw IpcErrors.Failed(IpcMechanism.SharedMemory, ErrorIds.ShmCreateFailed, errno, "shm_open", full, $"The shared memory segment '{full}' could not be created");
        }

        var segment = new SharedMemorySegment(full, fd, true) { Created = created };
        try
        {
            if (!created && Stat.TryFStat(fd, out FileStatus existing, out _))
            {
                ForeignOwner.Check(ErrorIds.ShmForeignOwner, "shared memory segment", full, existing.Uid, "Remove-SharedMemory");
            }

            if (created && !Stat.FChmod(fd, (uint)mode, out errno))
            {
                throw IpcErrors.Failed(IpcMechanism.SharedMemory, ErrorIds.ShmCreateFailed, errno, "fchmod", full, $"The mode of '{full}' could not be set");
            }

            if (segment.Size < size && !Mman.Truncate(fd, size, out errno))
            {
                throw IpcErrors.Failed(IpcMechanism.SharedMemory, ErrorIds.ShmCreateFailed, errno, "ftruncate", full, $"'{full}' could not be sized to {size} bytes");
            }
        }
        catch
        {
            segment.Dispose();
            if (created)
            {
                Mman.ShmUnlink(full, out _);
            }

            throw;
        }

        return segment;
    }

    /// <summary>The size of the file system under /dev/shm in bytes, or 0 when it cannot be read.</summary>
    private static long Capacity()
    {
        try
        {
            return new DriveInfo(Directory).TotalSize;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return 0;
        }
    }

    /// <summary>Removes the segment's name (shm_unlink); mappings that are open stay valid.</summary>
    public static void Unlink(string name)
    {
        string full = IpcName.Normalize(name, IpcNameKind.SharedMemory);
        if (!Mman.ShmUnlink(full, out int errno))
        {
            throw IpcErrors.Failed(IpcMechanism.SharedMemory, ErrorIds.ShmRemoveFailed, errno, "shm_unlink", full, $"The shared memory segment '{full}' could not be removed");
        }
    }

    /// <summary>A segment's size, mode and owner, looked up by name without opening it.</summary>
    public static SharedMemoryInfo Get(string name)
    {
        string full = IpcName.Normalize(name, IpcNameKind.SharedMemory);
        if (!Stat.TryStat(IpcName.FileIn(Directory, full), followLinks: false, out FileStatus st, out int errno))
        {
            throw IpcErrors.Failed(IpcMechanism.SharedMemory, ErrorIds.ShmGetFailed, errno, "stat", full, $"The shared memory segment '{full}' could not be looked up");
        }

        return new SharedMemoryInfo(full, st);
    }

    /// <summary>
    /// The names of the segments in /dev/shm, sorted. Named semaphores share the directory as
    /// "sem.NAME" files and are left out (Get-IpcSemaphore lists them).
    /// </summary>
    public static IReadOnlyList<string> Names()
    {
        var names = new List<string>();
        foreach (byte[] file in IpcPaths.FileNames(Directory))
        {
            if (!file.AsSpan().StartsWith(IpcSemaphore.FilePrefix))
            {
                names.Add(IpcName.FromFile(file));
            }
        }

        names.Sort(StringComparer.Ordinal);
        return names;
    }

    /// <summary>This segment's size, mode and owner now (fstat).</summary>
    public SharedMemoryInfo GetInfo()
    {
        if (!Stat.TryFStat(_fd, out FileStatus st, out int errno))
        {
            throw PosixIpcException.FromErrno(ErrorIds.ShmStatFailed, errno, "fstat", Name, $"The size of '{Name}' could not be read");
        }

        return new SharedMemoryInfo(Name, st);
    }

    /// <summary>The segment's current size in bytes (fstat).</summary>
    public long Size
    {
        get
        {
            if (!Stat.TryFStat(_fd, out FileStatus st, out int errno))
            {
                throw PosixIpcException.FromErrno(ErrorIds.ShmStatFailed, errno, "fstat", Name, $"The size of '{Name}' could not be read");
            }

            return st.Size;
        }
    }

    private void CheckRange(long offset, long count)
    {
        ObjectDisposedException.ThrowIf(_fd.IsClosed, this);
        long size = Size;
        if (offset < 0 || count < 0 || offset > size || count > size - offset)
        {
            throw ShmErrors.OutOfRange(Name, offset, count, size);
        }
    }

    /// <summary>Copies count bytes from offset into a new array (see ByteChunks); a negative count is ShmOutOfRange.</summary>
    public byte[] Read(long offset, int count)
    {
        CheckRange(offset, count);
        byte[] bytes = ByteChunks.New(count);
        Fill(offset, bytes);
        return bytes;
    }

    /// <summary>Copies bytes from offset into the destination span.</summary>
    public override void Read(long offset, Span<byte> destination)
    {
        CheckRange(offset, destination.Length);
        Fill(offset, destination);
    }

    private void Fill(long offset, Span<byte> destination)
    {
        int done = 0;
        while (done < destination.Length)
        {
            int n = Unistd.PRead(_fd, destination.Slice(done), offset + done, out int errno);
            if (n < 0)
            {
                throw IpcErrors.Failed(IpcMechanism.SharedMemory, ErrorIds.ShmReadFailed, errno, "pread", Name, $"'{Name}' could not be read");
            }

            if (n == 0)
            {
                // Shrunk by another process since the size was checked.
                throw ShmErrors.OutOfRange(Name, offset, destination.Length, Size);
            }

            done += n;
        }
    }

    /// <summary>Copies the bytes into the segment at offset.</summary>
    public override void Write(long offset, ReadOnlySpan<byte> bytes)
    {
        if (!_writable)
        {
            throw ShmErrors.ReadOnly(Name);
        }

        CheckRange(offset, bytes.Length);
        int done = 0;
        while (done < bytes.Length)
        {
            int n = Unistd.PWrite(_fd, bytes.Slice(done), offset + done, out int errno);
            if (n < 0)
            {
                throw IpcErrors.Failed(IpcMechanism.SharedMemory, ErrorIds.ShmWriteFailed, errno, "pwrite", Name, $"'{Name}' could not be written");
            }

            done += n;
        }
    }

    public override string ToString() => Name;

    public override void Dispose() => _fd.Dispose();
}
