using System;
using System.IO;
using PosixIpc.Interop;

namespace PosixIpc.Fifo;

/// <summary>A named pipe (FIFO) in the file system.</summary>
public sealed class FifoInfo
{
    internal FifoInfo(string path, FileStatus status)
    {
        Path = path;
        Name = System.IO.Path.GetFileName(path);
        Mode = (UnixFileMode)status.Permissions;
        OwnerId = status.Uid;
        GroupId = status.Gid;
        Owner = AccountNames.User(status.Uid);
        Group = AccountNames.Group(status.Gid);
        LastWriteTime = status.LastWriteTimeUtc.ToLocalTime();
    }

    /// <summary>Absolute path of the FIFO.</summary>
    public string Path { get; }

    public string Name { get; }

    /// <summary>Permission bits.</summary>
    public UnixFileMode Mode { get; }

    /// <summary>Permission bits in octal, as chmod takes them (0600).</summary>
    public string OctalMode => UnixPermissions.ToOctal(Mode);

    /// <summary>Permission bits as ls -l shows them (prw-------).</summary>
    public string Permissions => UnixPermissions.ToSymbolic('p', Mode);

    public string Owner { get; }

    public string Group { get; }

    public uint OwnerId { get; }

    public uint GroupId { get; }

    public DateTime LastWriteTime { get; }

    public override string ToString() => Path;
}
