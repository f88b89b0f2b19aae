
namespace PosixIpc.Commands;

/// <summary>
/// Tab completion of queue, segment and semaphore names, the kind chosen by the cmdlet's noun;
/// nothing when the listing fails (a queue listing needs /dev/mqueue mounted).
/// </summary>
public sealed class IpcNameCompleter : ValueCompleter
{
    protected override IEnumerable<(string Value, string Tooltip)> Candidates(string commandName, string word)
    {
        string full = word.StartsWith('/') ? word : "/" + word;
        return (NamedKind.ForCommand(commandName)?.Names() ?? Array.Empty<string>())
            .Where(n => n.StartsWith(full, StringComparison.Ordinal))
            .Select(n => (n, n));
    }
}

/// <summary>What a -Name stands for: itself when it has no wildcard (checked, not looked up), else the listed names it matches.</summary>
internal static class IpcNamePattern
{
    public static IEnumerable<string> Resolve(string pattern, IpcNameKind kind, Func<IReadOnlyList<string>> list, out bool wildcard)
    {
        wildcard = WildcardPattern.ContainsWildcardCharacters(pattern);
        if (!wildcard)
        {
            return new[] { IpcName.Normalize(pattern, kind) };
        }

        var match = new WildcardPattern(PosixIpc.Text.ByteName.CanonicalEscapes(pattern.StartsWith('/') ? pattern : "/" + pattern), WildcardOptions.None);
        return list().Where(n => match.IsMatch(n)).ToArray();
    }
}
