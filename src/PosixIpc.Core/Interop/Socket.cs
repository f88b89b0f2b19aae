using Tmds.Linux;

namespace PosixIpc.Interop;

/// <summary>Credentials of a peer process: struct ucred (SO_PEERCRED, SCM_CREDENTIALS).</summary>
internal readonly record struct PeerCredentials(int Pid, uint Uid, uint Gid);

/// <summary>
/// sys/socket.h and sys/un.h for AF_UNIX sockets, from Tmds.LibC: socket, bind, listen, accept4,
/// connect, send, recv, recvmsg with SCM_CREDENTIALS, getsockopt/setsockopt, shutdown. Every
/// descriptor is made close-on-exec and non-blocking; waits are done with poll by the callers.
/// Sends always pass MSG_NOSIGNAL, so a peer that has gone is EPIPE and never SIGPIPE.
/// Each call retries EINTR and reports failure with the errno read right after it.
/// </summary>
internal static unsafe class Socket
{
    public static readonly int SOCK_STREAM = LibC.SOCK_STREAM;
    public static readonly int SOCK_DGRAM = LibC.SOCK_DGRAM;
    public static readonly int SOCK_SEQPACKET = LibC.SOCK_SEQPACKET;

    /// <summary>Room for a path in sockaddr_un.sun_path, its terminating NUL included (108 on Linux).</summary>
    public const int SunPathLength = 108;

    /// <summary>Where sun_path starts: after the 2-byte sun_family (the Linux ABI on every architecture).</summary>
    private const int SunPathOffset = 2;

    /// <summary>socket(AF_UNIX, type | SOCK_CLOEXEC | SOCK_NONBLOCK, 0).</summary>
    public static SafeFileDescriptor? Create(int type, out int errno)
    {
        int fd = LibC.socket(LibC.AF_UNIX, type | LibC.SOCK_CLOEXEC | LibC.SOCK_NONBLOCK, 0);
        errno = fd < 0 ? Errno.Last : 0;
        return fd < 0 ? null : new SafeFileDescriptor(fd);
    }

    /// <summary>
    /// A sockaddr_un for a path, or (abstract) for a name in Linux's abstract namespace: a NUL byte,
    /// then the name, its length given by the address length rather than a terminating NUL.
    /// Returns false when the name does not fit.
    /// </summary>
    public static bool TryMakeAddress(byte[] name, bool isAbstract, out sockaddr_un address, out int length)
    {
        address = default;
        length = 0;
        int room = SunPathLength - 1;
        if (name.Length == 0 || name.Length > room || (!isAbstract && Array.IndexOf(name, (byte)0) >= 0))
        {
            return false;
        }

        address.sun_family = (sa_family_t)LibC.AF_UNIX;
        fixed (sockaddr_un* a = &address)
        {
            byte* path = (byte*)a + SunPathOffset;
            int at = isAbstract ? 1 : 0;
            for (int i = 0; i < name.Length; i++)
            {
                path[at + i] = name[i];
            }

            length = SunPathOffset + at + name.Length + (isAbstract ? 0 : 1);
        }

        return true;
    }

    public static bool Bind(SafeFileDescriptor fd, in sockaddr_un address, int length, out int errno)
    {
        using var lease = fd.Borrow();
        fixed (sockaddr_un* a = &address)
        {
            bool ok = LibC.bind(lease.Fd, (sockaddr*)a, length) == 0;
            errno = ok ? 0 : Errno.Last;
            return ok;
        }
    }

    /// <summary>connect(2). On a non-blocking Unix stream socket EAGAIN means the listener's backlog is full.</summary>
    public static bool Connect(SafeFileDescriptor fd, in sockaddr_un address, int length, out int errno)
    {
        using var lease = fd.Borrow();
        fixed (sockaddr_un* a = &address)
        {
            int r;
            do
            {
                r = LibC.connect(lease.Fd, (sockaddr*)a, length);
            }
            while (Errno.Interrupted(r, out errno));

            return r == 0;
        }
    }

