using System.Collections.Generic;
using PosixIpc.Mqueue;

namespace PosixIpc.Commands;

/// <summary>Tab completion of queue names from /dev/mqueue (nothing where it is not mounted).</summary>
public sealed class MqNameCompleter : IpcNameCompleter
{
    protected override IReadOnlyList<string> Names() => MessageQueues.Names();
}

/// <summary>Helpers the queue cmdlets share: names matched against the mounted queues.</summary>
internal static class MqCommandHelpers
{
    public static IEnumerable<string> Resolve(string pattern, out bool wildcard) =>
        IpcNamePattern.Resolve(pattern, IpcNameKind.MessageQueue, MessageQueues.Names, out wildcard);
}
