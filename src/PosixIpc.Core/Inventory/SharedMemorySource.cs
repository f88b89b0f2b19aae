using PosixIpc.Interop;
using PosixIpc.Semaphores;
using PosixIpc.SharedMemory;
using PosixIpc.Text;

namespace PosixIpc.Inventory;

/// <summary>POSIX shared memory segments: the regular files of /dev/shm but for the "sem." ones.</summary>
internal sealed class SharedMemorySource() : InventorySource(IpcObjectKind.SharedMemory)
{
    public override void List(InventoryQuery query, List<IpcObject> result)
    {
        foreach ((string path, byte[] file, FileStatus st) in Files(semaphores: false))
        {
            result.Add(new IpcObject(IpcObjectKind.SharedMemory, IpcName.FromFile(file))
            {
                Path = path,
                Ownership = Ownership.Of(st),
                Size = st.Size,
                FileInode = st.Inode,
                Held = HolderKey.ForFile(st, mapped: true),
            });
        }
    }

    public override void Remove(in RemoveRequest request)
    {
        string full = PosixName(request.Name, IpcNameKind.SharedMemory, request.Target);
        CheckUnchanged(request.Listed, IpcName.FileIn(SharedMemorySegment.Directory, full), request.Target);
        Check(Mman.ShmUnlink(full, out int errno), errno, "shm_unlink", request.Target);
    }

    /// <summary>The regular files of /dev/shm that are semaphores ("sem.NAME") or, without semaphores, the others.</summary>
    internal static IEnumerable<(string Path, byte[] File, FileStatus Status)> Files(bool semaphores)
    {
        foreach (byte[] file in IpcPaths.FileNames(SharedMemorySegment.Directory))
        {
            string path = SharedMemorySegment.Directory + "/" + ByteName.ToExact(file);
            if (file.AsSpan().StartsWith(IpcSemaphore.FilePrefix) == semaphores &&
                Stat.TryStat(path, followLinks: false, out FileStatus st, out _) && st.Type == FileStatus.S_IFREG)
            {
                yield return (path, file, st);
            }
        }
    }
}
