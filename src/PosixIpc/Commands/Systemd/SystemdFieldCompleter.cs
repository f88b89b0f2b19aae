using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace PosixIpc.Commands;

/// <summary>Tab completion of the assignments sd_notify(3) documents that have no parameter of their own.</summary>
public sealed class SystemdFieldCompleter : IArgumentCompleter
{
    private static readonly (string Text, string Meaning)[] Known =
    {
        ("WATCHDOG=trigger", "the watchdog fires now: the manager acts as on a missed ping"),
        ("WATCHDOG_USEC=", "a new watchdog interval in microseconds"),
        ("EXIT_STATUS=", "the exit status the service will end with"),
        ("BUSERROR=", "a D-Bus error name the service failed with"),
        ("VARLINKERROR=", "a Varlink error name the service failed with"),
        ("NOTIFYACCESS=", "changes NotifyAccess= (none, main, exec, all)"),
        ("FDSTOREREMOVE=1", "removes the stored descriptors named by FDNAME="),
        ("FDNAME=", "the name of stored descriptors"),
        ("MONOTONIC_USEC=", "the CLOCK_MONOTONIC time of the message, in microseconds"),
        ("BARRIER=1", "a barrier (needs a descriptor; not useful from here)"),
        ("X_", "a field of your own: X_ and upper-case letters, digits, underscores"),
    };

    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        string word = (wordToComplete ?? string.Empty).Trim('\'', '"');
        return Known
            .Where(k => k.Text.StartsWith(word, StringComparison.OrdinalIgnoreCase))
            .Select(k => new CompletionResult(k.Text, k.Text, CompletionResultType.ParameterValue, k.Meaning));
    }
}
