using System;
using System.IO;
using PosixIpc.Interop;

namespace PosixIpc.SharedMemory;

/// <summary>A POSIX shared memory segment as it is now: its size, mode and owner.</summary>
public sealed class SharedMemoryInfo
{
    internal SharedMemoryInfo(string name, FileStatus status)
    {
        Name = name;
        Path = SharedMemorySegment.Directory + name;
        Size = status.Size;
        Mode = (UnixFileMode)status.Permissions;
        OwnerId = status.Uid;
        GroupId = status.Gid;
        Owner = AccountNames.User(status.Uid);
        Group = AccountNames.Group(status.Gid);
        LastWriteTime = status.LastWriteTimeUtc.ToLocalTime();
    }

    /// <summary>The segment's name, "/name".</summary>
    public string Name { get; }

    /// <summary>Size in bytes.</summary>
    public long Size { get; }

    /// <summary>Where Linux shows it: /dev/shm/name.</summary>
    public string Path { get; }

    public UnixFileMode Mode { get; }

    /// <summary>Permission bits in octal (0600).</summary>
    public string OctalMode => UnixPermissions.ToOctal(Mode);

    public string Owner { get; }

    public string Group { get; }

    public uint OwnerId { get; }

    public uint GroupId { get; }

    public DateTime LastWriteTime { get; }

    public override string ToString() => Name;
}
