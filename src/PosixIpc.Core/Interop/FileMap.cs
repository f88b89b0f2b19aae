using System.Runtime.InteropServices;
using Tmds.Linux;

namespace PosixIpc.Interop;

/// <summary>
/// sys/mman.h for mapping part of a regular file: mmap at a page-aligned offset (the mapping lives in
/// a SafeMappingHandle), msync, and fsync of the descriptor (all Tmds.LibC), plus the one way bytes go
/// into a mapping: CopyInto, which cannot fault. Each call reports failure with the errno read right
/// after it; msync and fsync retry EINTR.
/// </summary>
internal static unsafe class FileMap
{
    /// <summary>The system page size: mmap offsets must be multiples of it.</summary>
    public static readonly long PageSize = LibC.getpagesize();

    /// <summary>
    /// A MAP_SHARED mapping of length bytes of the file from offset (a multiple of PageSize); null
    /// and the errno on failure. Nothing is faulted in until it is written.
    /// </summary>
    public static SafeMappingHandle? Map(SafeFileDescriptor fd, long offset, long length, bool writable, out int errno)
    {
        using var lease = fd.Borrow();
        int prot = LibC.PROT_READ | (writable ? LibC.PROT_WRITE : 0);
        void* addr = LibC.mmap(null, (size_t)(ulong)length, prot, LibC.MAP_SHARED, lease.Fd, offset);
        if (addr == LibC.MAP_FAILED)
        {
            errno = Errno.Last;
            return null;
        }

        errno = 0;
        return new SafeMappingHandle((IntPtr)addr, offset, length);
    }

    /// <summary>
    /// Copies source into the mapping at the given offset from its start, through the kernel
    /// (process_vm_writev on this process), so that a page past the file's end or one the file system
    /// has no space for ends the copy early instead of raising SIGBUS. The mapping is held
    /// (DangerousAddRef) for the copy, so a Dispose on another thread cannot unmap it meanwhile.
    /// Returns how many bytes were copied, and the errno of the call that stopped short.
    /// </summary>
    public static long CopyInto(SafeMappingHandle map, long at, ReadOnlySpan<byte> source, out int errno)
    {
        if (at < 0 || source.Length > map.Length - at)
        {
            throw new ArgumentOutOfRangeException(nameof(at), "The copy must lie inside the mapping.");
        }

        using var lease = map.Borrow();
        return Uio.CopyInto((byte*)lease.Address + at, source, out errno);
    }

    /// <summary>msync(MS_SYNC): writes the mapping's dirty pages to the file and waits for them.</summary>
    public static bool Sync(SafeMappingHandle? map, out int errno)
    {
        errno = 0;
        if (map == null)
        {
            return true;
        }

        using var lease = map.Borrow();
        while (LibC.msync((void*)lease.Address, (size_t)(ulong)map.Length, LibC.MS_SYNC) != 0)
        {
            errno = Errno.Last;
            if (errno != Errno.EINTR)
            {
                return false;
            }
        }

        errno = 0;
        return true;
    }

    /// <summary>fsync: the file's data and metadata, whatever mapping or write(2) dirtied them.</summary>
    public static bool FSync(SafeFileDescriptor fd, out int errno)
    {
        using var lease = fd.Borrow();
        while (LibC.fsync(lease.Fd) != 0)
        {
            errno = Errno.Last;
            if (errno != Errno.EINTR)
            {
                return false;
            }
        }

        errno = 0;
        return true;
    }
}

/// <summary>
/// A mapping made by mmap, unmapped (munmap) exactly once: when it is disposed and no copy holds it
/// any more, or by the finalizer when Dispose was forgotten, so that neither leaks the address range
/// nor unmaps memory a copy on another thread is using.
/// </summary>
internal sealed unsafe class SafeMappingHandle : SafeHandle
{
    public SafeMappingHandle(IntPtr address, long fileOffset, long length) : base(IntPtr.Zero, ownsHandle: true)
    {
        SetHandle(address);
        FileOffset = fileOffset;
        Length = length;
    }

    /// <summary>Where in the file the mapping starts.</summary>
    public long FileOffset { get; }

    /// <summary>How many bytes are mapped.</summary>
    public long Length { get; }

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle() => LibC.munmap((void*)handle, (size_t)(ulong)Length) == 0;

    /// <summary>The mapping's address, kept mapped until the lease is disposed (ObjectDisposedException once closed).</summary>
    public HandleLease Borrow() => new(this);
}
