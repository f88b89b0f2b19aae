using PosixIpc.Interop;

namespace PosixIpc.Semaphores;

/// <summary>A POSIX named semaphore as it is now: its value, mode and owner.</summary>
public sealed class SemaphoreInfo : OwnedObject
{
    internal SemaphoreInfo(string name, int? value, FileStatus? status)
    {
        Name = name;
        Value = value;
        Path = IpcSemaphore.PathOf(name);
        NameBytes = IpcName.BytesOf(name);
        Ownership = PosixIpc.Ownership.Of(status);
    }

    /// <summary>The semaphore's name, "/name", in escaped text (\\xNN for a byte that is not UTF-8 or a control character, \\\\ for a backslash).</summary>
    public string Name { get; }

    /// <summary>The name's bytes after the slash, exactly as the kernel keeps them (Name shows them as escaped text).</summary>
    public byte[] NameBytes { get; }

    /// <summary>How many more holders it lets in now (0: taken); null when it could not be opened.</summary>
    public int? Value { get; }

    /// <summary>Where glibc keeps it: /dev/shm/sem.name.</summary>
    public string Path { get; }

    public override string ToString() => Name;
}
