using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using PosixIpc.Mqueue;

namespace PosixIpc.Commands;

/// <summary>Tab completion of queue names from /dev/mqueue (nothing where it is not mounted).</summary>
public sealed class MqNameCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        string word = (wordToComplete ?? string.Empty).Trim('\'', '"');
        string full = word.StartsWith('/') ? word : "/" + word;
        IReadOnlyList<string> names;
        try
        {
            names = MessageQueues.Names();
        }
        catch (PosixIpcException)
        {
            return Array.Empty<CompletionResult>();
        }

        return names
            .Where(n => n.StartsWith(full, StringComparison.Ordinal))
            .Select(n => new CompletionResult(n, n, CompletionResultType.ParameterValue, n));
    }
}

/// <summary>Helpers the queue cmdlets share: names matched against the mounted queues.</summary>
internal static class MqCommandHelpers
{
    /// <summary>
    /// The queue names a -Name stands for: itself when it has no wildcard (checked, not looked up),
    /// else the mounted queues it matches.
    /// </summary>
    public static IEnumerable<string> Resolve(string pattern, out bool wildcard)
    {
        wildcard = WildcardPattern.ContainsWildcardCharacters(pattern);
        if (!wildcard)
        {
            return new[] { MqName.Normalize(pattern) };
        }

        var match = new WildcardPattern(pattern.StartsWith('/') ? pattern : "/" + pattern, WildcardOptions.None);
        return MessageQueues.Names().Where(n => match.IsMatch(n)).ToArray();
    }
}
