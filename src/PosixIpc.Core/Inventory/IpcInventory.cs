using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using PosixIpc.Fifo;
using PosixIpc.Interop;
using PosixIpc.Mq;
using PosixIpc.Semaphores;
using PosixIpc.SharedMemory;
using PosixIpc.Sockets;
using PosixIpc.Text;

namespace PosixIpc.Inventory;

/// <summary>
/// Every IPC object of the host as IpcObject: listing by kind, finding the holders in one pass over
/// /proc, and removing an object whatever its kind.
/// </summary>
public static class IpcInventory
{
    /// <summary>Where System V objects are read; /proc/sysvipc unless a test says otherwise.</summary>
    public static string SysVIpcRoot { get; internal set; } = "/proc/sysvipc";

    /// <summary>All the kinds, in listing order.</summary>
    public static IReadOnlyList<IpcObjectKind> AllKinds { get; } = Enum.GetValues<IpcObjectKind>();

    /// <summary>
    /// The objects of the given kinds, without holders. FIFOs are looked for only under fifoRoots (a
    /// FIFO itself, or a directory to search, recursively when recurse is set). mqueueMissing is set
    /// when POSIX queues were asked for but the mqueue file system is not mounted (they are then left out).
    /// </summary>
    public static List<IpcObject> List(IReadOnlyCollection<IpcObjectKind> kinds, IEnumerable<string>? fifoRoots, bool recurse, out bool mqueueMissing)
    {
        var result = new List<IpcObject>();
        mqueueMissing = false;
        if (kinds.Contains(IpcObjectKind.MessageQueue))
        {
            if (MqQueues.IsMounted())
            {
                AddMessageQueues(result);
            }
            else
            {
                mqueueMissing = true;
            }
        }

        if (kinds.Contains(IpcObjectKind.SharedMemory) || kinds.Contains(IpcObjectKind.Semaphore))
        {
            AddShmFiles(result, kinds.Contains(IpcObjectKind.SharedMemory), kinds.Contains(IpcObjectKind.Semaphore));
        }

        if (kinds.Contains(IpcObjectKind.SysVMessageQueue))
        {
            AddSysV(result, IpcObjectKind.SysVMessageQueue, "msg");
        }

        if (kinds.Contains(IpcObjectKind.SysVSharedMemory))
        {
            AddSysV(result, IpcObjectKind.SysVSharedMemory, "shm");
        }

        if (kinds.Contains(IpcObjectKind.SysVSemaphore))
        {
            AddSysV(result, IpcObjectKind.SysVSemaphore, "sem");
        }

        if (kinds.Contains(IpcObjectKind.Fifo) && fifoRoots != null)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (string root in fifoRoots)
            {
                foreach (FifoInfo f in FifosUnder(root, recurse))
                {
                    if (seen.Add(f.Path))
                    {
                        result.Add(new IpcObject(IpcObjectKind.Fifo, f.Path)
                        {
                            Path = f.Path,
                            Ownership = f.Ownership,
                            FileInode = f.Inode,
                            FileBirth = Stat.BirthTicks(f.Path),
                        });
                    }
                }
            }
        }

        if (kinds.Contains(IpcObjectKind.UnixSocket))
        {
            AddSockets(result);
        }

        if (kinds.Contains(IpcObjectKind.FileLock))
        {
            FileLockSource.Add(result); // With their holders, from /proc/locks.
        }

        return result;
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

    private static void AddMessageQueues(List<IpcObject> result)
    {
        foreach (byte[] file in IpcPaths.FileNames(MqQueues.MountPoint))
        {
            string name = IpcName.FromFile(file);
            string path = IpcName.FileIn(MqQueues.MountPoint, name);
            if (!Stat.TryStat(path, followLinks: false, out FileStatus st, out _))
            {
                continue; // Removed meanwhile.
            }

            long? messages = null;
            SafeFileDescriptor? mqd = Interop.Mqueue.Open(name, Fcntl.O_RDONLY, 0, null, out _)
                ?? Interop.Mqueue.Open(name, Fcntl.O_WRONLY, 0, null, out _);
            if (mqd != null)
            {
                using (mqd)
                {
                    if (Interop.Mqueue.GetAttr(mqd, out MqAttr attr, out _))
                    {
                        messages = attr.CurrentMessages;
                    }
                }
            }

            result.Add(new IpcObject(IpcObjectKind.MessageQueue, name)
            {
                Path = path,
                Ownership = Ownership.Of(st),
                Size = ReadQueueBytes(path),
                Messages = messages,
                FileInode = st.Inode,
            });
        }
    }

