using System.Globalization;
using PosixIpc.Interop;

namespace PosixIpc.Mq;

/// <summary>Which ways a queue is opened.</summary>
[Flags]
public enum MqAccess
{
    Receive = 1,
    Send = 2,
    Both = Receive | Send,
}

/// <summary>
/// An open POSIX message queue (mq_open). Sends and receives wait in short slices, so cancellation
/// ends them promptly; a timeout ends in MqSendTimeout or MqReceiveTimeout.
/// </summary>
public sealed class MqQueue : IDisposable
{
    private readonly SafeFileDescriptor _mqd;

    private MqQueue(string name, SafeFileDescriptor mqd, MqAttr attr, bool canSend)
    {
        Name = name;
        _mqd = mqd;
        MaxMessages = attr.MaxMessages;
        MessageSize = attr.MessageSize;
        CanGiveBack = canSend;
    }

    /// <summary>Whether a message taken and not delivered can be put back (the queue is open for writing too).</summary>
    public bool CanGiveBack { get; }

    public string Name { get; }

    public long MaxMessages { get; }

    public long MessageSize { get; }

    /// <summary>
    /// Opens an existing queue by name ("/name", or a bare name). A receiver opens it for writing
    /// too when it may, so that a message it took and could not deliver goes back (GiveBack).
    /// </summary>
    public static MqQueue Open(string name, MqAccess access)
    {
        string full = IpcName.Normalize(name, IpcNameKind.MqQueue);
        int flags = access switch
        {
            MqAccess.Send => Fcntl.O_WRONLY,
            MqAccess.Receive => Fcntl.O_RDWR,
            _ => Fcntl.O_RDWR,
        };
        SafeFileDescriptor? mqd = Interop.Mqueue.Open(full, flags, 0, null, out int errno);
        if (mqd == null && access == MqAccess.Receive && errno is Errno.EACCES or Errno.EPERM)
        {
            flags = Fcntl.O_RDONLY;
            mqd = Interop.Mqueue.Open(full, flags, 0, null, out errno);
        }

        if (mqd == null)
        {
            throw IpcErrors.Failed(IpcMechanism.Mq, ErrorIds.MqOpenFailed, errno, "mq_open", full, $"Cannot open the message queue '{full}'");
        }

        return FromDescriptor(full, mqd, flags != Fcntl.O_RDONLY);
    }

    private static MqQueue FromDescriptor(string full, SafeFileDescriptor mqd, bool canSend)
    {
        if (!Interop.Mqueue.GetAttr(mqd, out MqAttr attr, out int errno))
        {
            mqd.Dispose();
            throw IpcErrors.Failed(IpcMechanism.Mq, ErrorIds.MqOpenFailed, errno, "mq_getattr", full, $"Cannot read the attributes of the message queue '{full}'");
        }

        return new MqQueue(full, mqd, attr, canSend);
    }

    /// <summary>
    /// Puts a message that was taken and not delivered back into the queue, at its priority (behind
    /// the messages of that priority waiting now). Waits up to wait for room, without cancellation:
    /// it runs while a command is being stopped. Returns null when the message is back, else the
    /// error that says why not, which carries the message (Unsent) for the caller to report.
    /// </summary>
    public PosixIpcException? GiveBack(MqMessage message, TimeSpan wait)
    {
        if (!CanGiveBack)
        {
            return MqErrors.NotGivenBack(Name, message, Errno.EACCES);
        }

        Deadline deadline = Deadline.After(wait);
        while (true)
        {
            if (Interop.Mqueue.TimedSend(_mqd, message.Body, message.Priority, deadline.NextSliceMs(), out int errno))
            {
                return null;
            }

            if (errno is Errno.ETIMEDOUT or Errno.EAGAIN or Errno.EINTR && !deadline.HasPassed)
            {
                continue;
            }

            return MqErrors.NotGivenBack(Name, message, errno);
        }
    }

