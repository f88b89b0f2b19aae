using PosixIpc.Interop;

namespace PosixIpc.Inventory;

/// <summary>How a process can hold an object, as the scan of /proc looks for it.</summary>
internal enum HeldThrough : byte
{
    /// <summary>Not looked for (System V queues and semaphore sets; file locks, whose source finds their holders).</summary>
    None,

    /// <summary>A descriptor open on the file (queues, FIFOs).</summary>
    Descriptor,

    /// <summary>A descriptor open on the file, or a mapping of it (POSIX segments and semaphores).</summary>
    DescriptorOrMapping,

    /// <summary>A descriptor of the socket with this inode.</summary>
    Socket,

    /// <summary>A System V segment attached: a /SYSV mapping whose inode column is the shmid.</summary>
    Attachment,
}

/// <summary>What identifies an object to the scan: how it is held, and its file (device and inode), socket inode or shmid.</summary>
internal readonly record struct HolderKey(HeldThrough Through, FileKey File)
{
    public static HolderKey ForFile(in FileStatus status, bool mapped) =>
        new(mapped ? HeldThrough.DescriptorOrMapping : HeldThrough.Descriptor, new FileKey(status.DeviceMajor, status.DeviceMinor, status.Inode));

    public static HolderKey ForSocket(ulong inode) => new(HeldThrough.Socket, new FileKey(0, 0, inode));

    public static HolderKey ForSysVSegment(long shmid) => new(HeldThrough.Attachment, new FileKey(0, 0, (ulong)shmid));
}
