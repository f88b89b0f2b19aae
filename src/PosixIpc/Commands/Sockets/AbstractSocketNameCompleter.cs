using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using PosixIpc.Sockets;

namespace PosixIpc.Commands;

/// <summary>Tab completion of the abstract socket names bound on the host (from /proc/net/unix).</summary>
public sealed class AbstractSocketNameCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        string word = (wordToComplete ?? string.Empty).Trim('\'', '"').TrimStart('@');
        IReadOnlyList<UnixSocketInfo> sockets;
        try
        {
            sockets = UnixSockets.List();
        }
        catch (IOException)
        {
            return Array.Empty<CompletionResult>();
        }

        return sockets
            .Where(s => s.Name != null && s.Name.Length > 0 && s.Name.StartsWith(word, StringComparison.Ordinal))
            .Select(s => s.Name!)
            .Distinct()
            .OrderBy(n => n, StringComparer.Ordinal)
            .Select(n => new CompletionResult(CodeGeneration.QuoteArgument(n), n, CompletionResultType.ParameterValue, "@" + n));
    }
}

internal static class CodeGeneration
{
    public static string QuoteArgument(string value) =>
        value.Any(c => char.IsWhiteSpace(c) || "'\"$`;,(){}[]|&<>@#".Contains(c))
            ? "'" + value.Replace("'", "''") + "'"
            : value;
}
