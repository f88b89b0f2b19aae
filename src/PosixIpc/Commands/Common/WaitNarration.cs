using System.Globalization;

namespace PosixIpc.Commands;

/// <summary>
/// What -Verbose says when a command starts to wait: Core reports what it waits for through an
/// Action&lt;string&gt; (called once per wait, on the pipeline thread), and this writes it with the timeout.
/// </summary>
internal static class WaitNarration
{
    public static Action<string> For(Cmdlet cmdlet, TimeSpan? timeout) => what => cmdlet.WriteVerbose(Sentence(what, timeout));

    public static string Sentence(string what, TimeSpan? timeout) =>
        $"Waiting {what}, " +
        (timeout is { } t ? string.Format(CultureInfo.InvariantCulture, "for up to {0:0.###} s.", t.TotalSeconds) : "for as long as it takes (Ctrl+C stops).");
}
