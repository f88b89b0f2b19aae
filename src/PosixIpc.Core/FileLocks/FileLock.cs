using PosixIpc.Interop;

namespace PosixIpc.FileLocks;

/// <summary>
/// A held flock(2) lock on a file: the same lock util-linux flock(1) takes, so each excludes the
/// other. The lock file is created when missing (exactly with the given mode), never truncated, and
/// never reached through a symbolic link. Exclusive locks exclude every other lock; shared locks
/// exclude only exclusive ones. The kernel releases the lock when its holder dies, even by SIGKILL.
/// A lock stays held until Release or Dispose (or the end of the process): the list of held locks
/// keeps it from being collected, so a lock whose object is dropped is not released by accident.
/// </summary>
public sealed class FileLock : IDisposable
{
    /// <summary>How often to try again at most while the lock is taken (the first tries come sooner).</summary>
    private const int MaxPauseMs = 50;

    private static readonly List<FileLock> HeldList = new();

    private readonly SafeFileDescriptor _fd;

    private FileLock(string path, SafeFileDescriptor fd, bool shared, bool created)
    {
        Path = path;
        _fd = fd;
        Shared = shared;
        Created = created;
    }

    /// <summary>The lock file's absolute path.</summary>
    public string Path { get; }

    /// <summary>True for a shared lock (LOCK_SH, flock -s), false for an exclusive one (LOCK_EX, flock -x).</summary>
    public bool Shared { get; }

    /// <summary>The process that holds the lock: this one.</summary>
    public int ProcessId { get; } = Environment.ProcessId;

    /// <summary>When the lock was taken (local time).</summary>
    public DateTime AcquiredAt { get; } = DateTime.Now;

    /// <summary>True when taking the lock created the lock file.</summary>
    public bool Created { get; }

    /// <summary>True until Release or Dispose.</summary>
    public bool IsHeld => !_fd.IsClosed;

    /// <summary>The locks this process holds through FileLock, oldest first.</summary>
    public static IReadOnlyList<FileLock> Held()
    {
        lock (HeldList)
        {
            return HeldList.ToArray();
        }
    }

    /// <summary>
    /// Takes the lock: shared or exclusive; without a timeout waiting for as long as it takes, with a
    /// zero timeout not at all (FileLockBusy), else up to the timeout (FileLockTimeout). Waiting tries
    /// again in short pauses, so cancellation ends it within about 50 ms. onWait is called once, on
    /// the caller's thread, with a description of the holders, when the lock is taken and it waits.
    /// create = false fails with FileLockNotFound when the file is missing.
    /// </summary>
    public static FileLock Acquire(string path, bool shared = false, TimeSpan? timeout = null, CancellationToken cancellation = default,
        UnixFileMode mode = UnixPermissions.OwnerOnly, bool create = true, Action<string>? onWait = null)
    {
        SafeFileDescriptor fd = OpenLockFile(path, mode, create, out bool created);
        try
        {
            Lock(fd, path, shared, timeout, cancellation, onWait);
        }
        catch
        {
            fd.Dispose();
            throw;
        }

        var held = new FileLock(path, fd, shared, created);
        lock (HeldList)
        {
            HeldList.Add(held);
        }

        return held;
    }

    /// <summary>Releases the lock (closing its descriptor releases it). Releasing twice does nothing.</summary>
    public void Release()
    {
        lock (HeldList)
        {
            HeldList.Remove(this);
        }

        _fd.Dispose();
    }

    public void Dispose() => Release();

    public override string ToString() => Path;

