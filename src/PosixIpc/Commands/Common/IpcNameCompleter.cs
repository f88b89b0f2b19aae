using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace PosixIpc.Commands;

/// <summary>
/// Tab completion of queue, segment and semaphore names, the kind chosen by the cmdlet's noun;
/// nothing when the listing fails (a queue listing needs /dev/mqueue mounted).
/// </summary>
public sealed class IpcNameCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        string word = (wordToComplete ?? string.Empty).Trim('\'', '"');
        string full = word.StartsWith('/') ? word : "/" + word;
        IReadOnlyList<string> names;
        try
        {
            names = NamedKind.ForCommand(commandName ?? string.Empty)?.Names() ?? Array.Empty<string>();
        }
        catch (Exception e) when (e is PosixIpcException or IOException or UnauthorizedAccessException)
        {
            return Array.Empty<CompletionResult>();
        }

        return names
            .Where(n => n.StartsWith(full, StringComparison.Ordinal))
            .Select(n => new CompletionResult(n, n, CompletionResultType.ParameterValue, n));
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

        var match = new WildcardPattern(pattern.StartsWith('/') ? pattern : "/" + pattern, WildcardOptions.None);
        return list().Where(n => match.IsMatch(n)).ToArray();
    }
}
