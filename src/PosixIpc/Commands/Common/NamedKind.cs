using PosixIpc.Mq;
using PosixIpc.Semaphores;
using PosixIpc.SharedMemory;

namespace PosixIpc.Commands;

/// <summary>
/// What the cmdlets of one "/name" kind (queues, segments, semaphores) do alike: list the names, get
/// one as an object, remove one.
/// </summary>
internal sealed record NamedKind(
    IpcNameKind Kind,
    Func<IReadOnlyList<string>> Names,
    Func<string, object> Get,
    Action<string> Remove)
{
    public static readonly NamedKind Queue = new(IpcNameKind.MqQueue, MqQueues.Names, MqQueue.Get, MqQueue.Remove);

    public static readonly NamedKind Segment = new(IpcNameKind.SharedMemory, SharedMemorySegment.Names, SharedMemorySegment.Get, SharedMemorySegment.Unlink);

    public static readonly NamedKind Semaphore = new(IpcNameKind.Semaphore, IpcSemaphore.Names, IpcSemaphore.Get, IpcSemaphore.Unlink);

    /// <summary>What users call it: "message queue", "shared memory segment", "semaphore".</summary>
    public string Noun => IpcName.Noun(Kind);

    /// <summary>The kind a cmdlet's noun names (MqQueue, MqMessage: queues; SharedMemory: segments; IpcSemaphore: semaphores).</summary>
    public static NamedKind? ForCommand(string commandName)
    {
        string noun = commandName[(commandName.IndexOf('-') + 1)..];
        return noun.StartsWith("Mq", StringComparison.OrdinalIgnoreCase) ? Queue
            : noun.StartsWith("SharedMemory", StringComparison.OrdinalIgnoreCase) ? Segment
            : noun.StartsWith("IpcSemaphore", StringComparison.OrdinalIgnoreCase) ? Semaphore
            : null;
    }
}
