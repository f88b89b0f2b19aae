using System.Text;
using PosixIpc.Interop;

namespace PosixIpc.Sockets;

/// <summary>
/// Takes the datagrams waiting on a bound datagram socket, each whole and with its sender's
/// credentials; descriptors a sender passed along are closed at once.
/// </summary>
public sealed class DatagramReceiver
{
    /// <summary>
    /// The largest datagram a sender can queue: its SO_SNDBUF, which is at most twice
    /// net.core.wmem_max (without the privileged SO_SNDBUFFORCE). A buffer this size never truncates.
    /// </summary>
    public static readonly int MaxDatagram = Math.Max(1 << 20, ReadWmemMax() * 2);

    private readonly UnixSocketBinding _binding;
    private readonly PeerFilter _filter;
    private readonly Encoding _encoding;
    private readonly Action<string> _warn;
    private byte[]? _buffer;

    internal DatagramReceiver(UnixSocketBinding binding, PeerFilter filter, Encoding encoding, Action<string> warn)
    {
        _binding = binding;
        _filter = filter;
        _encoding = encoding;
        _warn = warn;
    }

    /// <summary>Descriptors that senders passed (SCM_RIGHTS) and were closed.</summary>
    public long DescriptorsClosed { get; private set; }

    /// <summary>Adds up to max of the datagrams waiting (those the filter allows) to the queue, without waiting; returns how many.</summary>
    internal int ReadWaiting(long max, Queue<UnixSocketMessage> into)
    {
        string display = _binding.Address.Display;
        _buffer ??= new byte[MaxDatagram];
        int taken = 0;
        while (taken < max)
        {
            int n = Socket.ReceiveDatagram(_binding.Descriptor, _buffer, out PeerCredentials sender, out bool truncated, out int passed, out int errno);
            if (n < 0)
            {
                if (errno == Errno.EAGAIN)
                {
                    break;
                }

                throw IpcErrors.Failed(IpcMechanism.Socket, ErrorIds.SocketReceiveFailed, errno, "recvmsg", display, $"Cannot receive from the socket '{display}'");
            }

            if (passed > 0)
            {
                DescriptorsClosed += passed;
                if (DescriptorsClosed == passed)
                {
                    _warn($"Process {sender.Pid} (uid {sender.Uid}) passed descriptors (SCM_RIGHTS) with a datagram to '{display}'; they were closed at once, as are any that follow.");
                }
            }

            if (!_filter.Allows(sender, datagram: true))
            {
                continue;
            }

            if (truncated)
            {
                // Only a sender with SO_SNDBUFFORCE gets past the buffer; say so rather than hand on part of it.
                throw new PosixIpcException(ErrorIds.SocketMessageTooLarge, Errno.EMSGSIZE, "recvmsg", display,
                    $"A datagram from process {sender.Pid} to '{display}' was larger than {_buffer.Length} bytes and was cut short by the kernel, so it was not emitted. Send smaller datagrams, or use a stream socket.");
            }

            into.Enqueue(new UnixSocketMessage(display, 0, sender, null, _buffer.AsSpan(0, n).ToArray(), _encoding));
            taken++;
        }

        return taken;
    }

    private static int ReadWmemMax()
    {
        try
        {
            return int.TryParse(System.IO.File.ReadAllText("/proc/sys/net/core/wmem_max").Trim(), out int v) && v > 0 && v < (1 << 29) ? v : 0;
        }
        catch (Exception e) when (e is System.IO.IOException or UnauthorizedAccessException)
        {
            return 0;
        }
    }
}
