using PosixIpc.Interop;

namespace PosixIpc.Inventory;

/// <summary>What a listing asks for: the kinds, where to look for FIFOs, and where warnings go.</summary>
internal sealed record InventoryQuery(IReadOnlyCollection<IpcObjectKind> Kinds, IEnumerable<string>? FifoRoots, bool Recurse)
{
    /// <summary>What the user should know about the listing (a kind left out, a fallback taken).</summary>
    public List<string> Warnings { get; } = new();
}

/// <summary>One object to remove, as Remove-IpcObject names it; Listed is the object from a listing, if any.</summary>
internal readonly record struct RemoveRequest(IpcObjectKind Kind, string? Name, long? Id, string? Key, IpcObject? Listed, string Target);

/// <summary>
/// One mechanism's part of the inventory: it lists its objects as IpcObjects (each with the key the
/// /proc scan finds its holders by) and removes one. IpcInventory composes the sources.
/// </summary>
internal abstract class InventorySource(params IpcObjectKind[] kinds)
{
    /// <summary>The kinds this source lists and removes.</summary>
    public IReadOnlyList<IpcObjectKind> Kinds { get; } = kinds;

    /// <summary>Whether Remove-IpcObject removes objects of these kinds.</summary>
    public virtual bool IsRemovable => true;

    /// <summary>Adds the objects of the kinds the query asks for (of this source's kinds) to result.</summary>
    public abstract void List(InventoryQuery query, List<IpcObject> result);

    /// <summary>Removes one object, or throws the PosixIpcException that says why not.</summary>
    public abstract void Remove(in RemoveRequest request);

    /// <summary>
    /// Throws IpcObjectChanged when the file at the path is no longer the listed object (another inode
    /// or owner). The name is removed right after the check (the kernel has no unlink-if-inode).
    /// </summary>
    protected static void CheckUnchanged(IpcObject? listed, string path, string target)
    {
        if (listed == null || listed.FileInode == 0 || !Stat.TryStat(path, followLinks: false, out FileStatus now, out _))
        {
            return; // Not from a listing, or gone: the removal itself says so.
        }

        if (now.Inode != listed.FileInode || (listed.FileBirth != 0 && Stat.BirthTicks(path) is long born && born != 0 && born != listed.FileBirth))
        {
            throw InventoryErrors.Changed(target, "it is another object of the same name (another inode) made since it was listed");
        }

        if (listed.OwnerId is uint owner && now.Uid != owner)
        {
            throw InventoryErrors.Changed(target, $"its owner is now {AccountNames.User(now.Uid)} (uid {now.Uid}), not {AccountNames.User(owner)}");
        }
    }

    /// <summary>The "/name" form of a POSIX name, or IpcObjectInvalidName.</summary>
    protected static string PosixName(string? name, IpcNameKind nameKind, string target)
    {
        try
        {
            return IpcName.Normalize(name, nameKind);
        }
        catch (PosixIpcException e)
        {
            throw InventoryErrors.InvalidName(target, e.Message);
        }
    }

    protected static void Check(bool ok, int errno, string function, string target)
    {
        if (!ok)
        {
            throw InventoryErrors.Failed(errno, function, target);
        }
    }
}
