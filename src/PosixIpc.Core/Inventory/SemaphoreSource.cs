using PosixIpc.Interop;
using PosixIpc.Semaphores;

namespace PosixIpc.Inventory;

/// <summary>POSIX named semaphores: the "sem.NAME" files of /dev/shm, held by whoever maps them.</summary>
internal sealed class SemaphoreSource() : InventorySource(IpcObjectKind.Semaphore)
{
    public override void List(InventoryQuery query, List<IpcObject> result)
    {
        foreach ((string path, byte[] file, FileStatus st) in SharedMemorySource.Files(semaphores: true))
        {
            result.Add(new IpcObject(IpcObjectKind.Semaphore, IpcName.FromFile(file, IpcSemaphore.FilePrefix.Length))
            {
                Path = path,
                Ownership = Ownership.Of(st),
                Semaphores = 1,
                FileInode = st.Inode,
                Held = HolderKey.ForFile(st, mapped: true),
            });
        }
    }

    public override void Remove(in RemoveRequest request)
    {
        string full = PosixName(request.Name, IpcNameKind.Semaphore, request.Target);
        CheckUnchanged(request.Listed, IpcSemaphore.PathOf(full), request.Target);
        Check(Interop.Semaphore.Unlink(full, out int errno), errno, "sem_unlink", request.Target);
    }
}
