using System.Globalization;
using PosixIpc.FileLocks;
using PosixIpc.Interop;

namespace PosixIpc.Inventory;

/// <summary>
/// The held file locks of the host (flock, POSIX and OFD, from /proc/locks) as IpcObjects of kind
/// FileLock, with the file's path and the process that holds each, found as lslocks does: the
/// descriptors of the pid the kernel names whose file has the lock's device and inode, and whose
/// /proc/PID/fdinfo lists that lock. Where the kernel names no live pid (an OFD lock, or a flock whose
/// taker has ended while a child keeps the descriptor), every process's descriptors are searched.
/// </summary>
internal sealed class FileLockSource() : InventorySource(IpcObjectKind.FileLock)
{
    public override bool IsRemovable => false;

    public override void Remove(in RemoveRequest request) => throw InventoryErrors.NotRemovableLock(request.Target);

    /// <summary>The locks with their holders (found here, not by the scan for the other kinds).</summary>
    public override void List(InventoryQuery query, List<IpcObject> result)
    {
        List<LockEntry> locks = ProcLocks.Read();
        if (locks.Count == 0)
        {
            return;
        }

        // The descriptors of the pid the kernel names, one visit per process for all its locks.
        var found = new Dictionary<int, List<(int Pid, int Fd, string Path)>>();
        foreach (IGrouping<int, int> byPid in Enumerable.Range(0, locks.Count).Where(i => locks[i].Pid > 0).GroupBy(i => locks[i].Pid))
        {
            Search(byPid.Key, locks, byPid.ToList(), found);
        }

        var unresolved = Enumerable.Range(0, locks.Count).Where(i => !found.ContainsKey(i)).ToList();
        if (unresolved.Count > 0)
        {
            SearchEveryProcess(locks, unresolved, found);
        }

        string procRoot = ProcessScan.ProcRoot;
        for (int i = 0; i < locks.Count; i++)
        {
            LockEntry entry = locks[i];
            List<(int Pid, int Fd, string Path)> holders = found.TryGetValue(i, out var h) ? h : new();
            holders.Sort(); // By pid and descriptor, whichever thread found them.
            string? path = holders.Count > 0 ? holders[0].Path : null;
            FileStatus st = default;
            bool hasStatus = holders.Count > 0 && Stat.TryStat($"{procRoot}/{holders[0].Pid}/fd/{holders[0].Fd}", followLinks: true, out st, out _);
            result.Add(new IpcObject(IpcObjectKind.FileLock, path ?? entry.FileId)
            {
                Path = path,
                Id = (long)entry.Inode,
                State = entry.State,
                Ownership = hasStatus ? Ownership.Of(st) : null,
                Size = hasStatus ? st.Size : null,
                Holders = holders.Count > 0
                    ? holders.Select(x => new IpcObjectHolder(x.Pid, ProcessScan.ProcessName(x.Pid), IpcHoldKind.Lock, x.Fd)).ToArray()
                    : entry.Pid > 0 ? new[] { new IpcObjectHolder(entry.Pid, ProcessScan.ProcessName(entry.Pid), IpcHoldKind.Lock, null) } : Array.Empty<IpcObjectHolder>(),
            });
        }
    }

    /// <summary>The descriptors of one process that hold any of the locks: same device and inode, and the lock in their fdinfo.</summary>
    private static void Search(int pid, List<LockEntry> locks, List<int> wanted, Dictionary<int, List<(int Pid, int Fd, string Path)>> found) =>
        ProcessScan.VisitProcess(pid, (int pid, int fd, in FileKey file) => Match(pid, fd, file, locks, wanted, found));

    private static void SearchEveryProcess(List<LockEntry> locks, List<int> unresolved, Dictionary<int, List<(int Pid, int Fd, string Path)>> found) =>
        ProcessScan.Visit((int pid, int fd, in FileKey file) => Match(pid, fd, file, locks, unresolved, found), parallel: true);

    private static void Match(int pid, int fd, in FileKey file, List<LockEntry> locks, List<int> wanted, Dictionary<int, List<(int Pid, int Fd, string Path)>> found)
    {
        foreach (int i in wanted)
        {
            if (locks[i].IsOn(file.Major, file.Minor, file.Inode) && Holds(pid, fd, locks[i], out string? path))
            {
                lock (found)
                {
                    if (!found.TryGetValue(i, out var list))
                    {
                        found[i] = list = new();
                    }

                    list.Add((pid, fd, path!));
                }
            }
        }
    }

    /// <summary>Whether the descriptor (open on the lock's file) has the lock in its fdinfo: a lock of the same type and mode on that file.</summary>
    private static bool Holds(int pid, int fd, LockEntry entry, out string? path)
    {
        path = null;
        string link = $"{ProcessScan.ProcRoot}/{pid}/fd/{fd}";
        try
        {
            bool listed = false;
            foreach (string line in File.ReadLines($"{ProcessScan.ProcRoot}/{pid}/fdinfo/{fd}"))
            {
                if (line.StartsWith("lock:", StringComparison.Ordinal) &&
                    ProcLocks.Parse(line.Substring(5)) is LockEntry held &&
                    held.Type == entry.Type && held.Shared == entry.Shared && held.IsOn(entry.Major, entry.Minor, entry.Inode))
                {
                    listed = true;
                    break;
                }
            }

            if (!listed)
            {
                return false;
            }

            path = new FileInfo(link).LinkTarget;
            return path != null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
