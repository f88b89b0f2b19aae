using PosixIpc.Interop;

namespace PosixIpc.FileLocks;

/// <summary>The failures file-lock operations report, each with its stable ErrorId and a message that says what to do.</summary>
public static class FileLockErrors
{
    /// <summary>-TimeoutSec 0 and the lock is held: what a script polls for, so it ends only the item.</summary>
    public static PosixIpcException Busy(string path, bool shared, string holders) =>
        new(ErrorIds.FileLockBusy, Errno.EAGAIN, "flock", path,
            $"The file '{path}' is locked{holders}, and -TimeoutSec 0 was given, so no {Kind(shared)} lock was taken. Try again later, or give -TimeoutSec to wait for it.")
        {
            Category = IpcErrorCategory.ResourceBusy,
            Scope = IpcErrorScope.Item,
        };

    public static PosixIpcException Timeout(string path, bool shared, double seconds, string holders) =>
        new(ErrorIds.FileLockTimeout, Errno.ETIMEDOUT, "flock", path,
            $"No {Kind(shared)} lock on '{path}' could be taken within {seconds:0.###} s: it is locked{holders}. Wait longer (-TimeoutSec), or find the holder with Get-IpcObject -Kind FileLock.")
        {
            Scope = IpcErrorScope.Item,
        };

    public static PosixIpcException Symlink(string path) =>
        new(ErrorIds.FileLockSymlink, Errno.ELOOP, null, path,
            $"'{path}' is a symbolic link. File locks never follow one (a link planted in a shared directory could make the lock create or open another file), so nothing was opened and the link's target was left untouched. Lock the real file's path, or remove the link.");

    internal static PosixIpcException NotRegular(string path, FileStatus status) =>
        new(ErrorIds.FileLockNotRegular, Errno.EINVAL, null, path,
            $"'{path}' is {status.TypeName}; only a regular file or a directory can be a lock file, so it was not opened. Give the path of a lock file (it is created when missing).");

    public static PosixIpcException NoFile(string path) =>
        new(ErrorIds.FileLockNotFound, Errno.ENOENT, "open", path,
            $"The lock file '{path}' does not exist and -NoCreate was given, so nothing was locked. Create it first, or leave out -NoCreate.");

    public static PosixIpcException NoDirectory(string path) =>
        new(ErrorIds.FileLockNotFound, Errno.ENOENT, "open", path,
            $"The lock file '{path}' cannot be created: its directory '{System.IO.Path.GetDirectoryName(path)}' does not exist. Create the directory, or check the path.");

    public static PosixIpcException NotHeld(string path) =>
        new(ErrorIds.FileLockNotHeld, Errno.ENOENT, null, path,
            $"This session holds no lock on '{path}'. Unlock-IpcFile releases the locks that Lock-IpcFile took in this process (pipe the lock object in, or give its -Path); Get-IpcObject -Kind FileLock shows every lock of the host.");

    public static PosixIpcException Replaced(string path) =>
        new(ErrorIds.FileLockOpenFailed, Errno.EAGAIN, "open", path,
            $"The lock file '{path}' kept appearing and disappearing while it was opened, so no lock was taken. Check what else creates and removes it.");

    private static string Kind(bool shared) => shared ? "shared" : "exclusive";
}
