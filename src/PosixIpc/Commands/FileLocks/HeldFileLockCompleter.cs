using PosixIpc.FileLocks;

namespace PosixIpc.Commands;

/// <summary>Tab completion of the paths of the file locks this process holds.</summary>
public sealed class HeldFileLockCompleter : ValueCompleter
{
    protected override IEnumerable<(string Value, string Tooltip)> Candidates(string commandName, string word) =>
        FileLock.Held()
            .Select(l => l.Path)
            .Distinct(StringComparer.Ordinal)
            .Where(p => p.StartsWith(word, StringComparison.Ordinal) || System.IO.Path.GetFileName(p).StartsWith(word, StringComparison.Ordinal))
            .Select(p => (p, p));
}
