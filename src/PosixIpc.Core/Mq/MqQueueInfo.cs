using PosixIpc.Interop;

namespace PosixIpc.Mq;

/// <summary>A POSIX message queue and its attributes (mq_getattr), with its mode and owner.</summary>
public sealed class MqQueueInfo : OwnedObject
{
    internal MqQueueInfo(string name, MqAttr? attr, FileStatus? status)
    {
        Name = name;
        NameBytes = IpcName.BytesOf(name);
        if (attr is { } a)
        {
            MaxMessages = a.MaxMessages;
            MessageSize = a.MessageSize;
            CurrentMessages = a.CurrentMessages;
        }

        Ownership = PosixIpc.Ownership.Of(status);
    }

    /// <summary>The queue's name, "/name", in escaped text (\\xNN for a byte that is not UTF-8 or a control character, \\\\ for a backslash).</summary>
    public string Name { get; }

    /// <summary>The name's bytes after the slash, exactly as the kernel keeps them.</summary>
    public byte[] NameBytes { get; }

    /// <summary>How many messages the queue holds at most (mq_maxmsg); null when it could not be opened.</summary>
    public long? MaxMessages { get; }

    /// <summary>The largest message in bytes (mq_msgsize); null when it could not be opened.</summary>
    public long? MessageSize { get; }

    /// <summary>How many messages wait in the queue now (mq_curmsgs); null when it could not be opened.</summary>
    public long? CurrentMessages { get; }

    public override string ToString() => Name;
}