    public static bool Listen(SafeFileDescriptor fd, int backlog, out int errno)
    {
        using var lease = fd.Borrow();
        bool ok = LibC.listen(lease.Fd, backlog) == 0;
        errno = ok ? 0 : Errno.Last;
        return ok;
    }

    /// <summary>accept4 with SOCK_CLOEXEC | SOCK_NONBLOCK; null with EAGAIN when nobody is waiting.</summary>
    public static SafeFileDescriptor? Accept(SafeFileDescriptor fd, out int errno)
    {
        using var lease = fd.Borrow();
        int client;
        do
        {
            client = LibC.accept4(lease.Fd, null, null, LibC.SOCK_CLOEXEC | LibC.SOCK_NONBLOCK);
        }
        while (Errno.Interrupted(client, out errno));

        return client >= 0 ? new SafeFileDescriptor(client) : null;
    }

    /// <summary>send(2) with MSG_NOSIGNAL: the bytes taken, or -1 with the errno (EAGAIN when the buffer is full).</summary>
    public static int Send(SafeFileDescriptor fd, ReadOnlySpan<byte> data, out int errno)
    {
        using var lease = fd.Borrow();
        fixed (byte* p = data)
        {
            long n;
            do
            {
                n = LibC.send(lease.Fd, p, data.Length, LibC.MSG_NOSIGNAL | LibC.MSG_DONTWAIT);
            }
            while (Errno.Interrupted(n, out errno));

            return (int)n;
        }
    }

    /// <summary>
    /// recv(2): the bytes read (0 at the end of a stream), or -1 with the errno (EAGAIN when nothing
    /// is there). With peek (MSG_PEEK) the bytes stay in the socket for the next read.
    /// </summary>
    public static int Receive(SafeFileDescriptor fd, Span<byte> buffer, out int errno, bool peek = false)
    {
        using var lease = fd.Borrow();
        fixed (byte* p = buffer)
        {
            long n;
            do
            {
                n = LibC.recv(lease.Fd, p, buffer.Length, LibC.MSG_DONTWAIT | (peek ? LibC.MSG_PEEK : 0));
            }
            while (Errno.Interrupted(n, out errno));

            return (int)n;
        }
    }

    /// <summary>The bytes waiting to be read in a stream socket (ioctl FIONREAD), 0 when it cannot tell.</summary>
    public static int BytesWaiting(SafeFileDescriptor fd)
    {
        using var lease = fd.Borrow();
        int n = 0;
        return LibC.ioctl(lease.Fd, LibC.FIONREAD, &n) == 0 ? n : 0;
    }

