using System.Collections;
using System.Management.Automation.Language;

namespace PosixIpc.Commands;

/// <summary>
/// What every completer of the module shares: the word without its quotes, the candidates a
/// completer lists for it (nothing when the listing fails), each quoted when PowerShell needs it.
/// </summary>
public abstract class ValueCompleter : IArgumentCompleter
{
    /// <summary>The values that complete the word (already stripped of quotes), each with its tooltip.</summary>
    protected abstract IEnumerable<(string Value, string Tooltip)> Candidates(string commandName, string word);

    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        string word = (wordToComplete ?? string.Empty).Trim('\'', '"');
        try
        {
            return Candidates(commandName ?? string.Empty, word)
                .Select(c => new CompletionResult(Quote(c.Value), c.Value, CompletionResultType.ParameterValue, c.Tooltip))
                .ToArray();
        }
        catch (Exception e) when (e is PosixIpcException or IOException or UnauthorizedAccessException)
        {
            return Array.Empty<CompletionResult>();
        }
    }

    /// <summary>The value as PowerShell takes it: single-quoted when it holds a character the parser would read.</summary>
    public static string Quote(string value) =>
        value.Any(c => char.IsWhiteSpace(c) || "'\"$`;,(){}[]|&<>@#".Contains(c))
            ? "'" + value.Replace("'", "''") + "'"
            : value;
}
