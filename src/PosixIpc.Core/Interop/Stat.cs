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
    public uint DeviceMinor => (uint)((Device & 0xFF) | ((Device >> 12) & 0xFFFFFF00UL));

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

/// <summary>The device (major, minor) and inode that identify a file, with its type (S_IFMT bits).</summary>
internal readonly record struct FileKey(uint Major, uint Minor, ulong Inode, uint Type = 0)
{
    public bool IsSocket => Type == FileStatus.S_IFSOCK;

    /// <summary>The same file, whatever the type says.</summary>
    public bool SameFile(in FileKey other) => Major == other.Major && Minor == other.Minor && Inode == other.Inode;

    public static FileKey Of(in FileStatus status) => new(status.DeviceMajor, status.DeviceMinor, status.Inode, status.Type);
}

/// <summary>sys/stat.h: stat, lstat, fstat, mkfifo, chmod, fchmod.</summary>
internal static partial class Stat
{
    private const int AT_FDCWD = -100;
    private const int AT_SYMLINK_NOFOLLOW = 0x100;
    private const uint STATX_BTIME = 0x800;

    [System.Runtime.InteropServices.LibraryImport("libc", EntryPoint = "statx", SetLastError = true)]
    private static unsafe partial int StatX(int dirfd, byte* path, int flags, uint mask, byte* buffer);

    /// <summary>
    /// When the file at the path itself (no link followed) was born (statx STATX_BTIME), in 100 ns
    /// ticks since the epoch; 0 when the file system does not keep it. Unlike the inode number, which a
    /// file system may give the next file at once, it tells a file from a later one of the same path.
    /// </summary>
    public static unsafe long BirthTicks(string path)
    {
        byte[]? name = NativeString.ToUtf8z(path);
        if (name == null)
        {
            return 0;
        }

        // struct statx is 256 bytes: stx_mask at 0, stx_btime (s64 tv_sec, u32 tv_nsec) at 80.
        byte* buffer = stackalloc byte[256];
        fixed (byte* p = name)
        {
            if (StatX(AT_FDCWD, p, AT_SYMLINK_NOFOLLOW, STATX_BTIME, buffer) != 0 || (*(uint*)buffer & STATX_BTIME) == 0)
            {
                return 0;
            }
        }

        return *(long*)(buffer + 80) * TimeSpan.TicksPerSecond + *(uint*)(buffer + 88) / 100;
    }

    /// <summary>
    /// What identifies an open file, for a scan of /proc/PID/fd: statx of a name relative to an open
    /// directory, following the link, asking for the type and inode only. AT_STATX_DONT_SYNC keeps a
    /// network or FUSE file system from being asked (a hung server cannot hang the scan).
    /// </summary>
    public static unsafe bool TryIdentifyAt(SafeFileDescriptor directory, ReadOnlySpan<byte> nameZ, out FileKey file)
    {
        const int AT_STATX_DONT_SYNC = 0x4000;
        const uint STATX_TYPE = 0x1, STATX_INO = 0x100;
        using var lease = directory.Borrow();
        byte* buffer = stackalloc byte[256];
        fixed (byte* p = nameZ)
        {
            // struct statx: stx_mode (u16) at 28, stx_ino at 32, stx_dev_major and stx_dev_minor (u32) at 136 and 140.
            int rc;
            while (Errno.Interrupted(rc = StatX(lease.Fd, p, AT_STATX_DONT_SYNC, STATX_TYPE | STATX_INO, buffer), out _))
            {
            }

            file = rc == 0 ? new FileKey(*(uint*)(buffer + 136), *(uint*)(buffer + 140), *(ulong*)(buffer + 32), (uint)(*(ushort*)(buffer + 28) & FileStatus.S_IFMT)) : default;
            return rc == 0;
        }
    }

    /// <summary>lstat or stat of a path given as raw bytes (a name that need not be UTF-8), NUL-terminated.</summary>
    public static unsafe bool TryStat(ReadOnlySpan<byte> pathZ, bool followLinks, out FileStatus status)
    {
        stat buf;
        int rc;
        fixed (byte* p = pathZ)
        {
            rc = followLinks ? LibC.stat(p, &buf) : LibC.lstat(p, &buf);
        }

        status = rc == 0 ? Convert(buf) : default;
        return rc == 0;
    }

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

    /// <summary>
    /// Sets the mode of an object this process has just made at the path, never through a path that
    /// can be swapped meanwhile: the path is opened O_PATH|O_NOFOLLOW (a link put there is opened as the
    /// link), the descriptor is checked to be of the type and owned by this user (a swapped-in object
    /// is not), and the mode is set through /proc/self/fd/N, which names that very object (fchmod
    /// fails with EBADF on an O_PATH descriptor). False with EXDEV when something else is at the path.
    /// </summary>
    public static bool ChmodOwnObject(string path, uint type, uint mode, out FileStatus status, out int errno)
    {
        status = default;
        using SafeFileDescriptor? fd = Fcntl.Open(path, LibC.O_PATH | LibC.O_NOFOLLOW, out errno);
        if (fd == null)
        {
            return false;
        }

        if (!TryFStat(fd, out status, out errno))
        {
            return false;
        }

        if (status.Type != type || status.Uid != LibC.geteuid())
        {
            errno = Errno.EXDEV;
            return false;
        }

        using var lease = fd.Borrow();
        if (!Chmod($"/proc/self/fd/{lease.Fd}", mode, out errno))
        {
            return false;
        }

        return TryFStat(fd, out status, out errno);
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
