using System.Globalization;
using PosixIpc.Interop;

namespace PosixIpc.Inventory;

/// <summary>
/// System V message queues, shared memory segments and semaphore sets, from /proc/sysvipc/msg, shm and
/// sem; removed by id (msgctl/shmctl/semctl IPC_RMID) after checking the id still has the key and owner listed.
/// </summary>
internal sealed class SysVSource() : InventorySource(IpcObjectKind.SysVMessageQueue, IpcObjectKind.SysVSharedMemory, IpcObjectKind.SysVSemaphore)
{
    public override void List(InventoryQuery query, List<IpcObject> result)
    {
        foreach (IpcObjectKind kind in Kinds)
        {
            if (query.Kinds.Contains(kind))
            {
                result.AddRange(Read(kind));
            }
        }
    }

    public override void Remove(in RemoveRequest request)
    {
        IpcObjectKind kind = request.Kind;
        string target = request.Target;
        if (request.Id is not long sysvId || sysvId < 0 || sysvId > int.MaxValue)
        {
            throw InventoryErrors.MissingId(target);
        }

        int id = (int)sysvId;
        string? name = request.Name;
        string? expectedKey = request.Key ?? (name != null && name.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? name : null);
        IpcObject? now = Read(kind).FirstOrDefault(o => o.Id == id);
        if (expectedKey != null)
        {
            if (now == null)
            {
                throw InventoryErrors.NotFound(target, null);
            }

            if (!string.Equals(now.Key, expectedKey, StringComparison.OrdinalIgnoreCase))
            {
                throw InventoryErrors.KeyChanged(target, expectedKey, now.Key!);
            }
        }

        if (request.Listed?.OwnerId is uint listedOwner && now?.OwnerId is uint owner && owner != listedOwner)
        {
            throw InventoryErrors.Changed(target, $"its owner is now {AccountNames.User(owner)} (uid {owner}), not {AccountNames.User(listedOwner)}");
        }

        int errno;
        bool ok = kind switch
        {
            IpcObjectKind.SysVMessageQueue => SysVIpc.RemoveMessageQueue(id, out errno),
            IpcObjectKind.SysVSharedMemory => SysVIpc.RemoveSharedMemory(id, out errno),
            _ => SysVIpc.RemoveSemaphoreSet(id, out errno),
        };
        Check(ok, errno, Table(kind) + "ctl", target);
    }

    private static string Table(IpcObjectKind kind) => kind switch { IpcObjectKind.SysVMessageQueue => "msg", IpcObjectKind.SysVSharedMemory => "shm", _ => "sem" };

    /// <summary>The objects of one table; none for a kernel without System V IPC.</summary>
    private static List<IpcObject> Read(IpcObjectKind kind)
    {
        var result = new List<IpcObject>();
        try
        {
            foreach (string line in File.ReadLines(System.IO.Path.Combine(IpcInventory.SysVIpcRoot, Table(kind))).Skip(1))
            {
                if (Parse(kind, line) is IpcObject o)
                {
                    result.Add(o);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }

        return result;
    }

    /// <summary>
    /// /proc/sysvipc/msg, shm or sem: a header line, then one line per object of whitespace-separated
    /// columns. The key is printed as a signed decimal, the perms in octal.
    /// msg: key msqid perms cbytes qnum lspid lrpid uid gid cuid cgid ...
    /// shm: key shmid perms size cpid lpid nattch uid gid cuid cgid ...
    /// sem: key semid perms nsems uid gid cuid cgid ...
    /// </summary>
    internal static IpcObject? Parse(IpcObjectKind kind, string line)
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
        var ownership = new Ownership((UnixFileMode)(perms & 0x1FF), uid, gid);
        return kind switch
        {
            IpcObjectKind.SysVMessageQueue => new IpcObject(kind, keyText)
            {
                Key = keyText, Id = id, Ownership = ownership,
                Size = Long(f[3]),
                Messages = Long(f[4]),
                CreatorPid = (int?)Long(f[5]),
            },
            IpcObjectKind.SysVSharedMemory => new IpcObject(kind, keyText)
            {
                Key = keyText, Id = id, Ownership = ownership,
                Size = Long(f[3]),
                CreatorPid = (int?)Long(f[4]),
                Attached = Long(f[6]),
                Held = HolderKey.ForSysVSegment(id),
            },
            _ => new IpcObject(kind, keyText)
            {
                Key = keyText, Id = id, Ownership = ownership,
                Semaphores = (int?)Long(f[3]),
            },
        };
    }

    /// <summary>A System V key as ipcs prints it: 0x%08x.</summary>
    private static string FormatKey(int key) => "0x" + ((uint)key).ToString("x8", CultureInfo.InvariantCulture);

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
}
