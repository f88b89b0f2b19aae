using System.Collections.Generic;
using PosixIpc.Mq;

namespace PosixIpc.Commands;

/// <summary>Tab completion of queue names from /dev/mqueue (nothing where it is not mounted).</summary>
public sealed class MqNameCompleter : IpcNameCompleter
{
    protected override IReadOnlyList<string> Names() => MqQueues.Names();
}
