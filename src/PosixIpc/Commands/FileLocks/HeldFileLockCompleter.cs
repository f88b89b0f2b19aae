using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using PosixIpc.FileLocks;

namespace PosixIpc.Commands;

/// <summary>Tab completion of the paths of the file locks this process holds.</summary>
public sealed class HeldFileLockCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        string word = (wordToComplete ?? string.Empty).Trim('\'', '"');
        return FileLock.Held()
            .Select(l => l.Path)
            .Distinct(StringComparer.Ordinal)
            .Where(p => p.StartsWith(word, StringComparison.Ordinal) || System.IO.Path.GetFileName(p).StartsWith(word, StringComparison.Ordinal))
            .Select(p => new CompletionResult(CompletionText(p), p, CompletionResultType.ParameterValue, p));
    }

    private static string CompletionText(string path) => path.IndexOfAny(new[] { ' ', '\'', '$', '`', '(', ')', '{', '}', '[', ']', ';', ',' }) >= 0
        ? "'" + path.Replace("'", "''") + "'"
        : path;
}
