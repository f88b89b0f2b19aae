using PosixIpc.Interop;

namespace PosixIpc;

/// <summary>
/// One row of a mechanism's errno table: the errno values it covers, the ErrorId they become, the
/// message to use instead of the caller's (null keeps it), and what to do about it.
/// </summary>
internal sealed record ErrnoRule(int[] Errnos, string ErrorId, Func<string, string>? What, Func<string, string> Advice)
{
    public ErrnoRule(int[] errnos, string errorId, Func<string, string>? what, string advice)
        : this(errnos, errorId, what, _ => advice)
    {
    }
}

/// <summary>
/// Per mechanism, what an errno means for its objects and what the user should do. IpcErrors reads
/// it; an errno without a row keeps the caller's ErrorId and message.
/// </summary>
internal static class ErrnoAdvice
{
    private static readonly int[] NotFound = { Errno.ENOENT };
    private static readonly int[] Exists = { Errno.EEXIST };
    private static readonly int[] Denied = { Errno.EACCES, Errno.EPERM };

    /// <summary>The "/name" object (queue, segment, semaphore) that its New- cmdlet creates and its Get- cmdlet lists is not there.</summary>
    private static ErrnoRule NamedMissing(string errorId, string noun, string create, string list, string plural) =>
        new(NotFound, errorId, name => $"The {noun} '{name}' does not exist", $"Create it with {create}, or check the name ({list} lists the {plural}).");

    /// <summary>The "/name" object (segment, semaphore) is there already; its Remove- cmdlet removes it.</summary>
    private static ErrnoRule NamedExists(string errorId, string noun, string remove) =>
        new(Exists, errorId, name => $"The {noun} '{name}' already exists", $"Use -Force to reuse it as it is, or {remove} it first.");

