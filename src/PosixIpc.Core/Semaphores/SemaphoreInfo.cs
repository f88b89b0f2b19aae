using System;
using System.IO;
using PosixIpc.Interop;

namespace PosixIpc.Semaphores;

/// <summary>A POSIX named semaphore as it is now: its value, mode and owner.</summary>
public sealed class SemaphoreInfo
{
    internal SemaphoreInfo(string name, int? value, FileStatus? status)
    {
        Name = name;
        Value = value;
        Path = IpcSemaphore.PathOf(name);
        if (status is { } s)
        {
            Mode = (UnixFileMode)s.Permissions;
            OwnerId = s.Uid;
            GroupId = s.Gid;
            Owner = AccountNames.User(s.Uid);
            Group = AccountNames.Group(s.Gid);
        }
    }

    /// <summary>The semaphore's name, "/name".</summary>
    public string Name { get; }

    /// <summary>How many more holders it lets in now (0: taken); null when it could not be opened.</summary>
    public int? Value { get; }

    /// <summary>Where glibc keeps it: /dev/shm/sem.name.</summary>
    public string Path { get; }

    public UnixFileMode? Mode { get; }

    /// <summary>Permission bits in octal (0600).</summary>
    public string? OctalMode => Mode is { } m ? UnixPermissions.ToOctal(m) : null;

    public string? Owner { get; }

    public string? Group { get; }

    public uint? OwnerId { get; }

    public uint? GroupId { get; }

    public override string ToString() => Name;
}
