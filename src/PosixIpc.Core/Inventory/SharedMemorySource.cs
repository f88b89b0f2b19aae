using System;
using System.Collections.Generic;
using System.IO;
using PosixIpc.Interop;
using PosixIpc.SharedMemory;

namespace PosixIpc.Inventory;

/// <summary>POSIX shared memory segments: the regular files of /dev/shm but for the "sem." ones.</summary>
internal sealed class SharedMemorySource : InventorySource
{
    public override IReadOnlyList<IpcObjectKind> Kinds { get; } = new[] { IpcObjectKind.SharedMemory };

    public override void List(InventoryQuery query, List<IpcObject> result)
    {
        foreach ((string path, string file, FileStatus st) in Files(semaphores: false))
        {
            result.Add(new IpcObject(IpcObjectKind.SharedMemory, "/" + file)
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
        CheckUnchanged(request.Listed, System.IO.Path.Combine(SharedMemorySegment.Directory, full.Substring(1)), request.Target);
        Check(Mman.ShmUnlink(full, out int errno), errno, "shm_unlink", request.Target);
    }

    /// <summary>The regular files of /dev/shm that are semaphores ("sem.NAME") or, without semaphores, the others.</summary>
    internal static IEnumerable<(string Path, string File, FileStatus Status)> Files(bool semaphores)
    {
        foreach (string path in Directory.EnumerateFiles(SharedMemorySegment.Directory))
        {
            string file = System.IO.Path.GetFileName(path);
            if (file.StartsWith("sem.", StringComparison.Ordinal) == semaphores &&
                Stat.TryStat(path, followLinks: false, out FileStatus st, out _) && st.Type == FileStatus.S_IFREG)
            {
                yield return (path, file, st);
            }
        }
    }
}
