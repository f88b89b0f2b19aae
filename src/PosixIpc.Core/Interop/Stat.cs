using System;
using Tmds.Linux;

namespace PosixIpc.Interop;

/// <summary>The parts of struct stat the module uses.</summary>
internal readonly record struct FileStatus(uint Mode, uint Uid, uint Gid, long Size, DateTime LastWriteTimeUtc, ulong Inode, ulong Device = 0)
{
    public const uint S_IFMT = 0xF000;
    public const uint S_IFIFO = 0x1000;
    public const uint S_IFDIR = 0x4000;
    public const uint S_IFREG = 0x8000;
    public const uint S_IFLNK = 0xA000;
    public const uint S_IFSOCK = 0xC000;

    public uint Type => Mode & S_IFMT;

    public uint Permissions => Mode & 0xFFF;

    public bool IsFifo => Type == S_IFIFO;

    public bool IsDirectory => Type == S_IFDIR;

    /// <summary>The major number of the device the file is on (glibc's major() of st_dev).</summary>
    public uint DeviceMajor => (uint)(((Device >> 8) & 0xFFF) | ((Device >> 32) & ~0xFFFUL));

    /// <summary>The minor number of the device the file is on (glibc's minor() of st_dev).</summary>
    public uint DeviceMinor => (uint)((Device & 0xFF) | ((Device >> 12) & ~0xFFUL));

    /// <summary>What the file is, as an error message names it: "a regular file", "a FIFO" ...</summary>
    public string TypeName => Type switch
    {
        S_IFREG => "a regular file",
        S_IFDIR => "a directory",
        S_IFLNK => "a symbolic link",
        S_IFIFO => "a FIFO",
        S_IFSOCK => "a socket",
        0x2000 => "a character device",
        0x6000 => "a block device",
        _ => "a file of unknown type",
    };
}

/// <summary>sys/stat.h: stat, lstat, fstat, mkfifo, chmod, fchmod.</summary>
internal static class Stat
{
    public static unsafe bool TryStat(string path, bool followLinks, out FileStatus status, out int errno)
    {
        status = default;
        byte[]? name = NativeString.ToUtf8z(path);
        if (name == null)
        {
            errno = Errno.EINVAL;
            return false;
        }

        stat buf;
        int rc;
        fixed (byte* p = name)
        {
            rc = followLinks ? LibC.stat(p, &buf) : LibC.lstat(p, &buf);
        }

        if (rc != 0)
        {
            errno = Errno.Last;
            return false;
        }

        errno = 0;
        status = Convert(buf);
        return true;
    }

    public static unsafe bool TryFStat(SafeFileDescriptor fd, out FileStatus status, out int errno)
    {
        using var lease = fd.Borrow();
        stat buf;
        if (LibC.fstat(lease.Fd, &buf) != 0)
        {
            errno = Errno.Last;
            status = default;
            return false;
        }

        errno = 0;
        status = Convert(buf);
        return true;
    }

    /// <summary>fstatvfs: the bytes free on the file system that holds the descriptor's file (for root; f_bfree), or -1 when it cannot say.</summary>
    public static unsafe long FreeBytes(SafeFileDescriptor fd)
    {
        using var lease = fd.Borrow();
        statvfs buf;
        if (LibC.fstatvfs(lease.Fd, &buf) != 0)
        {
            return -1;
        }

        return (long)(ulong)buf.f_bfree * (long)(ulong)buf.f_frsize;
    }

    public static unsafe bool MkFifo(string path, uint mode, out int errno)
    {
        byte[]? name = NativeString.ToUtf8z(path);
        if (name == null)
        {
            errno = Errno.EINVAL;
            return false;
        }

        fixed (byte* p = name)
        {
            bool ok = LibC.mkfifo(p, (ushort)mode) == 0;
            errno = ok ? 0 : Errno.Last;
            return ok;
        }
    }

    /// <summary>Sets the permission bits exactly, whatever the process umask took away at creation.</summary>
    public static unsafe bool Chmod(string path, uint mode, out int errno)
    {
        byte[]? name = NativeString.ToUtf8z(path);
        if (name == null)
        {
            errno = Errno.EINVAL;
            return false;
        }

        fixed (byte* p = name)
        {
            bool ok = LibC.chmod(p, (ushort)mode) == 0;
            errno = ok ? 0 : Errno.Last;
            return ok;
        }
    }

    /// <summary>fchmod: sets the permission bits of an open object exactly, whatever the umask took away.</summary>
    public static bool FChmod(SafeFileDescriptor fd, uint mode, out int errno)
    {
        using var lease = fd.Borrow();
        bool ok = LibC.fchmod(lease.Fd, (ushort)mode) == 0;
        errno = ok ? 0 : Errno.Last;
        return ok;
    }

    private static FileStatus Convert(in stat buf)
    {
        long seconds = buf.st_mtim.tv_sec;
        long nanos = buf.st_mtim.tv_nsec;
        DateTime mtime = DateTime.UnixEpoch.AddTicks(seconds * TimeSpan.TicksPerSecond + nanos / 100);
        return new FileStatus((ushort)buf.st_mode, buf.st_uid, buf.st_gid, buf.st_size, mtime, buf.st_ino, buf.st_dev);
    }
}
