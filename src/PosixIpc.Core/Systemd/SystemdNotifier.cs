using System.Globalization;
using System.Text;
using PosixIpc.Interop;
using PosixIpc.Sockets;

namespace PosixIpc.Systemd;

/// <summary>
/// The service side of systemd's notification protocol (sd_notify(3)): one datagram of newline-separated
/// KEY=VALUE assignments, sent to the AF_UNIX datagram socket that NOTIFY_SOCKET names (an absolute
/// path, or "@name" for a name in the abstract namespace). No credentials are attached by hand: the
/// manager's socket has SO_PASSCRED, so the kernel passes the sender's pid, uid and gid with every
/// datagram, which the manager checks against NotifyAccess=.
/// </summary>
public static class SystemdNotifier
{
    public const string SocketVariable = "NOTIFY_SOCKET";

    /// <summary>The socket NOTIFY_SOCKET names now, or null when it is unset or empty (not run by a manager that waits).</summary>
    public static string? SocketName => Environment.GetEnvironmentVariable(SocketVariable) is { Length: > 0 } s ? s : null;

    /// <summary>
    /// How often the manager expects WATCHDOG=1 at the latest (WATCHDOG_USEC), or null when it does not
    /// watch this process (unset, or WATCHDOG_PID names another process), as sd_watchdog_enabled(3) says.
    /// </summary>
    public static TimeSpan? WatchdogInterval
    {
        get
        {
            if (!ulong.TryParse(Environment.GetEnvironmentVariable("WATCHDOG_USEC"), NumberStyles.None, CultureInfo.InvariantCulture, out ulong usec) || usec == 0)
            {
                return null;
            }

            string? pid = Environment.GetEnvironmentVariable("WATCHDOG_PID");
            if (!string.IsNullOrEmpty(pid) && pid != Environment.ProcessId.ToString(CultureInfo.InvariantCulture))
            {
                return null;
            }

            return TimeSpan.FromTicks((long)Math.Min(usec * 10, (ulong)long.MaxValue));
        }
    }

    /// <summary>CLOCK_MONOTONIC now in microseconds, for MONOTONIC_USEC= (systemd wants it with RELOADING=1).</summary>
    public static ulong MonotonicMicroseconds() => Time.MonotonicMicroseconds();

    /// <summary>
    /// The datagram for the fields, one "KEY=VALUE" per line. Keys are upper-case letters, digits and
    /// underscores; values hold no newline and no NUL. A bad field throws SystemdNotifyInvalidField.
    /// </summary>
    public static string Compose(IEnumerable<KeyValuePair<string, string>> fields)
    {
        var text = new StringBuilder();
        foreach (KeyValuePair<string, string> field in fields)
        {
            string shown = field.Key + "=" + field.Value;
            if (field.Key.Length == 0)
            {
                throw SystemdErrors.InvalidField(shown, "the name before '=' is empty.");
            }

            foreach (char c in field.Key)
            {
                if (!(c is >= 'A' and <= 'Z' or >= '0' and <= '9' or '_'))
                {
                    throw SystemdErrors.InvalidField(shown, "a field name is upper-case letters, digits and underscores only (READY, STATUS, X_MY_FIELD).");
                }
            }

            if (field.Value.IndexOfAny(new[] { '\n', '\r', '\0' }) >= 0)
            {
                throw SystemdErrors.InvalidField(shown, "a value cannot hold a line break or a NUL: each line of the datagram is one field. Send it on one line.");
            }

            text.Append(field.Key).Append('=').Append(field.Value).Append('\n');
        }

        if (text.Length == 0)
        {
            throw SystemdErrors.Empty();
        }

        return text.ToString();
    }

    /// <summary>"KEY=VALUE" as a field; SystemdNotifyInvalidField without '='.</summary>
    public static KeyValuePair<string, string> ParseField(string assignment)
    {
        int eq = assignment.IndexOf('=');
        if (eq < 0)
        {
            throw SystemdErrors.InvalidField(assignment, "a field is written KEY=VALUE, such as STATUS=Working or WATCHDOG=trigger.");
        }

        return new KeyValuePair<string, string>(assignment.Substring(0, eq), assignment.Substring(eq + 1));
    }

    /// <summary>Sends the text as one datagram to the socket NOTIFY_SOCKET names; null, sending nothing, when it is unset.</summary>
    public static SystemdNotification? Notify(string text, TimeSpan? timeout = null, CancellationToken cancellation = default) =>
        SocketName is { } socket ? Send(socket, text, timeout, cancellation) : null;

    /// <summary>
    /// Sends the text as one datagram to the socket (an absolute path, or "@name"). While the manager's
    /// queue is full it waits: without a timeout until it has room or cancellation, else up to the timeout.
    /// </summary>
    public static SystemdNotification Send(string socket, string text, TimeSpan? timeout = null, CancellationToken cancellation = default)
    {
        UnixSocketAddress address = AddressOf(socket);
        byte[] bytes = Encoding.UTF8.GetBytes(text);
        using SafeFileDescriptor fd = Socket.Create(Socket.SOCK_DGRAM, out int errno)
            ?? throw Failed(errno, "socket", socket);
        if (!Socket.Connect(fd, address.Native, address.NativeLength, out errno))
        {
            throw Failed(errno, "connect", socket);
        }

        Deadline deadline = Deadline.After(timeout);
        while (Socket.Send(fd, bytes, out errno) < 0)
        {
            if (errno != Errno.EAGAIN)
            {
                throw Failed(errno, "send", socket);
            }

            // The manager's queue is full: wait for room, in slices so that cancellation ends it.
            cancellation.ThrowIfCancellationRequested();
            int slice = deadline.NextSliceMs();
            if (slice <= 0)
            {
                throw SystemdErrors.Timeout(socket, timeout!.Value.TotalSeconds);
            }

            if (Poll.Wait(fd, Poll.POLLOUT, slice, out errno) < 0)
            {
                throw Failed(errno, "poll", socket);
            }
        }

        return new SystemdNotification(socket, text);
    }

    private static UnixSocketAddress AddressOf(string socket)
    {
        if (socket.StartsWith("vsock", StringComparison.Ordinal))
        {
            throw SystemdErrors.InvalidSocket(socket, "AF_VSOCK addresses (for virtual machines) are not supported, only AF_UNIX sockets.");
        }

        if (socket.Length < 2 || socket[0] is not ('/' or '@'))
        {
            throw SystemdErrors.InvalidSocket(socket, "it is neither an absolute path nor an abstract name ('@name').");
        }

        try
        {
            return socket[0] == '@' ? UnixSocketAddress.FromAbstract(socket.Substring(1)) : UnixSocketAddress.FromPath(socket);
        }
        catch (PosixIpcException e)
        {
            throw SystemdErrors.InvalidSocket(socket, e.Message);
        }
    }

    private static PosixIpcException Failed(int errno, string function, string socket) =>
        IpcErrors.Failed(IpcMechanism.Systemd, ErrorIds.SystemdNotifyFailed, errno, function, socket, $"The notification could not be sent to '{socket}'");
}
