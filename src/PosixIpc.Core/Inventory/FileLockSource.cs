using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
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
internal static class FileLockSource
{
    public static void Add(List<IpcObject> result)
    {
        List<LockEntry> locks = ProcLocks.Read();
        if (locks.Count == 0)
        {
            return;
        }

        var found = new Dictionary<int, List<(int Pid, int Fd, string Path)>>();
        var unresolved = new List<int>();
        for (int i = 0; i < locks.Count; i++)
        {
            var holders = locks[i].Pid > 0 ? HoldersIn(locks[i].Pid, locks[i]) : new();
            if (holders.Count > 0)
            {
                found[i] = holders;
            }
            else
            {
                unresolved.Add(i);
            }
        }

        if (unresolved.Count > 0)
        {
            SearchEveryProcess(locks, unresolved, found);
        }

        string procRoot = ProcessScan.ProcRoot;
        for (int i = 0; i < locks.Count; i++)
        {
            LockEntry entry = locks[i];
            List<(int Pid, int Fd, string Path)> holders = found.TryGetValue(i, out var h) ? h : new();
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

    /// <summary>The descriptors of one process that hold the lock: same device and inode, and the lock in their fdinfo.</summary>
    private static List<(int Pid, int Fd, string Path)> HoldersIn(int pid, LockEntry entry)
    {
        var holders = new List<(int, int, string)>();
        string dir = $"{ProcessScan.ProcRoot}/{pid}/fd";
        IEnumerable<string> fds;
        try
        {
            fds = Directory.EnumerateFileSystemEntries(dir).ToArray();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return holders; // Gone, or another user's process.
        }

        foreach (string fdPath in fds)
        {
            if (int.TryParse(System.IO.Path.GetFileName(fdPath), NumberStyles.None, CultureInfo.InvariantCulture, out int fd) &&
                Holds(pid, fd, entry, out string? path))
            {
                holders.Add((pid, fd, path!));
            }
        }

        return holders;
    }

    private static void SearchEveryProcess(List<LockEntry> locks, List<int> unresolved, Dictionary<int, List<(int Pid, int Fd, string Path)>> found)
    {
        ProcessScan.Visit((pid, fd, target) =>
        {
            if (target.Length == 0 || target[0] != '/')
            {
                return; // Sockets, pipes and anonymous inodes hold no file locks.
            }

            foreach (int i in unresolved)
            {
                if (Holds(pid, fd, locks[i], out string? path))
                {
                    if (!found.TryGetValue(i, out var list))
                    {
                        found[i] = list = new();
                    }

                    list.Add((pid, fd, path!));
                }
            }
        });
    }

    /// <summary>Whether the descriptor is open on the lock's file and its fdinfo lists a lock of the same type and mode on it.</summary>
    private static bool Holds(int pid, int fd, LockEntry entry, out string? path)
    {
        path = null;
        string link = $"{ProcessScan.ProcRoot}/{pid}/fd/{fd}";
        if (!Stat.TryStat(link, followLinks: true, out FileStatus st, out _) ||
            !entry.IsOn(st.DeviceMajor, st.DeviceMinor, st.Inode))
        {
            return false;
        }

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

            path = Unistd.ReadLink(link); // The bytes of a name that is not UTF-8 kept (ByteName).
            return path != null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
