using PosixIpc.Sockets;

namespace PosixIpc.Commands;

/// <summary>Tab completion of the abstract socket names bound on the host.</summary>
public sealed class AbstractSocketNameCompleter : ValueCompleter
{
    protected override IEnumerable<(string Value, string Tooltip)> Candidates(string commandName, string word)
    {
        string bare = word.TrimStart('@');
        return UnixSockets.List(out _)
            .Where(s => s.Name != null && s.Name.Length > 0 && s.Name.StartsWith(bare, StringComparison.Ordinal))
            .Select(s => s.Name!)
            .Distinct()
            .OrderBy(n => n, StringComparer.Ordinal)
            .Select(n => (n, "@" + n));
    }
}
