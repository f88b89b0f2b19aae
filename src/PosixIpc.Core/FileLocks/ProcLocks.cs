using System.Globalization;

namespace PosixIpc.FileLocks;

/// <summary>The kinds of file lock the kernel lists in /proc/locks, as lslocks names them.</summary>
public enum FileLockType
{
    /// <summary>flock(2), whole file, owned by the open file description (util-linux flock(1), Lock-IpcFile).</summary>
    Flock,

    /// <summary>fcntl(2) F_SETLK record lock, owned by the process (lockf(3), Python's fcntl.lockf).</summary>
    Posix,

    /// <summary>fcntl(2) F_OFD_SETLK record lock, owned by the open file description.</summary>
    Ofd,
}

/// <summary>
/// One held lock of /proc/locks (or of a /proc/PID/fdinfo "lock:" line), such as
/// "3: FLOCK  ADVISORY  WRITE 22213 fe:00:11658926 0 EOF": the type, READ (shared) or WRITE
/// (exclusive), the pid that took it (-1 when the kernel does not say, as for OFD locks), the device
/// as hex major:minor, the inode, and the byte range.
/// </summary>
internal readonly record struct LockEntry(FileLockType Type, bool Shared, int Pid, uint Major, uint Minor, ulong Inode, string Start, string End)
{
    /// <summary>"FLOCK WRITE", as /proc/locks and lslocks print type and mode.</summary>
    public string State => $"{TypeName} {(Shared ? "READ" : "WRITE")}";

    public string TypeName => Type switch { FileLockType.Flock => "FLOCK", FileLockType.Posix => "POSIX", _ => "OFDLCK" };

    /// <summary>The file as /proc/locks names it: major:minor:inode.</summary>
    public string FileId => $"{Major:x2}:{Minor:x2}:{Inode}";

    /// <summary>Whether this lock is on the given file.</summary>
    public bool IsOn(uint major, uint minor, ulong inode) => Major == major && Minor == minor && Inode == inode;
}

/// <summary>Reads the host's file locks from /proc/locks.</summary>
internal static class ProcLocks
{
    /// <summary>Where the locks are read: /proc/locks unless a test says otherwise.</summary>
    internal static string Path { get; set; } = "/proc/locks";

    /// <summary>The held flock, POSIX and OFD locks (leases and the waiters, "->" lines, are left out); empty when unreadable.</summary>
    public static List<LockEntry> Read()
    {
        var result = new List<LockEntry>();
        string text;
        try
        {
            text = File.ReadAllText(Path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return result;
        }

        foreach (string line in text.Split('\n'))
        {
            if (Parse(line) is LockEntry entry)
            {
                result.Add(entry);
            }
        }

        return result;
    }

    /// <summary>One line of /proc/locks, or the part after "lock:" of a fdinfo line; null for a waiter, a lease or anything else.</summary>
    internal static LockEntry? Parse(string line)
    {
        string[] f = line.Split(new[] { ' ', '\t' }, StringSplitOptions.RemoveEmptyEntries);
        if (f.Length < 8 || !f[0].EndsWith(':') || f[1] == "->")
        {
            return null;
        }

        FileLockType? type = f[1] switch
        {
            "FLOCK" => FileLockType.Flock,
            "POSIX" => FileLockType.Posix,
            "OFDLCK" => FileLockType.Ofd,
            _ => null,
        };
        bool? shared = f[3] switch { "READ" => true, "WRITE" => false, _ => null };
        string[] id = f[5].Split(':');
        if (type == null || shared == null || id.Length != 3 ||
            !int.TryParse(f[4], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int pid) ||
            !uint.TryParse(id[0], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out uint major) ||
            !uint.TryParse(id[1], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out uint minor) ||
            !ulong.TryParse(id[2], NumberStyles.None, CultureInfo.InvariantCulture, out ulong inode))
        {
            return null;
        }

        return new LockEntry(type.Value, shared.Value, pid, major, minor, inode, f[6], f[7]);
    }
}
