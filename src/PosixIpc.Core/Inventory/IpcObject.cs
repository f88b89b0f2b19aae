namespace PosixIpc.Inventory;

/// <summary>The kinds of IPC object the inventory lists.</summary>
public enum IpcObjectKind
{
    MessageQueue,
    SharedMemory,
    Semaphore,
    SysVMessageQueue,
    SysVSharedMemory,
    SysVSemaphore,
    Fifo,
    UnixSocket,
    FileLock,
}

/// <summary>How a process holds an object: an open descriptor, a mapping, or a System V attachment.</summary>
public enum IpcHoldKind
{
    /// <summary>An open file descriptor (/proc/PID/fd).</summary>
    Fd,

    /// <summary>A memory mapping of a /dev/shm file (/proc/PID/maps).</summary>
    Map,

    /// <summary>A System V segment attached with shmat (a /SYSV mapping in /proc/PID/maps).</summary>
    Attached,

    /// <summary>A file lock (/proc/locks), held through the descriptor Fd when it could be found.</summary>
    Lock,
}

/// <summary>A process that holds an IPC object: its pid, command name, how it holds it, and the descriptor number for Fd.</summary>
public sealed record IpcObjectHolder(int Pid, string ProcessName, IpcHoldKind HeldBy, int? Fd)
{
    public override string ToString() => $"{ProcessName}({Pid})";
}

/// <summary>
/// One IPC object of the host, whatever its kind: POSIX queue, segment or semaphore, System V queue,
/// segment or semaphore set, FIFO or Unix socket, with its owner, mode, size and the processes that hold it.
/// </summary>
public sealed class IpcObject : OwnedObject
{
    internal IpcObject(IpcObjectKind kind, string name)
    {
        Kind = kind;
        Name = name;
    }

    public IpcObjectKind Kind { get; }

    /// <summary>
    /// "/name" for POSIX objects, the key as 0x%08x for System V objects, the path for FIFOs and
    /// socket files, "@name" for abstract sockets.
    /// </summary>
    public string Name { get; }

    /// <summary>The System V key, 0x%08x (0x00000000 is IPC_PRIVATE); null for other kinds.</summary>
    public string? Key { get; internal init; }

    /// <summary>The System V identifier (what ipcrm takes), or the inode number of a socket or of a locked file; null for other kinds.</summary>
    public long? Id { get; internal init; }

    /// <summary>The file behind the object, where there is one (/dev/shm/NAME, /dev/mqueue/NAME, the FIFO or socket path).</summary>
    public string? Path { get; internal init; }

    /// <summary>Bytes: a segment's size, or the bytes of the messages waiting in a queue.</summary>
    public long? Size { get; internal init; }

    /// <summary>Messages waiting in a queue; null when the queue could not be opened to ask.</summary>
    public long? Messages { get; internal init; }

    /// <summary>Semaphores in a System V set; 1 for a POSIX named semaphore.</summary>
    public int? Semaphores { get; internal init; }

    /// <summary>System V segments: the kernel's count of attachments (nattch), which counts every process, even those this user cannot inspect.</summary>
    public long? Attached { get; internal init; }

    /// <summary>For System V objects: the pid that created it (shm) or last operated on it (msg: last send).</summary>
    public int? CreatorPid { get; internal init; }

    /// <summary>Unix sockets: the socket type and state (Stream LISTEN ...); file locks: the lock type and mode, as /proc/locks prints them (FLOCK WRITE, POSIX READ, OFDLCK WRITE).</summary>
    public string? State { get; internal init; }

    /// <summary>The processes that hold the object, found through /proc/PID/fd and /proc/PID/maps.</summary>
    public IReadOnlyList<IpcObjectHolder> Holders { get; internal set; } = Array.Empty<IpcObjectHolder>();

    /// <summary>How many distinct processes hold the object.</summary>
    public int HolderCount => Holders.Select(h => h.Pid).Distinct().Count();

    /// <summary>The pids of the holders.</summary>
    public int[] Pid => Holders.Select(h => h.Pid).Distinct().ToArray();

    /// <summary>True when no process holds the object: no descriptor, no mapping and, for a System V segment, no attachment.</summary>
    public bool IsOrphaned => Holders.Count == 0 && (Attached ?? 0) == 0;

    /// <summary>True for the kinds Remove-IpcObject removes (all but Unix sockets and file locks).</summary>
    public bool IsRemovable => IpcInventory.IsRemovable(Kind);

    /// <summary>When the file was born (statx), 0 when unknown: what tells it from a later file given the same inode.</summary>
    internal long FileBirth { get; init; }

    /// <summary>The inode of the file behind the object, to tell it at removal from a later object of the same name.</summary>
    internal ulong FileInode { get; init; }

    /// <summary>How the /proc scan finds the processes that hold the object.</summary>
    internal HolderKey Held { get; init; }

    /// <summary>
    /// The name as views show it, on one line, in ByteName's escaped text (control characters and bytes
    /// that are not UTF-8 as \xNN). Queue, segment and semaphore names are kept in that form already;
    /// paths and socket names are exact strings and are escaped here.
    /// </summary>
    public string Display => Kind is IpcObjectKind.MessageQueue or IpcObjectKind.SharedMemory or IpcObjectKind.Semaphore
        ? Name
        : Text.ByteName.Escape(Name);

    public override string ToString() => Id is long id && Kind is IpcObjectKind.SysVMessageQueue or IpcObjectKind.SysVSharedMemory or IpcObjectKind.SysVSemaphore
        ? $"{Kind} {Display} (id {id})"
        : $"{Kind} {Display}";
}