    /// <summary>The QSIZE field of a queue's file in the mqueue file system: the bytes of the messages waiting.</summary>
    private static long? ReadQueueBytes(string path)
    {
        try
        {
            string text = File.ReadAllText(path);
            if (text.StartsWith("QSIZE:", StringComparison.Ordinal))
            {
                int end = text.IndexOf(' ', 6);
                ReadOnlySpan<char> number = end < 0 ? text.AsSpan(6) : text.AsSpan(6, end - 6);
                if (long.TryParse(number.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out long bytes))
                {
                    return bytes;
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }

        return null;
    }

    private static void AddShmFiles(List<IpcObject> result, bool segments, bool semaphores)
    {
        foreach (byte[] file in IpcPaths.FileNames(SharedMemorySegment.Directory))
        {
            bool isSemaphore = file.AsSpan().StartsWith(IpcSemaphore.FilePrefix);
            string path = SharedMemorySegment.Directory + "/" + ByteName.ToExact(file);
            if ((isSemaphore && !semaphores) || (!isSemaphore && !segments) ||
                !Stat.TryStat(path, followLinks: false, out FileStatus st, out _) || st.Type != FileStatus.S_IFREG)
            {
                continue;
            }

            result.Add(new IpcObject(isSemaphore ? IpcObjectKind.Semaphore : IpcObjectKind.SharedMemory, IpcName.FromFile(file, isSemaphore ? IpcSemaphore.FilePrefix.Length : 0))
            {
                Path = path,
                Ownership = Ownership.Of(st),
                Size = isSemaphore ? null : st.Size,
                Semaphores = isSemaphore ? 1 : null,
                FileInode = st.Inode,
            });
        }
    }

    /// <summary>
    /// /proc/sysvipc/msg, shm or sem: a header line, then one line per object of whitespace-separated
    /// columns. The key is printed as a signed decimal, the perms in octal.
    /// msg: key msqid perms cbytes qnum lspid lrpid uid gid cuid cgid ...
    /// shm: key shmid perms size cpid lpid nattch uid gid cuid cgid ...
    /// sem: key semid perms nsems uid gid cuid cgid ...
    /// </summary>
    private static void AddSysV(List<IpcObject> result, IpcObjectKind kind, string table)
    {
        IEnumerable<string> lines;
        try
        {
            lines = File.ReadLines(System.IO.Path.Combine(SysVIpcRoot, table)).Skip(1);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return; // A kernel without System V IPC.
        }

        foreach (string line in lines)
        {
            IpcObject? o = ParseSysV(kind, line);
            if (o != null)
            {
                result.Add(o);
            }
        }
    }

    internal static IpcObject? ParseSysV(IpcObjectKind kind, string line)
    {
        string[] f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        int uidColumn = kind switch { IpcObjectKind.SysVMessageQueue => 7, IpcObjectKind.SysVSharedMemory => 7, _ => 4 };
        if (f.Length < uidColumn + 2 ||
            !int.TryParse(f[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int key) ||
            !int.TryParse(f[1], NumberStyles.None, CultureInfo.InvariantCulture, out int id) ||
            !TryOctal(f[2], out int perms) ||
            !uint.TryParse(f[uidColumn], NumberStyles.None, CultureInfo.InvariantCulture, out uint uid) ||
            !uint.TryParse(f[uidColumn + 1], NumberStyles.None, CultureInfo.InvariantCulture, out uint gid))
        {
            return null;
        }

        string keyText = FormatKey(key);
        return kind switch
        {
            IpcObjectKind.SysVMessageQueue => new IpcObject(kind, keyText)
            {
                Key = keyText, Id = id, Ownership = new Ownership((UnixFileMode)(perms & 0x1FF), uid, gid),
                Size = Long(f[3]),
                Messages = Long(f[4]),
                CreatorPid = (int?)Long(f[5]),
            },
            IpcObjectKind.SysVSharedMemory => new IpcObject(kind, keyText)
            {
                Key = keyText, Id = id, Ownership = new Ownership((UnixFileMode)(perms & 0x1FF), uid, gid),
                Size = Long(f[3]),
                CreatorPid = (int?)Long(f[4]),
                Attached = Long(f[6]),
            },
            _ => new IpcObject(kind, keyText)
            {
                Key = keyText, Id = id, Ownership = new Ownership((UnixFileMode)(perms & 0x1FF), uid, gid),
                Semaphores = (int?)Long(f[3]),
            },
        };
    }

    /// <summary>A System V key as ipcs prints it: 0x%08x.</summary>
    public static string FormatKey(int key) => "0x" + ((uint)key).ToString("x8", CultureInfo.InvariantCulture);

    private static long? Long(string text) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long v) ? v : null;

    private static bool TryOctal(string text, out int value)
    {
        value = 0;
        foreach (char c in text)
        {
            if (c < '0' || c > '7')
            {
                return false;
            }

            value = value * 8 + (c - '0');
        }

        return text.Length > 0;
    }

    private static void AddSockets(List<IpcObject> result)
    {
        foreach (UnixSocketInfo s in UnixSockets.List())
        {
            if (s.Path == null && s.Name == null)
            {
                continue;
            }

            FileStatus st = default;
            bool hasFile = s.Path != null && Stat.TryStat(s.Path, followLinks: false, out st, out _) && st.Type == FileStatus.S_IFSOCK;
            result.Add(new IpcObject(IpcObjectKind.UnixSocket, s.Address)
            {
                Path = s.Path,
                Id = (long)s.Inode,
                State = $"{s.Type} {s.State}",
                Ownership = hasFile ? Ownership.Of(st) : null,
            });
        }
    }

    /// <summary>
    /// Fills in the holders of the objects in one pass over /proc (descriptors, and mappings when
    /// segments or semaphores are among them). Returns how many processes could not be inspected.
    /// progress is called on the calling thread with (processes looked at, processes in all).
    /// </summary>
    public static int FindHolders(IReadOnlyCollection<IpcObject> objects, Action<int, int>? progress = null)
    {
        if (objects.Count == 0)
        {
            return 0;
        }

        var byPath = new Dictionary<string, IpcObject>(StringComparer.Ordinal);
        var byQueueName = new Dictionary<string, IpcObject>(StringComparer.Ordinal);
        var bySocketInode = new Dictionary<ulong, IpcObject>();
        var bySysVShmId = new Dictionary<ulong, IpcObject>();
        bool wantMaps = false;
        foreach (IpcObject o in objects)
        {
            switch (o.Kind)
            {
                case IpcObjectKind.MessageQueue:
                    byQueueName[o.Name] = o;
                    break;
                case IpcObjectKind.SharedMemory or IpcObjectKind.Semaphore:
                    byPath[o.Path!] = o;
                    wantMaps = true;
                    break;
                case IpcObjectKind.Fifo:
                    byPath[o.Path!] = o;
                    break;
                case IpcObjectKind.UnixSocket:
                    bySocketInode[(ulong)o.Id!.Value] = o;
                    break;
                case IpcObjectKind.SysVSharedMemory:
                    bySysVShmId[(ulong)o.Id!.Value] = o;
                    wantMaps = true;
                    break;
            }
        }

        if (byPath.Count == 0 && byQueueName.Count == 0 && bySocketInode.Count == 0 && bySysVShmId.Count == 0)
        {
            return 0;
        }

        var holders = new Dictionary<IpcObject, List<IpcObjectHolder>>(ReferenceEqualityComparer.Instance);
        var names = new Dictionary<int, string>();
        void Add(IpcObject o, int pid, IpcHoldKind how, int? fd)
        {
            if (!holders.TryGetValue(o, out List<IpcObjectHolder>? list))
            {
                holders[o] = list = new List<IpcObjectHolder>();
            }
            else if (how != IpcHoldKind.Fd && list.Exists(h => h.Pid == pid && h.HeldBy == how))
            {
                return; // One mapping per process is enough to say it is held.
            }

            if (!names.TryGetValue(pid, out string? comm))
            {
                names[pid] = comm = ProcessScan.ProcessName(pid);
            }

            list.Add(new IpcObjectHolder(pid, comm, how, fd));
        }

        string procRoot = ProcessScan.ProcRoot;
        int denied = ProcessScan.Visit(
            (pid, fd, target) =>
            {
                if (target.StartsWith("socket:[", StringComparison.Ordinal))
                {
                    if (bySocketInode.Count > 0 &&
                        ulong.TryParse(target.AsSpan(8, target.Length - 9), NumberStyles.None, CultureInfo.InvariantCulture, out ulong inode) &&
                        bySocketInode.TryGetValue(inode, out IpcObject? socket))
                    {
                        Add(socket, pid, IpcHoldKind.Fd, fd);
                    }
                }
                else if (byPath.TryGetValue(target, out IpcObject? file))
                {
                    Add(file, pid, IpcHoldKind.Fd, fd);
                }
                else if (byQueueName.TryGetValue(target, out IpcObject? queue) &&
                         Stat.TryStat($"{procRoot}/{pid}/fd/{fd}", followLinks: true, out FileStatus st, out _) &&
                         st.Inode == queue.FileInode)
                {
                    // A queue descriptor reads "/name"; the inode tells it from a file "/name" at the root.
                    Add(queue, pid, IpcHoldKind.Fd, fd);
                }
            },
            wantMaps
                ? (pid, path, inode) =>
                {
                    if (path.StartsWith("/SYSV", StringComparison.Ordinal))
                    {
                        // System V segments map as "/SYSV<key> (deleted)", with the shmid as inode.
                        if (bySysVShmId.TryGetValue(inode, out IpcObject? segment))
                        {
                            Add(segment, pid, IpcHoldKind.Attached, null);
                        }
                    }
                    else if (byPath.TryGetValue(path, out IpcObject? file))
                    {
                        Add(file, pid, IpcHoldKind.Map, null);
                    }
                }
                : null,
            new[] { SharedMemorySegment.Directory + "/", "/SYSV" },
            progress);

        foreach (var pair in holders)
        {
            pair.Key.Holders = pair.Value;
        }

        return denied;
    }

    /// <summary>
    /// Removes one object: mq_unlink, shm_unlink, sem_unlink, msgctl/shmctl/semctl IPC_RMID by id (after
    /// checking the id still has the key given), unlink for a FIFO that is still a FIFO. Unix sockets are
    /// refused with IpcObjectNotRemovable.
    /// </summary>
    /// <remarks>
    /// With listed (an object from a listing), the object must still be the one listed: the same file
    /// (inode) and owner, for System V the same key and owner; else IpcObjectChanged and nothing is
    /// removed. The name is removed right after the check (the kernel has no unlink-if-inode).
    /// </remarks>
    public static void Remove(IpcObjectKind kind, string? name, long? id, string? key = null, IpcObject? listed = null)
    {
        string target = Describe(kind, name, id);
        switch (kind)
        {
            case IpcObjectKind.UnixSocket:
                throw InventoryErrors.NotRemovableSocket(target);

            case IpcObjectKind.FileLock:
                throw InventoryErrors.NotRemovableLock(target);

            case IpcObjectKind.MessageQueue:
            {
                string full = PosixName(name, IpcNameKind.MqQueue, target);
                CheckUnchanged(listed, IpcName.FileIn(MqQueues.MountPoint, full), target);
                Check(Interop.Mqueue.Unlink(full, out int errno), errno, "mq_unlink", target);
                break;
            }

            case IpcObjectKind.SharedMemory:
            {
                string full = PosixName(name, IpcNameKind.SharedMemory, target);
                CheckUnchanged(listed, IpcName.FileIn(SharedMemorySegment.Directory, full), target);
                Check(Mman.ShmUnlink(full, out int errno), errno, "shm_unlink", target);
                break;
            }

            case IpcObjectKind.Semaphore:
            {
                string full = PosixName(name, IpcNameKind.Semaphore, target);
                CheckUnchanged(listed, IpcSemaphore.PathOf(full), target);
                Check(Interop.Semaphore.Unlink(full, out int errno), errno, "sem_unlink", target);
                break;
            }

            case IpcObjectKind.Fifo:
            {
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

                CheckUnchanged(listed, name, target);

                Check(Unistd.Unlink(name, out errno), errno, "unlink", target);
                break;
            }

            default:
            {
                if (id is not long sysvId || sysvId < 0 || sysvId > int.MaxValue)
                {
                    throw InventoryErrors.MissingId(target);
                }

                string table = kind switch { IpcObjectKind.SysVMessageQueue => "msg", IpcObjectKind.SysVSharedMemory => "shm", _ => "sem" };
                string? expectedKey = key ?? (name != null && name.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? name : null);
                if (expectedKey != null)
                {
                    string? now = FindSysVKey(table, kind, (int)sysvId);
                    if (now == null)
                    {
                        throw InventoryErrors.NotFound(target, null);
                    }

                    if (!string.Equals(now, expectedKey, StringComparison.OrdinalIgnoreCase))
                    {
                        throw InventoryErrors.KeyChanged(target, expectedKey, now);
                    }
                }

                if (listed?.OwnerId is uint listedOwner && FindSysV(table, kind, (int)sysvId)?.OwnerId is uint owner && owner != listedOwner)
                {
                    throw InventoryErrors.Changed(target, $"its owner is now {AccountNames.User(owner)} (uid {owner}), not {AccountNames.User(listedOwner)}");
                }

                int errno;
                bool ok = kind switch
                {
                    IpcObjectKind.SysVMessageQueue => SysVIpc.RemoveMessageQueue((int)sysvId, out errno),
                    IpcObjectKind.SysVSharedMemory => SysVIpc.RemoveSharedMemory((int)sysvId, out errno),
                    _ => SysVIpc.RemoveSemaphoreSet((int)sysvId, out errno),
                };
                Check(ok, errno, table + "ctl", target);
                break;
            }
        }
    }

    /// <summary>Throws IpcObjectChanged when the file at the path is no longer the listed object (another inode or owner).</summary>
    private static void CheckUnchanged(IpcObject? listed, string path, string target)
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

    private static IpcObject? FindSysV(string table, IpcObjectKind kind, int id)
    {
        try
        {
            return File.ReadLines(System.IO.Path.Combine(SysVIpcRoot, table)).Skip(1)
                .Select(line => ParseSysV(kind, line)).FirstOrDefault(o => o != null && o.Id == id);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static string? FindSysVKey(string table, IpcObjectKind kind, int id)
    {
        try
        {
            foreach (string line in File.ReadLines(System.IO.Path.Combine(SysVIpcRoot, table)).Skip(1))
            {
                IpcObject? o = ParseSysV(kind, line);
                if (o != null && o.Id == id)
                {
                    return o.Key;
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }

        return null;
    }

    private static string PosixName(string? name, IpcNameKind nameKind, string target)
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

    private static void Check(bool ok, int errno, string function, string target)
    {
        if (!ok)
        {
            throw InventoryErrors.Failed(errno, function, target);
        }
    }

    /// <summary>Whether Remove-IpcObject removes objects of the kind: all but Unix sockets and file locks.</summary>
    public static bool IsRemovable(IpcObjectKind kind) => kind is not (IpcObjectKind.UnixSocket or IpcObjectKind.FileLock);

    /// <summary>How an object is named in messages: "message queue '/q'", "System V segment 0x... (id 3)".</summary>
    public static string Describe(IpcObjectKind kind, string? name, long? id)
    {
        string noun = kind switch
        {
            IpcObjectKind.MessageQueue => "message queue",
            IpcObjectKind.SharedMemory => "shared memory segment",
            IpcObjectKind.Semaphore => "semaphore",
            IpcObjectKind.SysVMessageQueue => "System V message queue",
            IpcObjectKind.SysVSharedMemory => "System V shared memory segment",
            IpcObjectKind.SysVSemaphore => "System V semaphore set",
            IpcObjectKind.Fifo => "FIFO",
            IpcObjectKind.FileLock => "file lock on",
            _ => "Unix socket",
        };
        bool sysV = kind is IpcObjectKind.SysVMessageQueue or IpcObjectKind.SysVSharedMemory or IpcObjectKind.SysVSemaphore;
        string text = name != null ? $"{noun} '{name}'" : noun;
        return sysV && id != null ? $"{text} (id {id})" : text;
    }
}
