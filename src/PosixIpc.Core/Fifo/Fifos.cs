using PosixIpc.Interop;
using PosixIpc.Text;

namespace PosixIpc.Fifo;

/// <summary>Creating, finding and removing FIFOs. Paths are absolute file-system paths.</summary>
public static class Fifos
{
    /// <summary>
    /// Creates a FIFO with exactly the given mode (the umask does not apply). An existing FIFO is
    /// reused when reuseExisting is set; any other existing file is never touched.
    /// </summary>
    public static FifoInfo Create(string path, UnixFileMode mode, bool reuseExisting)
    {
        if (Stat.TryStat(path, followLinks: false, out FileStatus existing, out _))
        {
            if (!existing.IsFifo)
            {
                throw FifoErrors.PathTaken(path, existing);
            }

            if (!reuseExisting)
            {
                throw FifoErrors.Exists(path);
            }

            // Where others may create files (/tmp, a shared directory), another user's FIFO may be planted bait.
            if (OthersMayCreateIn(path))
            {
                ForeignOwner.Check(ErrorIds.FifoForeignOwner, "FIFO", path, existing.Uid, "Remove-IpcFifo");
            }

            return new FifoInfo(path, existing);
        }

        if (!Stat.MkFifo(path, (uint)mode, out int errno))
        {
            if (errno == Errno.EEXIST)
            {
                // Someone made it between the look and mkfifo: judge what is there now.
                return Create(path, mode, reuseExisting);
            }

            throw errno is Errno.ENOENT or Errno.ENOTDIR
                ? FifoErrors.ParentNotFound(path)
                : IpcErrors.Failed(IpcMechanism.Fifo, ErrorIds.FifoCreateFailed, errno, "mkfifo", path, $"Cannot create the FIFO '{path}'");
        }

        // Through the object itself: in a directory others can write, the path may hold something else by now.
        if (!Stat.ChmodOwnObject(path, FileStatus.S_IFIFO, (uint)mode, out FileStatus made, out errno))
        {
            throw errno == Errno.EXDEV
                ? new PosixIpcException(ErrorIds.FifoCreateFailed, errno, "chmod", path,
                    $"The FIFO '{path}' was replaced by something else right after it was made (another user can write to its directory); nothing's mode was changed. Make FIFOs in a directory only you can write to.")
                { Category = IpcErrorCategory.PermissionDenied }
                : IpcErrors.Failed(IpcMechanism.Fifo, ErrorIds.FifoCreateFailed, errno, "chmod", path, $"Created the FIFO '{path}' but could not set its mode");
        }

        return new FifoInfo(path, made);
    }

    /// <summary>Whether the path's directory is sticky or writable by its group or by others.</summary>
    private static bool OthersMayCreateIn(string path)
    {
        string? parent = Path.GetDirectoryName(path);
        return parent == null || !Stat.TryStat(parent, followLinks: true, out FileStatus dir, out _) ||
            (dir.Permissions & (0x200 /* S_ISVTX */ | 0x10 /* S_IWGRP */ | 0x2 /* S_IWOTH */)) != 0;
    }

    /// <summary>The FIFO at the path itself (a symbolic link is not followed).</summary>
    public static FifoInfo Get(string path)
    {
        if (!Stat.TryStat(path, followLinks: false, out FileStatus status, out int errno))
        {
            throw IpcErrors.Failed(IpcMechanism.Fifo, ErrorIds.FifoStatFailed, errno, "lstat", path, $"Cannot look at '{path}'");
        }

        return status.IsFifo ? new FifoInfo(path, status) : throw FifoErrors.NotAFifo(path, status);
    }

    /// <summary>
    /// What a listing finds at a path: the FIFO's info, or null with isDirectory set for a real
    /// directory, or null with notAFifo set for anything else. Nothing at the path gives null alone.
    /// </summary>
    public static FifoInfo? Find(string path, out bool isDirectory, out PosixIpcException? notAFifo)
    {
        isDirectory = false;
        notAFifo = null;
        if (!Stat.TryStat(path, followLinks: false, out FileStatus status, out _))
        {
            return null;
        }

        if (status.IsFifo)
        {
            return new FifoInfo(path, status);
        }

        isDirectory = status.IsDirectory;
        notAFifo = isDirectory ? null : FifoErrors.NotAFifo(path, status);
        return null;
    }

    public static bool IsFifo(string path) =>
        Stat.TryStat(path, followLinks: false, out FileStatus status, out _) && status.IsFifo;

    /// <summary>
    /// The FIFOs in a directory, and in its subdirectories when recurse is set. Unreadable folders are
    /// skipped. Recursion enters real directories only (lstat): a symbolic link to a directory is
    /// not followed, so a link loop cannot repeat the same FIFOs and a link cannot lead out of the tree.
    /// Entries are read as bytes (readdir), so a name that is not UTF-8 is found and carried exactly (ByteName).
    /// </summary>
    public static IEnumerable<FifoInfo> Enumerate(string directory, bool recurse)
    {
        var pending = new Stack<string>();
        pending.Push(directory);
        while (pending.Count > 0)
        {
            string current = pending.Pop();
            List<(byte[] Name, byte Type)>? entries = Dirent.List(current, out int errno);
            if (entries == null)
            {
                if (current == directory && errno is not (Errno.EACCES or Errno.EPERM))
                {
                    throw new IOException($"Cannot list the directory '{ByteName.Escape(current)}': {Errno.Describe(errno)}.");
                }

                continue;
            }

            foreach ((byte[] name, byte type) in entries)
            {
                if (type != 0 && type != Dirent.DT_FIFO && (type != Dirent.DT_DIR || !recurse))
                {
                    continue; // d_type says it is neither a FIFO nor a directory to enter: no lstat needed.
                }

                string entry = Path.Join(current, ByteName.ToExact(name));
                if (!Stat.TryStat(entry, followLinks: false, out FileStatus status, out _))
                {
                    continue;
                }

                if (status.IsFifo)
                {
                    yield return new FifoInfo(entry, status);
                }
                else if (recurse && status.IsDirectory)
                {
                    pending.Push(entry);
                }
            }
        }
    }

    /// <summary>Removes a FIFO; refuses anything else, so a regular file of that name survives.</summary>
    public static void Remove(string path)
    {
        Get(path);
        if (!Unistd.Unlink(path, out int errno))
        {
            throw IpcErrors.Failed(IpcMechanism.Fifo, ErrorIds.FifoRemoveFailed, errno, "unlink", path, $"Cannot remove the FIFO '{path}'");
        }
    }
}
