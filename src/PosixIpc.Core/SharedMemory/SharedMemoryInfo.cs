using PosixIpc.Interop;

namespace PosixIpc.SharedMemory;

/// <summary>A POSIX shared memory segment as it is now: its size, mode and owner.</summary>
public sealed class SharedMemoryInfo : OwnedObject
{
    internal SharedMemoryInfo(string name, FileStatus status)
    {
        Name = name;
        Path = IpcName.FileIn(SharedMemorySegment.Directory, name);
        NameBytes = IpcName.BytesOf(name);
        Size = status.Size;
        Ownership = PosixIpc.Ownership.Of(status);
        LastWriteTime = status.LastWriteTimeUtc.ToLocalTime();
    }

    /// <summary>The segment's name, "/name", in escaped text (\\xNN for a byte that is not UTF-8 or a control character, \\\\ for a backslash).</summary>
    public string Name { get; }

    /// <summary>The name's bytes after the slash, exactly as the kernel keeps them (Name shows them as escaped text).</summary>
    public byte[] NameBytes { get; }

    /// <summary>Size in bytes.</summary>
    public long Size { get; }

    /// <summary>Where Linux shows it: /dev/shm/name (an exact path).</summary>
    public string Path { get; }

    public DateTime LastWriteTime { get; }

    public override string ToString() => Name;
}
