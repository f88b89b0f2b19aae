using PosixIpc.Interop;
using PosixIpc.Text;

namespace PosixIpc.Fifo;

/// <summary>A named pipe (FIFO) in the file system.</summary>
public sealed class FifoInfo : OwnedObject
{
    internal FifoInfo(string path, FileStatus status)
    {
        Path = path;
        Name = System.IO.Path.GetFileName(path);
        Ownership = PosixIpc.Ownership.Of(status);
        LastWriteTime = status.LastWriteTimeUtc.ToLocalTime();
        Inode = status.Inode;
    }

    /// <summary>The file's inode when it was looked at (what tells a FIFO from a later one of the same path).</summary>
    internal ulong Inode { get; }

    /// <summary>Absolute path of the FIFO, exact (ByteName: a byte that is not UTF-8 is a lone surrogate U+DC80..U+DCFF); views show it escaped.</summary>
    public string Path { get; }

    /// <summary>The file name, exact like Path.</summary>
    public string Name { get; }

    /// <summary>The file name's bytes, exactly as the file system keeps them.</summary>
    public byte[] NameBytes => ByteName.FromExact(Name);

    /// <summary>Permission bits as ls -l shows them (prw-------).</summary>
    public string Permissions => UnixPermissions.ToSymbolic('p', Ownership!.Value.Mode);

    public DateTime LastWriteTime { get; }

    public override string ToString() => Path;
}
