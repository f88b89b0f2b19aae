using System;
using PosixIpc.Interop;

namespace PosixIpc.SharedMemory;

/// <summary>A POSIX shared memory segment as it is now: its size, mode and owner.</summary>
public sealed class SharedMemoryInfo : OwnedObject
{
    internal SharedMemoryInfo(string name, FileStatus status)
    {
        Name = name;
        Path = SharedMemorySegment.Directory + name;
        Size = status.Size;
        Ownership = PosixIpc.Ownership.Of(status);
        LastWriteTime = status.LastWriteTimeUtc.ToLocalTime();
    }

    /// <summary>The segment's name, "/name".</summary>
    public string Name { get; }

    /// <summary>Size in bytes.</summary>
    public long Size { get; }

    /// <summary>Where Linux shows it: /dev/shm/name.</summary>
    public string Path { get; }

    public DateTime LastWriteTime { get; }

    public override string ToString() => Name;
}
