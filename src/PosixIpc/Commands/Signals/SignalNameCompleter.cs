using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using PosixIpc.Signals;

namespace PosixIpc.Commands;

/// <summary>Tab completion of signal names: USR1, HUP, RTMIN+2 ... (with SIG when the word starts with it).</summary>
public sealed class SignalNameCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        string word = (wordToComplete ?? string.Empty).Trim('\'', '"');
        bool prefixed = word.StartsWith("SIG", StringComparison.OrdinalIgnoreCase);
        string bare = prefixed ? word[3..] : word;
        return SignalTable.Signals
            .Where(s => s.ShortName.StartsWith(bare, StringComparison.OrdinalIgnoreCase)
                || s.Number.ToString(System.Globalization.CultureInfo.InvariantCulture) == bare)
            .Select(s =>
            {
                string text = prefixed ? s.Name : s.ShortName;
                return new CompletionResult(text, text, CompletionResultType.ParameterValue, $"{s.Name} ({s.Number}): {s.Description}");
            });
    }
}
