using PosixIpc.Fifo;
using PosixIpc.Interop;

namespace PosixIpc.Inventory;

/// <summary>FIFOs under the paths given (a FIFO itself, or a directory to search, recursively when asked); removed with unlink while still a FIFO.</summary>
internal sealed class FifoSource() : InventorySource(IpcObjectKind.Fifo)
{
    public override void List(InventoryQuery query, List<IpcObject> result)
    {
        if (query.FifoRoots == null)
        {
            return;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (string root in query.FifoRoots)
        {
            foreach (FifoInfo f in FifosUnder(root, query.Recurse))
            {
                if (seen.Add(f.Path) && Stat.TryStat(f.Path, followLinks: false, out FileStatus st, out _) && st.IsFifo)
                {
                    result.Add(new IpcObject(IpcObjectKind.Fifo, f.Path)
                    {
                        Path = f.Path,
                        Ownership = f.Ownership,
                        FileInode = f.Inode,
                        FileBirth = Stat.BirthTicks(f.Path),
                        Held = HolderKey.ForFile(st, mapped: false),
                    });
                }
            }
        }
    }

    public override void Remove(in RemoveRequest request)
    {
        string? name = request.Name;
        string target = request.Target;
        if (string.IsNullOrEmpty(name))
        {
            throw InventoryErrors.InvalidName(target, "a FIFO is named by its path.");
        }

        if (!Stat.TryStat(name, followLinks: false, out FileStatus st, out int errno))
        {
            throw InventoryErrors.Failed(errno, "lstat", target);
        }

        if (!st.IsFifo)
        {
            throw InventoryErrors.NotAFifoAnyMore(target);
        }

        CheckUnchanged(request.Listed, name, target);
        Check(Unistd.Unlink(name, out errno), errno, "unlink", target);
    }

    private static IEnumerable<FifoInfo> FifosUnder(string root, bool recurse)
    {
        if (!Stat.TryStat(root, followLinks: false, out FileStatus st, out _))
        {
            return Array.Empty<FifoInfo>();
        }

        if (st.IsFifo)
        {
            return new[] { Fifos.Get(root) };
        }

        return st.IsDirectory ? Fifos.Enumerate(root, recurse) : Array.Empty<FifoInfo>();
    }
}
