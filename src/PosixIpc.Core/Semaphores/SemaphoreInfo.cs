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
        Ownership = PosixIpc.Ownership.Of(status);
    }

    /// <summary>The semaphore's name, "/name".</summary>
    public string Name { get; }

    /// <summary>How many more holders it lets in now (0: taken); null when it could not be opened.</summary>
    public int? Value { get; }

    /// <summary>Where glibc keeps it: /dev/shm/sem.name.</summary>
    public string Path { get; }

    public override string ToString() => Name;
}
