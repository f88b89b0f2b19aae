using System.Collections.Generic;
using PosixIpc.Interop;
using PosixIpc.SharedMemory;

namespace PosixIpc.Inventory;

/// <summary>POSIX named semaphores: the "sem.NAME" files of /dev/shm, held by whoever maps them.</summary>
internal sealed class SemaphoreSource : InventorySource
{
    public override IReadOnlyList<IpcObjectKind> Kinds { get; } = new[] { IpcObjectKind.Semaphore };

    public override void List(InventoryQuery query, List<IpcObject> result)
    {
        foreach ((string path, string file, FileStatus st) in SharedMemorySource.Files(semaphores: true))
        {
            result.Add(new IpcObject(IpcObjectKind.Semaphore, "/" + file.Substring(4))
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
        CheckUnchanged(request.Listed, System.IO.Path.Combine(SharedMemorySegment.Directory, "sem." + full.Substring(1)), request.Target);
        Check(Interop.Semaphore.Unlink(full, out int errno), errno, "sem_unlink", request.Target);
    }
}
