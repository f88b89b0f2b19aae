using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using PosixIpc.Interop;

namespace PosixIpc.Sockets;

/// <summary>
/// The Unix sockets of this network namespace, from the kernel's sock_diag netlink interface (as ss -x
/// lists them), which gives each name as the bytes it was bound to. Where netlink is refused (a kernel
/// without unix_diag, a sandbox), /proc/net/unix is read instead, with a warning: its lines cannot tell
/// a newline inside a name from the next entry.
/// </summary>
public static class UnixSockets
{
    private const int AcceptConnections = 0x10000;

    /// <summary>The netlink protocol asked for: NETLINK_SOCK_DIAG (a test sets another to see the fallback).</summary>
    internal static int DiagProtocol { get; set; } = Netlink.NETLINK_SOCK_DIAG;

    /// <summary>
    /// Every Unix socket, without holders. warning is set (and the sockets come from /proc/net/unix)
    /// when the kernel refused the netlink request.
    /// </summary>
    public static IReadOnlyList<UnixSocketInfo> List(out string? warning)
    {
        List<UnixSocketInfo>? sockets = ListFromKernel(out int errno);
        if (sockets != null)
        {
            warning = null;
            return sockets;
        }

        warning = $"The kernel refused the sock_diag netlink request ({Errno.Name(errno)}: {Errno.Describe(errno)}), so Unix sockets are read from /proc/net/unix, where a name holding a newline can look like further entries and names are shown with '@' for each NUL.";
        return ListFromProcNetUnix();
    }

    /// <summary>The sockets from NETLINK_SOCK_DIAG, or null with the errno when netlink is refused.</summary>
    private static List<UnixSocketInfo>? ListFromKernel(out int errno)
    {
        using SafeFileDescriptor? fd = Netlink.Open(DiagProtocol, out errno);
        if (fd == null)
        {
            return null;
        }

        const uint sequence = 1;
        if (!Netlink.Send(fd, SockDiag.UnixDumpRequest(sequence), out errno))
        {
            return null;
        }

        var result = new List<UnixSocketInfo>();
        byte[] buffer = new byte[64 * 1024];
        while (true)
        {
            int n = Netlink.Receive(fd, buffer, out errno);
            if (n <= 0)
            {
                errno = n == 0 ? Errno.EIO : errno;
                return null;
            }

            int at = 0;
            while (at + Netlink.HeaderLength <= n)
            {
                var header = MemoryMarshal.Read<Netlink.MessageHeader>(buffer.AsSpan(at));
                if (header.Length < Netlink.HeaderLength || at + header.Length > n)
                {
                    errno = Errno.EIO;
                    return null;
                }

                ReadOnlySpan<byte> body = buffer.AsSpan(at + Netlink.HeaderLength, (int)header.Length - Netlink.HeaderLength);
                at += Netlink.Align((int)header.Length);
                if (header.Sequence != sequence)
                {
                    continue;
                }

                switch (header.Type)
                {
                    case Netlink.NLMSG_DONE:
                        errno = 0;
                        return result;
                    case Netlink.NLMSG_ERROR:
                        int error = body.Length >= 4 ? -MemoryMarshal.Read<int>(body) : Errno.EIO;
                        if (error != 0)
                        {
                            errno = error;
                            return null;
                        }

                        break;
                    case SockDiag.SOCK_DIAG_BY_FAMILY:
                        if (ParseDiag(body) is UnixSocketInfo info)
                        {
                            result.Add(info);
                        }

                        break;
                }
            }
        }
    }

    /// <summary>
    /// One answer: struct unix_diag_msg, then attributes. UNIX_DIAG_NAME holds sun_path as bound: a
    /// leading NUL for an abstract name (whose length is the attribute's), else a path and its NUL.
    /// </summary>
    internal static UnixSocketInfo? ParseDiag(ReadOnlySpan<byte> body)
    {
        int fixedLength = Marshal.SizeOf<SockDiag.UnixMessage>();
        if (body.Length < fixedLength)
        {
            return null;
        }

        var message = MemoryMarshal.Read<SockDiag.UnixMessage>(body);
        byte[]? address = null;
        bool isAbstract = false;
        ulong? peer = null;
        uint? uid = null;
        (uint, uint)? file = null;
        Netlink.ForEachAttribute(body.Slice(fixedLength), (type, value) =>
        {
            switch (type)
            {
                case SockDiag.UNIX_DIAG_NAME when value.Length > 0:
                    isAbstract = value[0] == 0;
                    ReadOnlySpan<byte> name = isAbstract ? value.Slice(1) : value;
                    int end = isAbstract ? -1 : name.IndexOf((byte)0);
                    address = (end < 0 ? name : name.Slice(0, end)).ToArray();
                    break;
                case SockDiag.UNIX_DIAG_PEER when value.Length >= 4:
                    uint p = MemoryMarshal.Read<uint>(value);
                    peer = p != 0 ? p : null;
                    break;
                case SockDiag.UNIX_DIAG_UID when value.Length >= 4:
                    uid = MemoryMarshal.Read<uint>(value);
                    break;
                case SockDiag.UNIX_DIAG_VFS when value.Length >= 8:
                    var vfs = MemoryMarshal.Read<SockDiag.UnixVfs>(value);
                    file = (vfs.Device, vfs.Inode);
                    break;
            }
        });

        bool listening = message.State == SockDiag.TCP_LISTEN;
        string state = message.State switch
        {
            SockDiag.TCP_LISTEN => "LISTEN",
            SockDiag.TCP_ESTABLISHED => "ESTAB",
            SockDiag.TCP_SYN_SENT => "CONNECTING",
            SockDiag.TCP_CLOSE => "UNCONN",
            _ => message.State.ToString(CultureInfo.InvariantCulture),
        };
        return new UnixSocketInfo(message.Inode, (UnixSocketType)message.Type, state, listening, address, isAbstract)
        {
            PeerInode = peer,
            OwnerId = uid,
            File = file,
        };
    }

    /// <summary>Every Unix socket as /proc/net/unix lists it, without holders: the fallback where netlink is refused.</summary>
    internal static List<UnixSocketInfo> ListFromProcNetUnix(string table = "/proc/net/unix")
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
        bool isAbstract = address is { Length: > 0 } && address[0] == '@';
        byte[]? bytes = string.IsNullOrEmpty(address) ? null : Encoding.UTF8.GetBytes(isAbstract ? address.Substring(1) : address);
        bool listening = (flags & AcceptConnections) != 0;
        string state = listening ? "LISTEN" : st switch
        {
            1 => "UNCONN",
            2 => "CONNECTING",
            3 => "ESTAB",
            4 => "CLOSING",
            _ => st.ToString(CultureInfo.InvariantCulture),
        };
        return new UnixSocketInfo(inode, (UnixSocketType)type, state, listening, bytes, isAbstract);
    }
}
