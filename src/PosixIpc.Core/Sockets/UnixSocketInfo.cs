using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;

namespace PosixIpc.Sockets;

/// <summary>The kind of a Unix socket, from /proc/net/unix.</summary>
public enum UnixSocketType
{
    Stream = 1,
    Datagram = 2,
    SeqPacket = 5,
}

/// <summary>A process that holds a socket open: its pid, command name and descriptor number.</summary>
public sealed record UnixSocketHolder(int Pid, string ProcessName, int Fd)
{
    public override string ToString() => $"{ProcessName}({Pid})";
}

/// <summary>One Unix socket of the host, as /proc/net/unix lists it, with the processes that hold it (like ss -xp).</summary>
public sealed class UnixSocketInfo
{
    internal UnixSocketInfo(ulong inode, UnixSocketType type, string state, bool listening, string? path, string? name)
    {
        Inode = inode;
        Type = type;
        State = state;
        Listening = listening;
        Path = path;
        Name = name;
    }

    /// <summary>The socket file's path, or null (abstract or unnamed).</summary>
    public string? Path { get; }

    /// <summary>The abstract name without its "@", or null.</summary>
    public string? Name { get; }

    /// <summary>The path, "@name" for an abstract name, or empty for an unnamed socket.</summary>
    public string Address => Path ?? (Name != null ? "@" + Name : string.Empty);

    public UnixSocketType Type { get; }

    /// <summary>LISTEN, ESTAB, UNCONN, CONNECTING or CLOSING, as ss(8) names them.</summary>
    public string State { get; }

    public bool Listening { get; }

    /// <summary>The socket's inode number (ss shows it as Local Port; /proc/PID/fd links read socket:[inode]).</summary>
    public ulong Inode { get; }

    public IReadOnlyList<UnixSocketHolder> Holders { get; internal set; } = Array.Empty<UnixSocketHolder>();

    /// <summary>The pids of the holders.</summary>
    public int[] Pid => Holders.Select(h => h.Pid).Distinct().ToArray();

    /// <summary>The command names of the holders.</summary>
    public string[] ProcessName => Holders.Select(h => h.ProcessName).Distinct().ToArray();

    public override string ToString() => Address;
}

/// <summary>Reading /proc/net/unix and matching sockets to the processes that hold them.</summary>
public static class UnixSockets
{
    private const int AcceptConnections = 0x10000;

    /// <summary>Every Unix socket of this network namespace, without holders.</summary>
    public static IReadOnlyList<UnixSocketInfo> List(string table = "/proc/net/unix")
    {
        var result = new List<UnixSocketInfo>();
        foreach (string line in File.ReadLines(table).Skip(1))
        {
            UnixSocketInfo? info = Parse(line);
            if (info != null)
            {
                result.Add(info);
            }
        }

        return result;
    }

    /// <summary>
    /// One line: "Num: RefCount Protocol Flags Type St Inode [Path]". The kernel writes an abstract
    /// name with "@" for its leading NUL (and further NULs as "@" too).
    /// </summary>
    internal static UnixSocketInfo? Parse(string line)
    {
        string[] fields = line.Split(' ', 8, StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 7 ||
            !int.TryParse(fields[3], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out int flags) ||
            !int.TryParse(fields[4], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out int type) ||
            !int.TryParse(fields[5], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out int st) ||
            !ulong.TryParse(fields[6], NumberStyles.None, CultureInfo.InvariantCulture, out ulong inode))
        {
            return null;
        }

        string? address = fields.Length > 7 ? fields[7] : null;
        string? path = null, name = null;
        if (!string.IsNullOrEmpty(address))
        {
            if (address[0] == '@')
            {
                name = address.Substring(1);
            }
            else
            {
                path = address;
            }
        }

        bool listening = (flags & AcceptConnections) != 0;
        string state = listening ? "LISTEN" : st switch
        {
            1 => "UNCONN",
            2 => "CONNECTING",
            3 => "ESTAB",
            4 => "CLOSING",
            _ => st.ToString(CultureInfo.InvariantCulture),
        };
        return new UnixSocketInfo(inode, (UnixSocketType)type, state, listening, path, name);
    }

    /// <summary>Fills in the holders of the sockets from the /proc/PID/fd links of every process this user may look at.</summary>
    public static void FindHolders(IReadOnlyCollection<UnixSocketInfo> sockets)
    {
        if (sockets.Count == 0)
        {
            return;
        }

        var byInode = new Dictionary<ulong, List<UnixSocketHolder>>();
        foreach (UnixSocketInfo s in sockets)
        {
            byInode[s.Inode] = new List<UnixSocketHolder>();
        }

        var names = new Dictionary<int, string>();
        Inventory.ProcessScan.Visit((pid, fd, target) =>
        {
            if (target.StartsWith("socket:[", StringComparison.Ordinal) &&
                ulong.TryParse(target.AsSpan(8, target.Length - 9), NumberStyles.None, CultureInfo.InvariantCulture, out ulong inode) &&
                byInode.TryGetValue(inode, out List<UnixSocketHolder>? holders))
            {
                if (!names.TryGetValue(pid, out string? comm))
                {
                    names[pid] = comm = Inventory.ProcessScan.ProcessName(pid);
                }

                holders.Add(new UnixSocketHolder(pid, comm, fd));
            }
        });

        foreach (UnixSocketInfo s in sockets)
        {
            s.Holders = byInode[s.Inode];
        }
    }
}