    /// <summary>
    /// Opens the file read-only, as flock(1) does, without following a symbolic link (O_NOFOLLOW),
    /// without truncating, and without blocking on a FIFO. A missing file is created with O_EXCL and
    /// given exactly the mode; one that appears meanwhile is opened instead.
    /// </summary>
    private static SafeFileDescriptor OpenLockFile(string path, UnixFileMode mode, bool create, out bool created)
    {
        int flags = Fcntl.O_RDONLY | Fcntl.O_NOFOLLOW | Fcntl.O_NOCTTY | Fcntl.O_NONBLOCK;
        for (int attempt = 0; attempt < 20; attempt++)
        {
            // Refused before any open: opening a device or a FIFO can have effects of its own.
            if (Stat.TryStat(path, followLinks: false, out FileStatus before, out _))
            {
                RequireLockable(path, before);
            }

            SafeFileDescriptor? fd = Fcntl.Open(path, flags, out int errno);
            if (fd == null && errno == Errno.ENOENT && create)
            {
                fd = Fcntl.Open(path, flags | Fcntl.O_CREAT | Fcntl.O_EXCL, (uint)mode, out errno);
                if (fd != null)
                {
                    created = true;
                    if (!Stat.FChmod(fd, (uint)mode, out errno))
                    {
                        fd.Dispose();
                        throw IpcErrors.Failed(IpcMechanism.FileLock, ErrorIds.FileLockOpenFailed, errno, "fchmod", path, $"The mode of the new lock file '{path}' could not be set");
                    }

                    return fd;
                }

                if (errno == Errno.EEXIST)
                {
                    continue; // Created by someone else meanwhile: open that one.
                }

                if (errno == Errno.ENOENT)
                {
                    throw FileLockErrors.NoDirectory(path);
                }
            }

            if (fd == null)
            {
                throw errno switch
                {
                    Errno.ELOOP => FileLockErrors.Symlink(path),
                    Errno.ENOENT => FileLockErrors.NoFile(path),
                    _ => IpcErrors.Failed(IpcMechanism.FileLock, ErrorIds.FileLockOpenFailed, errno, "open", path, $"The lock file '{path}' could not be opened"),
                };
            }

            if (Stat.TryFStat(fd, out FileStatus status, out _) && !IsLockable(status))
            {
                fd.Dispose();
                RequireLockable(path, status);
            }

            created = false;
            return fd;
        }

        throw FileLockErrors.Replaced(path);
    }

    private static bool IsLockable(FileStatus status) => status.Type == FileStatus.S_IFREG || status.IsDirectory;

    private static void RequireLockable(string path, FileStatus status)
    {
        if (status.Type == FileStatus.S_IFLNK)
        {
            throw FileLockErrors.Symlink(path);
        }

        if (!IsLockable(status))
        {
            throw FileLockErrors.NotRegular(path, status);
        }
    }

    private static void Lock(SafeFileDescriptor fd, string path, bool shared, TimeSpan? timeout, CancellationToken cancellation, Action<string>? onWait)
    {
        int operation = (shared ? SysFile.LOCK_SH : SysFile.LOCK_EX) | SysFile.LOCK_NB;
        if (TryLock(fd, path, operation))
        {
            return;
        }

        if (timeout is { } t && t <= TimeSpan.Zero)
        {
            throw FileLockErrors.Busy(path, shared, DescribeHolders(fd));
        }

        onWait?.Invoke(DescribeHolders(fd));
        Deadline deadline = Deadline.After(timeout);
        int pauseMs = 1;
        while (true)
        {
            cancellation.ThrowIfCancellationRequested();
            if (deadline.HasPassed)
            {
                throw FileLockErrors.Timeout(path, shared, timeout!.Value.TotalSeconds, DescribeHolders(fd));
            }

            cancellation.WaitHandle.WaitOne(Math.Max(1, deadline.NextSliceMs(pauseMs)));
            cancellation.ThrowIfCancellationRequested();
            if (TryLock(fd, path, operation))
            {
                return;
            }

            pauseMs = Math.Min(pauseMs * 2, MaxPauseMs);
        }
    }

    /// <summary>flock with LOCK_NB: true when taken, false when another holds it; any other failure throws.</summary>
    private static bool TryLock(SafeFileDescriptor fd, string path, int operation)
    {
        if (SysFile.Flock(fd, operation, out int errno))
        {
            return true;
        }

        return errno == Errno.EAGAIN ? false
            : throw IpcErrors.Failed(IpcMechanism.FileLock, ErrorIds.FileLockFailed, errno, "flock", path, $"The file '{path}' could not be locked");
    }

    /// <summary>
    /// " exclusively by flock (pid 123)" or " shared by ...", from the flock entries of /proc/locks
    /// (POSIX and OFD locks do not conflict with flock); empty when nobody is named there.
    /// </summary>
    private static string DescribeHolders(SafeFileDescriptor fd)
    {
        if (!Stat.TryFStat(fd, out FileStatus st, out _))
        {
            return string.Empty;
        }

        var parts = new List<string>();
        foreach (LockEntry entry in ProcLocks.Read())
        {
            if (entry.Type != FileLockType.Flock || !entry.IsOn(st.DeviceMajor, st.DeviceMinor, st.Inode))
            {
                continue;
            }

            string who = entry.Pid <= 0 ? "a process the kernel does not name"
                : entry.Pid == Environment.ProcessId
                    ? $"this process (pid {entry.Pid}) itself, through another lock: a second lock on one file in one process waits for the first, so use or release the one you hold"
                    : $"{Inventory.ProcessScan.ProcessName(entry.Pid)} (pid {entry.Pid})";
            parts.Add($"{(entry.Shared ? "shared" : "exclusively")} by {who}");
        }

        return parts.Count == 0 ? string.Empty : " " + string.Join(" and ", parts.Distinct());
    }
}
