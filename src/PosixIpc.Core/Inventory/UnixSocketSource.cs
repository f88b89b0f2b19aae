using PosixIpc.Interop;
using PosixIpc.Sockets;

namespace PosixIpc.Inventory;

/// <summary>
/// Named Unix sockets (a path or an abstract name), from the kernel's socket list. A path socket shows
/// the owner and mode of its file when the file at the path is still that socket's. Not removable.
/// </summary>
internal sealed class UnixSocketSource() : InventorySource(IpcObjectKind.UnixSocket)
{
    public override bool IsRemovable => false;

    public override void List(InventoryQuery query, List<IpcObject> result)
    {
        IReadOnlyList<UnixSocketInfo> sockets = UnixSockets.List(out string? warning);
        if (warning != null)
        {
            query.Warnings.Add(warning);
        }

        foreach (UnixSocketInfo s in sockets)
        {
            if (s.Path == null && s.Name == null)
            {
                continue;
            }

            result.Add(new IpcObject(IpcObjectKind.UnixSocket, s.Address)
            {
                Path = s.Path,
                Id = (long)s.Inode,
                State = $"{s.Type} {s.State}",
                Ownership = s.IsAbstract ? null : FileOwnership(s),
                Held = HolderKey.ForSocket(s.Inode),
            });
        }
    }

    public override void Remove(in RemoveRequest request) => throw InventoryErrors.NotRemovableSocket(request.Target);

    /// <summary>The owner and mode of the socket's file, when the file at the path is a socket (and, where the kernel says which, this one).</summary>
    private static Ownership? FileOwnership(UnixSocketInfo s)
    {
        byte[] path = new byte[s.RawAddress.Length + 1];
        s.RawAddress.CopyTo(path);
        if (!Stat.TryStat(path, followLinks: false, out FileStatus st) || st.Type != FileStatus.S_IFSOCK ||
            (s.File is { } file && file.Inode != (uint)st.Inode))
        {
            return null;
        }

        return Ownership.Of(st);
    }
}
