using System;
using Tmds.Linux;

namespace PosixIpc.Interop;

/// <summary>
/// sys/mman.h for mapping part of a regular file: mmap at a page-aligned offset, munmap, msync,
/// madvise, and fsync of the descriptor (all Tmds.LibC). Each call reports failure with the errno
/// read right after it; msync and fsync retry EINTR.
/// </summary>
internal static unsafe class FileMap
{
    /// <summary>The system page size: mmap offsets must be multiples of it.</summary>
    public static readonly long PageSize = LibC.getpagesize();

    /// <summary>
    /// A MAP_SHARED mapping of length bytes of the file from offset (a multiple of PageSize);
    /// IntPtr.Zero and the errno on failure. With populate, the pages are faulted in at once
    /// (MAP_POPULATE), which is cheaper than one fault per page for a window read end to end.
    /// </summary>
    public static IntPtr Map(SafeFileDescriptor fd, long offset, long length, bool writable, bool populate, out int errno)
    {
        using var lease = fd.Borrow();
        int prot = LibC.PROT_READ | (writable ? LibC.PROT_WRITE : 0);
        int flags = LibC.MAP_SHARED | (populate ? LibC.MAP_POPULATE : 0);
        void* addr = LibC.mmap(null, (size_t)(ulong)length, prot, flags, lease.Fd, offset);
        if (addr == LibC.MAP_FAILED)
        {
            errno = Errno.Last;
            return IntPtr.Zero;
        }

        errno = 0;
        return (IntPtr)addr;
    }

    public static void Unmap(IntPtr addr, long length)
    {
        if (addr != IntPtr.Zero && length > 0)
        {
            LibC.munmap((void*)addr, (size_t)(ulong)length);
        }
    }

    /// <summary>Advises the kernel that the range will be read in order (read-ahead); failures are ignored.</summary>
    public static void AdviseSequential(IntPtr addr, long length)
    {
        if (addr != IntPtr.Zero && length > 0)
        {
            LibC.madvise((void*)addr, (size_t)(ulong)length, LibC.MADV_SEQUENTIAL);
        }
    }

    /// <summary>msync(MS_SYNC): writes the mapped range's dirty pages to the file and waits for them.</summary>
    public static bool Sync(IntPtr addr, long length, out int errno)
    {
        errno = 0;
        if (addr == IntPtr.Zero || length <= 0)
        {
            return true;
        }

        while (LibC.msync((void*)addr, (size_t)(ulong)length, LibC.MS_SYNC) != 0)
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
