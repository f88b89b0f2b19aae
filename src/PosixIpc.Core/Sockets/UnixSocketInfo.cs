using PosixIpc.Inventory;
using PosixIpc.Text;

namespace PosixIpc.Sockets;

/// <summary>The kind of a Unix socket (the SOCK_* value).</summary>
public enum UnixSocketType
{
    Stream = 1,
    Datagram = 2,
    SeqPacket = 5,
}

/// <summary>
/// One Unix socket of the host, as the kernel lists it (sock_diag, what ss -x shows), with the
/// processes that hold it (like ss -xp). Its name is kept as the exact bytes it was bound to.
/// </summary>
public sealed class UnixSocketInfo
{
    private readonly byte[]? _address;

    internal UnixSocketInfo(ulong inode, UnixSocketType type, string state, bool listening, byte[]? address, bool isAbstract)
    {
        Inode = inode;
        Type = type;
        State = state;
        Listening = listening;
        _address = address is { Length: > 0 } ? address : null;
        IsAbstract = _address != null && isAbstract;
        string? text = _address != null ? ByteName.ToExact(_address) : null;
        Path = IsAbstract ? null : text;
        Name = IsAbstract ? text : null;
    }

    /// <summary>The socket file's path, or null (abstract or unnamed). Bytes that are not UTF-8 are kept as ByteName escapes them.</summary>
    public string? Path { get; }

    /// <summary>The abstract name without its "@", or null. Any newline or other byte in it is part of the name.</summary>
    public string? Name { get; }

    /// <summary>Whether the name is in the abstract namespace (no file).</summary>
    public bool IsAbstract { get; }

    /// <summary>The path, "@name" for an abstract name, or empty for an unnamed socket.</summary>
    public string Address => Path ?? (Name != null ? "@" + Name : string.Empty);

    /// <summary>The address as views show it, on one line: newlines, control characters and bytes that are not UTF-8 escaped (\n, \xff).</summary>
    public string Display => ByteName.Escape(Address);

    /// <summary>The exact bytes of the path or of the abstract name (without its leading NUL); null for an unnamed socket.</summary>
    public byte[]? AddressBytes => (byte[]?)_address?.Clone();

    public UnixSocketType Type { get; }

    /// <summary>LISTEN, ESTAB, UNCONN, CONNECTING or CLOSING, as ss(8) names them.</summary>
    public string State { get; }

    public bool Listening { get; }

    /// <summary>The socket's inode number (ss shows it as Local Port; /proc/PID/fd links read socket:[inode]).</summary>
    public ulong Inode { get; }

    /// <summary>The inode of the socket at the other end of a connection, or null (not connected, or not known).</summary>
    public ulong? PeerInode { get; internal init; }

    /// <summary>The user that made the socket (Linux 5.3 and later say), or null when not known.</summary>
    public uint? OwnerId { get; internal init; }

    /// <summary>The device and inode of the socket's file, for a socket bound to a path: tells whether the file now at the path is this socket's.</summary>
    internal (uint Device, uint Inode)? File { get; init; }

    public IReadOnlyList<IpcObjectHolder> Holders { get; internal set; } = Array.Empty<IpcObjectHolder>();

    /// <summary>The pids of the holders.</summary>
    public int[] Pid => Holders.Select(h => h.Pid).Distinct().ToArray();

    /// <summary>The command names of the holders.</summary>
    public string[] ProcessName => Holders.Select(h => h.ProcessName).Distinct().ToArray();

    /// <summary>The address to connect to this socket again, built from the exact bytes of its name; null for an unnamed socket.</summary>
    public UnixSocketAddress? ToAddress() => _address == null ? null : UnixSocketAddress.FromBytes(_address, IsAbstract);

    internal ReadOnlySpan<byte> RawAddress => _address;

    public override string ToString() => Display;
}