    /// <summary>
    /// Creates a queue. maxMessages and messageSize of 0 take the system defaults; values over the
    /// limits in /proc/sys/fs/mqueue are refused before any system call. With reuse, an existing queue
    /// is opened as it is.
    /// </summary>
    public static MqQueueInfo Create(string name, long maxMessages, long messageSize, UnixFileMode mode, bool reuse)
    {
        string full = IpcName.Normalize(name, IpcNameKind.MqQueue);
        CheckLimit(full, "MaxMessages", maxMessages, "msg_max");
        CheckLimit(full, "MessageSize", messageSize, "msgsize_max");
        MqAttr? attr = null;
        if (maxMessages > 0 || messageSize > 0)
        {
            attr = new MqAttr
            {
                MaxMessages = maxMessages > 0 ? maxMessages : ReadLimit("msg_default") ?? 10,
                MessageSize = messageSize > 0 ? messageSize : ReadLimit("msgsize_default") ?? 8192,
            };
        }

        SafeFileDescriptor? mqd = Interop.Mqueue.Open(full, Fcntl.O_RDWR | Interop.Mqueue.O_CREAT | Interop.Mqueue.O_EXCL, (uint)mode, attr, out int errno);
        bool created = mqd != null;
        if (mqd == null && errno == Errno.EEXIST)
        {
            if (!reuse)
            {
                throw MqErrors.Exists(full);
            }

            mqd = Interop.Mqueue.Open(full, Fcntl.O_RDONLY, 0, null, out errno);
        }

        if (mqd == null)
        {
            throw errno == Errno.EINVAL
                ? PosixIpcException.FromErrno(ErrorIds.MqLimitExceeded, errno, "mq_open", full, $"Cannot create the message queue '{full}'",
                    "The system refused the sizes: give MaxMessages and MessageSize of at least 1 and within /proc/sys/fs/mqueue (msg_max, msgsize_max).")
                : IpcErrors.Failed(IpcMechanism.Mq, ErrorIds.MqOpenFailed, errno, "mq_open", full, $"Cannot create the message queue '{full}'");
        }

        using (mqd)
        {
            if (!created && Stat.TryFStat(mqd, out FileStatus existing, out _))
            {
                ForeignOwner.Check(ErrorIds.MqForeignOwner, "message queue", full, existing.Uid, "Remove-MqQueue");
            }

            // The process umask takes bits away at creation; the mode asked for is set exactly.
            if (created && !Stat.FChmod(mqd, (uint)mode, out errno))
            {
                Interop.Mqueue.Unlink(full, out _);
                throw IpcErrors.Failed(IpcMechanism.Mq, ErrorIds.MqCreateFailed, errno, "fchmod", full,
                    $"The mode of the new message queue '{full}' could not be set, so it was removed again");
            }

            return Describe(full, mqd);
        }
    }

    /// <summary>The queue's attributes, mode and owner; the queue must exist.</summary>
    public static MqQueueInfo Get(string name)
    {
        string full = IpcName.Normalize(name, IpcNameKind.MqQueue);
        SafeFileDescriptor? mqd = Interop.Mqueue.Open(full, Fcntl.O_RDONLY, 0, null, out int errno)
            ?? Interop.Mqueue.Open(full, Fcntl.O_WRONLY, 0, null, out _);
        if (mqd == null)
        {
            if (errno is Errno.EACCES or Errno.EPERM && Stat.TryStat(IpcName.FileIn(MqQueues.MountPoint, full), false, out FileStatus st, out _))
            {
                return new MqQueueInfo(full, null, st);
            }

            throw IpcErrors.Failed(IpcMechanism.Mq, ErrorIds.MqOpenFailed, errno, "mq_open", full, $"Cannot open the message queue '{full}'");
        }

        using (mqd)
        {
            return Describe(full, mqd);
        }
    }

    private static MqQueueInfo Describe(string full, SafeFileDescriptor mqd)
    {
        MqAttr? attr = Interop.Mqueue.GetAttr(mqd, out MqAttr a, out _) ? a : null;
        FileStatus? status = Stat.TryFStat(mqd, out FileStatus st, out _) ? st : null;
        return new MqQueueInfo(full, attr, status);
    }

    /// <summary>mq_unlink: the name goes at once; the queue lives on until the last descriptor closes.</summary>
    public static void Remove(string name)
    {
        string full = IpcName.Normalize(name, IpcNameKind.MqQueue);
        if (!Interop.Mqueue.Unlink(full, out int errno))
        {
            throw IpcErrors.Failed(IpcMechanism.Mq, ErrorIds.MqRemoveFailed, errno, "mq_unlink", full, $"Cannot remove the message queue '{full}'");
        }
    }

    /// <summary>Takes every message waiting in the queue without waiting; returns how many.</summary>
    public int Clear()
    {
        byte[] buffer = new byte[MessageSize];
        int count = 0;
        while (Interop.Mqueue.TimedReceive(_mqd, buffer, 0, out _, out int errno) >= 0 || errno == Errno.EINTR)
        {
            count++;
        }

        return count;
    }

    /// <summary>Messages waiting now.</summary>
    public long CurrentMessages => Interop.Mqueue.GetAttr(_mqd, out MqAttr a, out _) ? a.CurrentMessages : 0;

