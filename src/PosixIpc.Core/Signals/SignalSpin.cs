using System.Diagnostics;

namespace PosixIpc.Signals;

/// <summary>
/// How long the reader polls without sleeping before it sleeps in poll: while signals come in quick
/// succession (the last one less than RecentMicroseconds ago), up to SpinMicroseconds, as .NET's
/// ManualResetEventSlim spins before it blocks. A thread asleep in poll needs a wake-up (on a VM an idle
/// CPU's exit from halt, tens of microseconds), and meanwhile pwsh's main thread, woken for the handler,
/// may take the signal first; a thread still polling takes it off the signalfd at once. A waiter that
/// has had no signal for a while never spins, so an idle Wait-IpcSignal costs no CPU.
/// </summary>
internal static class SignalSpin
{
    private const int SpinMicroseconds = 50;
    private const int RecentMicroseconds = 1000;

    private static readonly long SpinTicks = Stopwatch.Frequency * SpinMicroseconds / 1_000_000;
    private static readonly long RecentTicks = Stopwatch.Frequency * RecentMicroseconds / 1_000_000;
    private static long _lastRecord = long.MinValue / 2;

    /// <summary>Notes that records were just read.</summary>
    public static void RecordsRead() => Volatile.Write(ref _lastRecord, Stopwatch.GetTimestamp());

    /// <summary>The Stopwatch timestamp to poll without sleeping until, or 0 when this wait should sleep at once.</summary>
    public static long Until(int timeoutMs)
    {
        long now = Stopwatch.GetTimestamp();
        return timeoutMs > 0 && now - Volatile.Read(ref _lastRecord) < RecentTicks ? now + SpinTicks : 0;
    }

    public static bool IsOver(long until) => Stopwatch.GetTimestamp() >= until;
}
