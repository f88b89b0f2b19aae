using System.Buffers.Text;
using PosixIpc.Interop;
using PosixIpc.Mq;

namespace PosixIpc.Inventory;

/// <summary>POSIX message queues: the files of the mqueue file system, each with its message count (mq_getattr) and bytes waiting (QSIZE).</summary>
internal sealed class MqQueueSource() : InventorySource(IpcObjectKind.MessageQueue)
{
    public override void List(InventoryQuery query, List<IpcObject> result)
    {
        if (!MqQueues.IsMounted())
        {
            query.Warnings.Add(InventoryErrors.MqueueNotMountedMessage(MqQueues.MountPoint));
            return;
        }

        foreach (byte[] file in IpcPaths.FileNames(MqQueues.MountPoint))
        {
            string name = IpcName.FromFile(file);
            string path = IpcName.FileIn(MqQueues.MountPoint, name);
            if (!Stat.TryStat(path, followLinks: false, out FileStatus st, out _))
            {
                continue; // Removed meanwhile.
            }

            result.Add(new IpcObject(IpcObjectKind.MessageQueue, name)
            {
                Path = path,
                Ownership = Ownership.Of(st),
                Size = ReadQueueBytes(path),
                Messages = ReadMessageCount(name),
                FileInode = st.Inode,
                Held = HolderKey.ForFile(st, mapped: false),
            });
        }
    }

    public override void Remove(in RemoveRequest request)
    {
        string full = PosixName(request.Name, IpcNameKind.MqQueue, request.Target);
        CheckUnchanged(request.Listed, IpcName.FileIn(MqQueues.MountPoint, full), request.Target);
        Check(Interop.Mqueue.Unlink(full, out int errno), errno, "mq_unlink", request.Target);
    }

    /// <summary>The messages waiting (mq_getattr), or null when the queue cannot be opened to ask.</summary>
    private static long? ReadMessageCount(string name)
    {
        using SafeFileDescriptor? mqd = Interop.Mqueue.Open(name, Fcntl.O_RDONLY, 0, null, out _)
            ?? Interop.Mqueue.Open(name, Fcntl.O_WRONLY, 0, null, out _);
        return mqd != null && Interop.Mqueue.GetAttr(mqd, out MqAttr attr, out _) ? attr.CurrentMessages : null;
    }

    /// <summary>The QSIZE field of a queue's file in the mqueue file system ("QSIZE:6 NOTIFY:0 ..."): the bytes of the messages waiting.</summary>
    private static long? ReadQueueBytes(string path)
    {
        using SafeFileDescriptor? fd = Fcntl.Open(path, Fcntl.O_RDONLY, out _);
        Span<byte> text = stackalloc byte[128];
        int n = fd == null ? -1 : Unistd.Read(fd, text, out _);
        if (n <= 6 || !text.StartsWith("QSIZE:"u8))
        {
            return null;
        }

        ReadOnlySpan<byte> number = text.Slice(6, n - 6).TrimStart((byte)' ');
        return Utf8Parser.TryParse(number, out long bytes, out _) ? bytes : null;
    }
}
