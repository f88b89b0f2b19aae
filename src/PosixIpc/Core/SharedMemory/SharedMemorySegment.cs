using System;
using System.Collections.Generic;
using System.IO;
using System.Buffers.Binary;
using PosixIpc.Interop;

namespace PosixIpc.SharedMemory;

/// <summary>
/// An open POSIX shared memory segment (shm_open + mmap), for scripts that read and write it many times.
/// Every access first checks the segment's current size with fstat and remaps when it changed, so a
/// segment that another process shrank is a ShmOutOfRange error instead of SIGBUS. A race remains:
/// another process can still shrink the segment between the fstat and the copy.
/// </summary>
public sealed unsafe class SharedMemorySegment : IDisposable
{
    private readonly SafeFileDescriptor _fd;
    private readonly bool _writable;
    private IntPtr _addr;
    private long _mapped;

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
            ?? throw ShmErrors.Failed("ShmOpenFailed", errno, "shm_open", full, $"The shared memory segment '{full}' could not be opened");
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
            throw ShmErrors.Failed("ShmCreateFailed", errno, "shm_open", full, $"The shared memory segment '{full}' could not be created");
        }

        var segment = new SharedMemorySegment(full, fd, true) { Created = created };
        try
        {
            if (created && !Stat.FChmod(fd, (uint)mode, out errno))
            {
                throw ShmErrors.Failed("ShmCreateFailed", errno, "fchmod", full, $"The mode of '{full}' could not be set");
            }

            if (segment.Size < size && !Mman.Truncate(fd, size, out errno))
            {
                throw ShmErrors.Failed("ShmCreateFailed", errno, "ftruncate", full, $"'{full}' could not be sized to {size} bytes");
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
            throw ShmErrors.Failed("ShmRemoveFailed", errno, "shm_unlink", full, $"The shared memory segment '{full}' could not be removed");
        }
    }

    /// <summary>A segment's size, mode and owner, looked up by name without opening it.</summary>
    public static SharedMemoryInfo Get(string name)
    {
        string full = IpcName.Normalize(name, IpcNameKind.SharedMemory);
        if (!Stat.TryStat(Directory + full, followLinks: false, out FileStatus st, out int errno))
        {
            throw ShmErrors.Failed("ShmGetFailed", errno, "stat", full, $"The shared memory segment '{full}' could not be looked up");
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
        foreach (string entry in System.IO.Directory.EnumerateFiles(Directory))
        {
            string file = System.IO.Path.GetFileName(entry);
            if (!file.StartsWith("sem.", StringComparison.Ordinal))
            {
                names.Add("/" + file);
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
            throw PosixIpcException.FromErrno("ShmStatFailed", errno, "fstat", Name, $"The size of '{Name}' could not be read");
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
                throw PosixIpcException.FromErrno("ShmStatFailed", errno, "fstat", Name, $"The size of '{Name}' could not be read");
            }

            return st.Size;
        }
    }

    private byte* Acquire(long offset, long count)
    {
        ObjectDisposedException.ThrowIf(_fd.IsClosed, this);
        long size = Size;
        if (offset < 0 || count < 0 || offset > size || count > size - offset)
        {
            throw ShmErrors.OutOfRange(Name, offset, count, size);
        }

        if (size != _mapped)
        {
            Mman.Unmap(_addr, _mapped);
            _addr = IntPtr.Zero;
            _mapped = 0;
            if (size > 0)
            {
                IntPtr a = Mman.Map(_fd, size, _writable, out int errno);
                if (a == IntPtr.Zero)
                {
                    throw ShmErrors.Failed("ShmMapFailed", errno, "mmap", Name, $"'{Name}' could not be mapped");
                }

                _addr = a;
                _mapped = size;
            }
        }

        return (byte*)_addr + offset;
    }

    /// <summary>Copies count bytes from offset into a new array.</summary>
    public byte[] Read(long offset, int count)
    {
        byte* p = Acquire(offset, count);
        byte[] bytes = GC.AllocateUninitializedArray<byte>(count);
        new ReadOnlySpan<byte>(p, count).CopyTo(bytes);
        return bytes;
    }

    /// <summary>Copies bytes from offset into the destination span.</summary>
    public void Read(long offset, Span<byte> destination)
    {
        byte* p = Acquire(offset, destination.Length);
        new ReadOnlySpan<byte>(p, destination.Length).CopyTo(destination);
    }

    /// <summary>Copies the bytes into the segment at offset.</summary>
    public void Write(long offset, ReadOnlySpan<byte> bytes)
    {
        if (!_writable)
        {
            throw ShmErrors.ReadOnly(Name);
        }

        byte* p = Acquire(offset, bytes.Length);
        bytes.CopyTo(new Span<byte>(p, bytes.Length));
    }

    /// <summary>Copies the bytes into the segment at offset (for scripts: byte[]).</summary>
    public void Write(long offset, byte[] bytes) => Write(offset, (ReadOnlySpan<byte>)bytes);

    public long ReadInt64(long offset) => BinaryPrimitives.ReadInt64LittleEndian(new ReadOnlySpan<byte>(Acquire(offset, 8), 8));

    public void WriteInt64(long offset, long value)
    {
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, value);
        Write(offset, bytes);
    }

    public int ReadInt32(long offset) => BinaryPrimitives.ReadInt32LittleEndian(new ReadOnlySpan<byte>(Acquire(offset, 4), 4));

    public void WriteInt32(long offset, int value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(bytes, value);
        Write(offset, bytes);
    }

    public override string ToString() => Name;

    public void Dispose()
    {
        Mman.Unmap(_addr, _mapped);
        _addr = IntPtr.Zero;
        _mapped = 0;
        _fd.Dispose();
    }
}
