using System;
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

    /// <summary>Opens an existing segment by name, read-write unless readOnly.</summary>
    public static SharedMemorySegment Open(string name, bool readOnly = false)
    {
        SafeFileDescriptor? fd = Mman.ShmOpen(name, readOnly ? Fcntl.O_RDONLY : Fcntl.O_RDWR, 0, out int errno);
        if (fd == null)
        {
            string id = errno == Errno.ENOENT ? "ShmNotFound" : errno is Errno.EACCES or Errno.EPERM ? "ShmPermissionDenied" : "ShmOpenFailed";
            throw PosixIpcException.FromErrno(id, errno, "shm_open", name, $"The shared memory segment '{name}' could not be opened");
        }

        return new SharedMemorySegment(name, fd, !readOnly);
    }

    /// <summary>
    /// Creates a segment of the given size and mode (exclusive), or with force opens an existing one and
    /// only grows it to size (never shrinks or wipes it).
    /// </summary>
    public static SharedMemorySegment Create(string name, long size, uint mode = 0x180, bool force = false)
    {
        if (size < 0)
        {
            throw new PosixIpcException("ShmInvalidSize", Errno.EINVAL, null, name, $"The size {size} is negative; give a size of 0 or more bytes.");
        }

        SafeFileDescriptor? fd = Mman.ShmOpen(name, Fcntl.O_RDWR | Mman.O_CREAT | (force ? 0 : Mman.O_EXCL), mode, out int errno);
        if (fd == null)
        {
            string id = errno == Errno.EEXIST ? "ShmExists" : errno is Errno.EACCES or Errno.EPERM ? "ShmPermissionDenied" : "ShmCreateFailed";
            throw PosixIpcException.FromErrno(id, errno, "shm_open", name, $"The shared memory segment '{name}' could not be created",
                errno == Errno.EEXIST ? "Use -Force to reuse it, or remove it first." : null);
        }

        var segment = new SharedMemorySegment(name, fd, true);
        try
        {
            if (segment.Size < size && !Mman.Truncate(fd, size, out errno))
            {
                throw PosixIpcException.FromErrno("ShmCreateFailed", errno, "ftruncate", name, $"'{name}' could not be sized to {size} bytes");
            }
        }
        catch
        {
            segment.Dispose();
            throw;
        }

        return segment;
    }

    /// <summary>Removes the segment's name (shm_unlink); mappings that are open stay valid.</summary>
    public static void Unlink(string name)
    {
        if (!Mman.ShmUnlink(name, out int errno))
        {
            string id = errno == Errno.ENOENT ? "ShmNotFound" : errno is Errno.EACCES or Errno.EPERM ? "ShmPermissionDenied" : "ShmRemoveFailed";
            throw PosixIpcException.FromErrno(id, errno, "shm_unlink", name, $"The shared memory segment '{name}' could not be removed");
        }
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
            throw new PosixIpcException("ShmOutOfRange", Errno.ERANGE, null, Name,
                $"Offset {offset} and count {count} reach past the end of '{Name}', which is {size} bytes now.");
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
                    throw PosixIpcException.FromErrno("ShmMapFailed", errno, "mmap", Name, $"'{Name}' could not be mapped");
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
        return new ReadOnlySpan<byte>(p, count).ToArray();
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
        byte* p = Acquire(offset, bytes.Length);
        bytes.CopyTo(new Span<byte>(p, bytes.Length));
    }

    /// <summary>Copies the bytes into the segment at offset (for scripts: byte[]).</summary>
    public void Write(long offset, byte[] bytes) => Write(offset, (ReadOnlySpan<byte>)bytes);

    public long ReadInt64(long offset) => BinaryPrimitives.ReadInt64LittleEndian(new ReadOnlySpan<byte>(Acquire(offset, 8), 8));

    public void WriteInt64(long offset, long value) => BinaryPrimitives.WriteInt64LittleEndian(new Span<byte>(Acquire(offset, 8), 8), value);

    public void Dispose()
    {
        Mman.Unmap(_addr, _mapped);
        _addr = IntPtr.Zero;
        _mapped = 0;
        _fd.Dispose();
    }
}
