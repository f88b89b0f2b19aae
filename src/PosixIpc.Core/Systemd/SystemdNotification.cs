namespace PosixIpc.Systemd;

/// <summary>A notification sent to the service manager: where it went and the text of the datagram.</summary>
public sealed class SystemdNotification
{
    internal SystemdNotification(string socket, string text)
    {
        Socket = socket;
        Text = text;
    }

    /// <summary>The socket it was sent to, as NOTIFY_SOCKET names it: a path, or "@name" for an abstract name.</summary>
    public string Socket { get; }

    /// <summary>The datagram: one KEY=VALUE assignment per line.</summary>
    public string Text { get; }

    /// <summary>The assignments, one per line of Text.</summary>
    public string[] Fields => Text.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>The sender, this process: the pid the kernel passes to the manager with the datagram.</summary>
    public int ProcessId { get; } = Environment.ProcessId;

    /// <summary>When it was sent (local time).</summary>
    public DateTime SentAt { get; } = DateTime.Now;

    public override string ToString() => Text.Replace('\n', ' ');
}
