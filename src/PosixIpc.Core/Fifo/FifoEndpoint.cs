using PosixIpc.Interop;

namespace PosixIpc.Fifo;

/// <summary>Opening one end of a FIFO, non-blocking, and making sure that what got opened is a FIFO.</summary>
internal static class FifoEndpoint
{
    /// <summary>Refuses before any open when the path is missing or not a FIFO, so a regular file is never opened for writing.</summary>
    public static void CheckIsFifo(string path)
    {
        if (!Stat.TryStat(path, followLinks: true, out FileStatus status, out int errno))
        {
            throw IpcErrors.Failed(IpcMechanism.Fifo, ErrorIds.FifoStatFailed, errno, "stat", path, $"Cannot look at '{path}'");
        }

        if (!status.IsFifo)
        {
            throw FifoErrors.NotAFifo(path, status);
        }
    }

    /// <summary>Opens with O_NONBLOCK; null with the errno when the kernel says ENXIO (no reader yet).</summary>
    public static SafeFileDescriptor? TryOpen(string path, int access, out int errno)
    {
        SafeFileDescriptor? fd = Fcntl.Open(path, access | Fcntl.O_NONBLOCK | Fcntl.O_NOCTTY, out errno);
        if (fd == null)
        {
            if (errno == Errno.ENXIO)
            {
                return null;
            }

            throw IpcErrors.Failed(IpcMechanism.Fifo, ErrorIds.FifoOpenFailed, errno, "open", path, $"Cannot open the FIFO '{path}'");
        }

        // The path may have been swapped between the check and the open.
        if (!Stat.TryFStat(fd, out FileStatus status, out errno) || !status.IsFifo)
        {
            fd.Dispose();
            throw FifoErrors.NotAFifo(path, status);
        }

        return fd;
    }
}
