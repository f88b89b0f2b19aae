using PosixIpc.Inventory;

namespace PosixIpc.Commands;

/// <summary>
/// Tab completion of Get-IpcObject -Name: the names of the host's queues, segments, semaphores,
/// System V keys and sockets (FIFOs and file locks need a -Path or a scan, so they are not offered).
/// </summary>
public sealed class IpcObjectNameCompleter : ValueCompleter
{
    private static readonly IpcObjectKind[] Kinds = IpcInventory.AllKinds
        .Where(k => k is not (IpcObjectKind.Fifo or IpcObjectKind.FileLock))
        .ToArray();

    protected override IEnumerable<(string Value, string Tooltip)> Candidates(string commandName, string word) =>
        IpcInventory.List(Kinds, null, recurse: false, out _)
            .Where(o => o.Name.StartsWith(word, StringComparison.Ordinal)
                || (!word.StartsWith('/') && o.Name.StartsWith("/" + word, StringComparison.Ordinal)))
            .GroupBy(o => o.Name, StringComparer.Ordinal)
            .Select(g => (g.Key, $"{g.First().Kind} {g.Key}"));
}
