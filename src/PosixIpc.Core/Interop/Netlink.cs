using System.Runtime.InteropServices;
using Tmds.Linux;

namespace PosixIpc.Interop;

/// <summary>
/// linux/netlink.h: struct nlmsghdr and struct nlattr, the message types every netlink family shares,
/// and a netlink socket to the kernel (socket, send, recv). Each call retries EINTR.
/// </summary>
internal static unsafe class Netlink
{
    public const int NETLINK_SOCK_DIAG = 4;

    public const ushort NLM_F_REQUEST = 0x1;
    public const ushort NLM_F_DUMP = 0x300; // NLM_F_ROOT | NLM_F_MATCH

    public const ushort NLMSG_ERROR = 2;
    public const ushort NLMSG_DONE = 3;

    private const int AF_NETLINK = 16;

    /// <summary>struct nlmsghdr: the 16 bytes before every netlink message.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct MessageHeader
    {
        public uint Length;
        public ushort Type;
        public ushort Flags;
        public uint Sequence;
        public uint PortId;
    }

    public static int HeaderLength => sizeof(MessageHeader);

    /// <summary>NLMSG_ALIGN: messages and attributes start on 4-byte boundaries.</summary>
    public static int Align(int length) => (length + 3) & ~3;

    /// <summary>socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, protocol); null and the errno when the kernel refuses it.</summary>
    public static SafeFileDescriptor? Open(int protocol, out int errno)
    {
        int fd = LibC.socket(AF_NETLINK, LibC.SOCK_DGRAM | LibC.SOCK_CLOEXEC, protocol);
        errno = fd < 0 ? Errno.Last : 0;
        return fd < 0 ? null : new SafeFileDescriptor(fd);
    }

    /// <summary>send(2) of one request to the kernel (an unconnected netlink socket sends to port 0, the kernel).</summary>
    public static bool Send(SafeFileDescriptor fd, ReadOnlySpan<byte> request, out int errno)
    {
        using var lease = fd.Borrow();
        fixed (byte* p = request)
        {
            long n;
            while (Errno.Interrupted(n = LibC.send(lease.Fd, p, request.Length, 0), out errno))
            {
            }

            return n == request.Length;
        }
    }

    /// <summary>recv(2), blocking: one datagram of netlink messages, or -1 with the errno.</summary>
    public static int Receive(SafeFileDescriptor fd, Span<byte> buffer, out int errno)
    {
        using var lease = fd.Borrow();
        fixed (byte* p = buffer)
        {
            long n;
            while (Errno.Interrupted(n = LibC.recv(lease.Fd, p, buffer.Length, 0), out errno))
            {
            }

            return (int)n;
        }
    }

    /// <summary>
    /// The attributes (struct nlattr: u16 length, u16 type, then the value) that follow a message's
    /// fixed part: calls onAttribute with each type and value; stops at the first malformed one.
    /// </summary>
    public static void ForEachAttribute(ReadOnlySpan<byte> attributes, AttributeVisitor onAttribute)
    {
        int at = 0;
        while (at + 4 <= attributes.Length)
        {
            int length = MemoryMarshal.Read<ushort>(attributes.Slice(at));
            int type = MemoryMarshal.Read<ushort>(attributes.Slice(at + 2)) & 0x3FFF; // Without NLA_F_NESTED and NLA_F_NET_BYTEORDER.
            if (length < 4 || at + length > attributes.Length)
            {
                return;
            }

            onAttribute(type, attributes.Slice(at + 4, length - 4));
            at += Align(length);
        }
    }

    public delegate void AttributeVisitor(int type, ReadOnlySpan<byte> value);
}
