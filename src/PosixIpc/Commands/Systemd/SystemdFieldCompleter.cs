
namespace PosixIpc.Commands;

/// <summary>Tab completion of the assignments sd_notify(3) documents that have no parameter of their own.</summary>
public sealed class SystemdFieldCompleter : ValueCompleter
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

    protected override IEnumerable<(string Value, string Tooltip)> Candidates(string commandName, string word) =>
        Known.Where(k => k.Text.StartsWith(word, StringComparison.OrdinalIgnoreCase)).Select(k => (k.Text, k.Meaning));
}
