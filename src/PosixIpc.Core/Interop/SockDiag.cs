using System.Runtime.InteropServices;

namespace PosixIpc.Interop;

/// <summary>
/// linux/sock_diag.h and linux/unix_diag.h: the dump request for Unix sockets over NETLINK_SOCK_DIAG
/// (what ss -x uses) and the layout of each answer: struct unix_diag_msg, then attributes. Names come
/// as the bytes the socket was bound to, so no name can be mistaken for another entry.
/// </summary>
internal static class SockDiag
{
    public const ushort SOCK_DIAG_BY_FAMILY = 20;

    private const byte AF_UNIX = 1;

    // udiag_show: which attributes the kernel adds to each answer.
    public const uint UDIAG_SHOW_NAME = 0x01;
    public const uint UDIAG_SHOW_VFS = 0x02;
    public const uint UDIAG_SHOW_PEER = 0x04;
    public const uint UDIAG_SHOW_UID = 0x40;

    // The attribute types of an answer.
    public const int UNIX_DIAG_NAME = 0;
    public const int UNIX_DIAG_VFS = 1;
    public const int UNIX_DIAG_PEER = 2;
    public const int UNIX_DIAG_UID = 7;

    // The states the kernel gives (the TCP numbering, as in linux/tcp_states.h).
    public const byte TCP_ESTABLISHED = 1;
    public const byte TCP_SYN_SENT = 2;
    public const byte TCP_CLOSE = 7;
    public const byte TCP_LISTEN = 10;

    /// <summary>struct unix_diag_req.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct UnixRequest
    {
        public byte Family;
        public byte Protocol;
        public ushort Pad;
        public uint States;
        public uint Inode;
        public uint Show;
        public ulong Cookie;
    }

    /// <summary>struct unix_diag_msg: the fixed part of each answer.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct UnixMessage
    {
        public byte Family;
        public byte Type;
        public byte State;
        public byte Pad;
        public uint Inode;
        public ulong Cookie;
    }

    /// <summary>struct unix_diag_vfs: the inode and device of the socket's file, for a socket bound to a path.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct UnixVfs
    {
        public uint Inode;
        public uint Device;
    }

    /// <summary>
    /// nlmsghdr + unix_diag_req asking for every Unix socket (all states) with its name, file, peer
    /// and owner.
    /// </summary>
    public static byte[] UnixDumpRequest(uint sequence)
    {
        int headerLength = Netlink.HeaderLength;
        var request = new byte[headerLength + Marshal.SizeOf<UnixRequest>()];
        var header = new Netlink.MessageHeader
        {
            Length = (uint)request.Length,
            Type = SOCK_DIAG_BY_FAMILY,
            Flags = Netlink.NLM_F_REQUEST | Netlink.NLM_F_DUMP,
            Sequence = sequence,
        };
        var body = new UnixRequest
        {
            Family = AF_UNIX,
            States = uint.MaxValue,
            Show = UDIAG_SHOW_NAME | UDIAG_SHOW_VFS | UDIAG_SHOW_PEER | UDIAG_SHOW_UID,
        };
        MemoryMarshal.Write(request.AsSpan(), in header);
        MemoryMarshal.Write(request.AsSpan(headerLength), in body);
        return request;
    }
}