    /// <summary>
    /// Sends one message. noWait fails at once with MqFull when the queue is full; otherwise it waits
    /// until the deadline (MqSendTimeout) or cancellation. unsent is what the errors carry. waitingForRoom
    /// is called, on this thread, when the queue is found full and the send starts to wait.
    /// </summary>
    public void Send(ReadOnlySpan<byte> message, uint priority, bool noWait, Deadline deadline, TimeSpan? timeout,
        CancellationToken cancellation, object? unsent = null, bool serialized = false, Action? waitingForRoom = null)
    {
        if (message.Length > MessageSize)
        {
            throw MqErrors.TooLarge(Name, message.Length, MessageSize, serialized, unsent);
        }

        // The first try does not wait (nor read a clock): most sends find room. Then timed slices.
        int wait = 0;
        while (true)
        {
            if (Interop.Mqueue.TimedSend(_mqd, message, priority, wait, out int errno))
            {
                return;
            }

            if (errno == Errno.ETIMEDOUT || errno == Errno.EAGAIN)
            {
                if (noWait)
                {
                    throw MqErrors.Full(Name, unsent);
                }

                cancellation.ThrowIfCancellationRequested();
                if (deadline.HasPassed)
                {
                    throw MqErrors.SendTimeout(Name, timeout?.TotalSeconds ?? 0, unsent);
                }

                waitingForRoom?.Invoke();
                waitingForRoom = null;
                wait = deadline.NextSliceMs();
                continue;
            }

            if (errno == Errno.EMSGSIZE)
            {
                throw MqErrors.TooLarge(Name, message.Length, MessageSize, serialized, unsent);
            }

            throw IpcErrors.Failed(IpcMechanism.Mq, ErrorIds.MqSendFailed, errno, "mq_timedsend", Name, $"Cannot send to the message queue '{Name}'");
        }
    }

    /// <summary>
    /// Receives the oldest message of the highest priority into buffer (at least MessageSize bytes);
    /// returns its length. Waits as Send does; noWait fails at once with MqEmpty.
    /// </summary>
    public int Receive(Span<byte> buffer, out uint priority, bool noWait, Deadline deadline, TimeSpan? timeout,
        CancellationToken cancellation, int receivedBefore = 0, int sliceMs = Deadline.SliceMs)
    {
        // As Send: a first try that does not wait, then timed slices.
        int wait = 0;
        while (true)
        {
            int n = Interop.Mqueue.TimedReceive(_mqd, buffer, wait, out priority, out int errno);
            if (n >= 0)
            {
                return n;
            }

            if (errno == Errno.ETIMEDOUT || errno == Errno.EAGAIN)
            {
                if (noWait)
                {
                    throw MqErrors.Empty(Name);
                }

                cancellation.ThrowIfCancellationRequested();
                if (deadline.HasPassed)
                {
                    throw MqErrors.ReceiveTimeout(Name, timeout?.TotalSeconds ?? 0, receivedBefore);
                }

                wait = deadline.NextSliceMs(sliceMs);
                continue;
            }

            throw IpcErrors.Failed(IpcMechanism.Mq, ErrorIds.MqReceiveFailed, errno, "mq_timedreceive", Name, $"Cannot receive from the message queue '{Name}'");
        }
    }

    private static void CheckLimit(string name, string what, long value, string sysctl)
    {
        if (value < 0)
        {
            throw new PosixIpcException(ErrorIds.MqLimitExceeded, Errno.EINVAL, null, name, $"{what} {value} is negative; give at least 1.");
        }

        if (value > 0 && ReadLimit(sysctl) is { } limit && value > limit)
        {
            throw MqErrors.LimitExceeded(name, what, value, limit, sysctl);
        }
    }

    internal static long? ReadLimit(string sysctl)
    {
        try
        {
            return long.Parse(File.ReadAllText("/proc/sys/fs/mqueue/" + sysctl).Trim(), CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            return null;
        }
    }

    public void Dispose() => _mqd.Dispose();
}

/// <summary>The queues of the system, as the mqueue file system shows them.</summary>
public static class MqQueues
{
    /// <summary>Where the mqueue file system is looked for; /dev/mqueue unless a test or an unusual system says otherwise.</summary>
    public static string MountPoint { get; internal set; } = "/dev/mqueue";

    /// <summary>Whether an mqueue file system is mounted at MountPoint (per /proc/self/mounts).</summary>
    public static bool IsMounted()
    {
        try
        {
            foreach (string line in File.ReadLines("/proc/self/mounts"))
            {
                string[] f = line.Split(' ');
                if (f.Length > 2 && f[2] == "mqueue" && f[1] == MountPoint.TrimEnd('/'))
                {
                    return true;
                }
            }
        }
        catch (IOException)
        {
        }

        return false;
    }

    /// <summary>The names of all queues, "/name", sorted; MqNotMounted when the file system is not mounted.</summary>
    public static IReadOnlyList<string> Names()
    {
        if (!IsMounted())
        {
            throw MqErrors.NotMounted(MountPoint);
        }

        var names = new List<string>();
        foreach (byte[] file in IpcPaths.FileNames(MountPoint))
        {
            names.Add(IpcName.FromFile(file));
        }

        names.Sort(StringComparer.Ordinal);
        return names;
    }
}