    /// <summary>
    /// recvmsg(2) of one datagram with the sender's SCM_CREDENTIALS (the socket must have SO_PASSCRED).
    /// Returns the datagram's length, or -1 with the errno; truncated says the buffer was too small.
    /// Descriptors a sender attached (SCM_RIGHTS) are closed at once, never kept: passed counts them,
    /// and includes those the kernel dropped for want of control space (MSG_CTRUNC, counted as one).
    /// </summary>
    public static int ReceiveDatagram(SafeFileDescriptor fd, Span<byte> buffer, out PeerCredentials sender, out bool truncated, out int passed, out int errno)
    {
        using var lease = fd.Borrow();
        sender = new PeerCredentials(0, uint.MaxValue, uint.MaxValue);
        truncated = false;
        passed = 0;
        int space = LibC.CMSG_SPACE(sizeof(ucred)) + ControlSlack;
        byte* control = stackalloc byte[space];
        fixed (byte* p = buffer)
        {
            iovec io = default;
            io.iov_base = p;
            io.iov_len = buffer.Length;
            msghdr header = default;
            header.msg_iov = &io;
            header.msg_iovlen = 1;
            header.msg_control = control;
            header.msg_controllen = space;
            long n;
            do
            {
                n = LibC.recvmsg(lease.Fd, &header, LibC.MSG_DONTWAIT | LibC.MSG_TRUNC | LibC.MSG_CMSG_CLOEXEC);
            }
            while (Errno.Interrupted(n, out errno));

            if (n < 0)
            {
                return -1;
            }

            truncated = (header.msg_flags & LibC.MSG_TRUNC) != 0 || n > buffer.Length;
            for (cmsghdr* c = LibC.CMSG_FIRSTHDR(&header); c != null; c = LibC.CMSG_NXTHDR(&header, c))
            {
                if (c->cmsg_level == LibC.SOL_SOCKET && c->cmsg_type == LibC.SCM_CREDENTIALS)
                {
                    ucred* cred = (ucred*)LibC.CMSG_DATA(c);
                    sender = new PeerCredentials(cred->pid, cred->uid, cred->gid);
                }
                else if (c->cmsg_level == LibC.SOL_SOCKET && c->cmsg_type == LibC.SCM_RIGHTS)
                {
                    passed += CloseDescriptors(c);
                }
            }

            if ((header.msg_flags & LibC.MSG_CTRUNC) != 0)
            {
                passed = Math.Max(passed, 1);
            }

            return (int)Math.Min(n, buffer.Length);
        }
    }

    /// <summary>Control space beyond SCM_CREDENTIALS: room for a few passed descriptors, which are closed at once.</summary>
    private const int ControlSlack = 64;

    /// <summary>Closes every descriptor an SCM_RIGHTS message installed in this process; returns how many.</summary>
    private static int CloseDescriptors(cmsghdr* c)
    {
        int count = (int)(((long)(ulong)c->cmsg_len - LibC.CMSG_LEN(0)) / sizeof(int));
        int* fds = (int*)LibC.CMSG_DATA(c);
        for (int i = 0; i < count; i++)
        {
            // close(2) is never retried on EINTR: the descriptor is gone either way on Linux.
            LibC.close(fds[i]);
        }

        return count;
    }

    /// <summary>The credentials of the process at the other end of a connected socket, as they were at connect time (SO_PEERCRED).</summary>
    public static bool GetPeerCredentials(SafeFileDescriptor fd, out PeerCredentials peer, out int errno)
    {
        using var lease = fd.Borrow();
        ucred cred = default;
        socklen_t length = sizeof(ucred);
        bool ok = LibC.getsockopt(lease.Fd, LibC.SOL_SOCKET, LibC.SO_PEERCRED, &cred, &length) == 0;
        errno = ok ? 0 : Errno.Last;
        peer = ok ? new PeerCredentials(cred.pid, cred.uid, cred.gid) : default;
        return ok;
    }

    /// <summary>Asks for SCM_CREDENTIALS with every datagram received (SO_PASSCRED).</summary>
    public static bool PassCredentials(SafeFileDescriptor fd, out int errno) => SetInt(fd, LibC.SO_PASSCRED, 1, out errno);

    /// <summary>Asks for a send or receive buffer of this size (the kernel may grant less).</summary>
    public static bool SetBufferSize(SafeFileDescriptor fd, bool send, int size, out int errno) =>
        SetInt(fd, send ? LibC.SO_SNDBUF : LibC.SO_RCVBUF, size, out errno);

    /// <summary>shutdown(fd, SHUT_WR): the peer reads the end of the stream; this side may still read.</summary>
    public static void ShutdownWrite(SafeFileDescriptor fd)
    {
        using var lease = fd.Borrow();
        LibC.shutdown(lease.Fd, LibC.SHUT_WR);
    }

    private static bool SetInt(SafeFileDescriptor fd, int option, int value, out int errno)
    {
        using var lease = fd.Borrow();
        bool ok = LibC.setsockopt(lease.Fd, LibC.SOL_SOCKET, option, &value, sizeof(int)) == 0;
        errno = ok ? 0 : Errno.Last;
        return ok;
    }
}
