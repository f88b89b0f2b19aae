namespace PosixIpc.Inventory;

/// <summary>
/// Every IPC object of the host as IpcObject: composes one source per mechanism (POSIX queues,
/// segments and semaphores, System V objects, FIFOs, Unix sockets, file locks) for listing and
/// removal. ProcessScan.FindHolders finds who holds what.
/// </summary>
public static class IpcInventory
{
    private static readonly InventorySource[] Sources =
    {
        new MqQueueSource(), new SharedMemorySource(), new SemaphoreSource(), new SysVSource(),
        new FifoSource(), new UnixSocketSource(), new FileLockSource(),
    };

    /// <summary>Where System V objects are read; /proc/sysvipc unless a test says otherwise.</summary>
    public static string SysVIpcRoot { get; internal set; } = "/proc/sysvipc";

    /// <summary>All the kinds, in listing order.</summary>
    public static IReadOnlyList<IpcObjectKind> AllKinds { get; } = Enum.GetValues<IpcObjectKind>();

    /// <summary>
    /// The objects of the given kinds, without holders (but for file locks, listed with theirs). FIFOs
    /// are looked for only under fifoRoots (a FIFO itself, or a directory to search, recursively when
    /// recurse is set). warnings says what the user should know: POSIX queues left out because the
    /// mqueue file system is not mounted, sockets read from /proc/net/unix because netlink was refused.
    /// </summary>
    public static List<IpcObject> List(IReadOnlyCollection<IpcObjectKind> kinds, IEnumerable<string>? fifoRoots, bool recurse, out IReadOnlyList<string> warnings)
    {
        var query = new InventoryQuery(kinds, fifoRoots, recurse);
        var result = new List<IpcObject>();
        foreach (InventorySource source in Sources)
        {
            if (source.Kinds.Any(kinds.Contains))
            {
                source.List(query, result);
            }
        }

        warnings = query.Warnings;
        return result;
    }

    /// <summary>
    /// Removes one object: mq_unlink, shm_unlink, sem_unlink, msgctl/shmctl/semctl IPC_RMID by id (after
    /// checking the id still has the key given), unlink for a FIFO that is still a FIFO. Unix sockets and
    /// file locks are refused with IpcObjectNotRemovable.
    /// </summary>
    /// <remarks>
    /// With listed (an object from a listing), the object must still be the one listed: the same file
    /// (inode) and owner, for System V the same key and owner; else IpcObjectChanged and nothing is
    /// removed.
    /// </remarks>
    public static void Remove(IpcObjectKind kind, string? name, long? id, string? key = null, IpcObject? listed = null) =>
        SourceOf(kind).Remove(new RemoveRequest(kind, name, id, key, listed, Describe(kind, name, id)));

    /// <summary>Whether Remove-IpcObject removes objects of the kind: all but Unix sockets and file locks.</summary>
    public static bool IsRemovable(IpcObjectKind kind) => SourceOf(kind).IsRemovable;

    /// <summary>How an object is named in messages: "message queue '/q'", "System V segment 0x... (id 3)".</summary>
    public static string Describe(IpcObjectKind kind, string? name, long? id)
    {
        string noun = kind switch
        {
            IpcObjectKind.MessageQueue => "message queue",
            IpcObjectKind.SharedMemory => "shared memory segment",
            IpcObjectKind.Semaphore => "semaphore",
            IpcObjectKind.SysVMessageQueue => "System V message queue",
            IpcObjectKind.SysVSharedMemory => "System V shared memory segment",
            IpcObjectKind.SysVSemaphore => "System V semaphore set",
            IpcObjectKind.Fifo => "FIFO",
            IpcObjectKind.FileLock => "file lock on",
            _ => "Unix socket",
        };
        bool sysV = kind is IpcObjectKind.SysVMessageQueue or IpcObjectKind.SysVSharedMemory or IpcObjectKind.SysVSemaphore;
        string text = name != null ? $"{noun} '{Text.ByteName.Escape(name)}'" : noun;
        return sysV && id != null ? $"{text} (id {id})" : text;
    }

    private static InventorySource SourceOf(IpcObjectKind kind) => Sources.First(s => s.Kinds.Contains(kind));
}