    private static readonly Dictionary<IpcMechanism, ErrnoRule[]> Tables = new()
    {
        [IpcMechanism.Fifo] = new ErrnoRule[]
        {
            new(NotFound, ErrorIds.FifoNotFound, path => $"The FIFO '{path}' does not exist",
                "Create it with New-IpcFifo (or mkfifo), or check the path."),
            new(Denied, ErrorIds.FifoPermissionDenied, null,
                "Check the FIFO's mode and owner (Get-IpcFifo shows them) and the permissions of its directory."),
        },
        [IpcMechanism.Mq] = new ErrnoRule[]
        {
            NamedMissing(ErrorIds.MqNotFound, "message queue", "New-MqQueue", "Get-MqQueue", "queues"),
            new(Denied, ErrorIds.MqPermissionDenied, null,
                "Check the queue's mode and owner (Get-MqQueue shows them where /dev/mqueue is mounted)."),
            new(new[] { Errno.EMFILE }, "", null,
                "Too many message queues are open or exist (RLIMIT_MSGQUEUE, or /proc/sys/fs/mqueue/queues_max); close or remove some."),
        },
        [IpcMechanism.SharedMemory] = new ErrnoRule[]
        {
            NamedMissing(ErrorIds.ShmNotFound, "shared memory segment", "New-SharedMemory", "Get-SharedMemory", "segments"),
            NamedExists(ErrorIds.ShmExists, "shared memory segment", "Remove-SharedMemory"),
            new(Denied, ErrorIds.ShmPermissionDenied, null, "Check the segment's mode and owner (Get-SharedMemory shows them)."),
            new(new[] { Errno.EMFILE, Errno.ENFILE }, "", null,
                "Too many files are open; close some segments (Dispose) or raise the limit (ulimit -n)."),
            new(new[] { Errno.ENOSPC, Errno.ENOMEM }, ErrorIds.ShmNoSpace, null,
                "/dev/shm is full or memory is short; remove segments you do not need (Get-SharedMemory | Remove-SharedMemory) or ask for less."),
        },
        [IpcMechanism.Semaphore] = new ErrnoRule[]
        {
            NamedMissing(ErrorIds.SemaphoreNotFound, "semaphore", "New-IpcSemaphore", "Get-IpcSemaphore", "semaphores"),
            NamedExists(ErrorIds.SemaphoreExists, "semaphore", "Remove-IpcSemaphore"),
            new(Denied, ErrorIds.SemaphorePermissionDenied, null, "Check the semaphore's mode and owner (Get-IpcSemaphore shows them)."),
            new(new[] { Errno.EOVERFLOW }, ErrorIds.SemaphoreOverflow, null,
                "The value is at its maximum (SEM_VALUE_MAX); release only what was acquired."),
        },
        [IpcMechanism.MappedFile] = new ErrnoRule[]
        {
            new(NotFound, ErrorIds.MappedFileNotFound, path => $"The file '{path}' does not exist",
                "Check the path; Write-MappedFile does not create files (New-Item, or truncate -s SIZE, does)."),
            new(Denied, ErrorIds.MappedFilePermissionDenied, null,
                "Check the file's mode and owner (ls -l) and the permissions of its directories; writing needs read and write permission."),
            new(new[] { Errno.ENOSPC, Errno.EDQUOT }, ErrorIds.MappedFileNoSpace, null,
                path => $"The file system that holds '{path}' is full (or the disk quota is used up), so the bytes could not be stored; free some space (df shows how much is left) and write again."),
        },
        [IpcMechanism.Socket] = new ErrnoRule[]
        {
            new(NotFound, ErrorIds.SocketNotFound, display => $"No socket exists at '{display}'",
                "Start the receiver first (Receive-UnixSocketMessage or Start-UnixSocketServer), or check the path (Get-UnixSocket lists the sockets)."),
            new(Denied, ErrorIds.SocketPermissionDenied, null,
                "Connecting needs write permission on the socket file and search permission on its directories; check them (ls -l, Get-UnixSocket), or have the receiver use a wider -Mode."),
            new(new[] { Errno.ECONNREFUSED }, ErrorIds.SocketConnectionRefused, display => $"Nobody listens on the socket '{display}'",
                display => display.StartsWith('@')
                    ? "No receiver holds that abstract name now; start the receiver first (Receive-UnixSocketMessage or Start-UnixSocketServer)."
                    : "The socket file is left from a receiver that has ended; start the receiver (Receive-UnixSocketMessage -Force replaces the stale file)."),
        },
        [IpcMechanism.Signal] = new ErrnoRule[]
        {
            new(new[] { Errno.ESRCH }, ErrorIds.SignalProcessNotFound, null,
                "No such process or process group: it has ended, or the id is wrong (Get-Process lists processes, ps -o pid,pgid their groups)."),
            new(new[] { Errno.EPERM }, ErrorIds.SignalPermissionDenied, null,
                "You may only signal processes of your own user unless you are root (or have CAP_KILL)."),
        },
        [IpcMechanism.FileLock] = new ErrnoRule[]
        {
            new(NotFound, ErrorIds.FileLockNotFound, path => $"The lock file '{path}' or its directory does not exist",
                "Check the path; the directory must exist (the lock file itself is created when missing)."),
            new(Denied, ErrorIds.FileLockPermissionDenied, null,
                "Locking needs read permission on the lock file and, to create it, write permission on its directory; check them (ls -l), or have the file's owner give it a wider mode (Lock-IpcFile -Mode 0644 when it creates it)."),
            new(new[] { Errno.ELOOP }, ErrorIds.FileLockSymlink, null,
                "The path is a symbolic link, which file locks never follow; lock the real file's path."),
        },
        [IpcMechanism.Systemd] = new ErrnoRule[]
        {
            new(new[] { Errno.ENOENT, Errno.ECONNREFUSED }, ErrorIds.SystemdNotifySocketNotFound, socket => $"Nobody receives on the notification socket '{socket}'",
                "NOTIFY_SOCKET names a socket that is gone: the service manager has stopped listening, or the variable was inherited from another service; unset it to run without notifications."),
            new(Denied, ErrorIds.SystemdNotifyPermissionDenied, null,
                "Sending needs write permission on the socket file and search permission on its directories; run the service as the user the manager expects."),
        },
        [IpcMechanism.Inventory] = new ErrnoRule[]
        {
            new(Denied, ErrorIds.IpcObjectPermissionDenied, null,
                "Only its owner, its creator or root may remove it (Owner shows who owns it)."),
        },
    };

    /// <summary>The row for the errno in the mechanism's table, or null.</summary>
    public static ErrnoRule? Find(IpcMechanism mechanism, int errno)
    {
        foreach (ErrnoRule rule in Tables[mechanism])
        {
            if (Array.IndexOf(rule.Errnos, errno) >= 0)
            {
                return rule;
            }
        }

        return null;
    }
}
