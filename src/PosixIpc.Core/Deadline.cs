using System.Diagnostics;

namespace PosixIpc;

/// <summary>
/// A point in time a wait must end by (or none), handed out in short slices so that a blocked
/// call can look at its cancellation token between slices.
/// </summary>
public readonly struct Deadline
{
    public const int SliceMs = 100;

    private readonly long _endTimestamp;

    private Deadline(long endTimestamp) => _endTimestamp = endTimestamp;

    public static Deadline After(TimeSpan? timeout) =>
        timeout is { } t
            ? new Deadline(Stopwatch.GetTimestamp() + (long)(t.TotalSeconds * Stopwatch.Frequency))
            : new Deadline(long.MaxValue);

    public bool IsInfinite => _endTimestamp == long.MaxValue;

    public bool HasPassed => !IsInfinite && Stopwatch.GetTimestamp() >= _endTimestamp;

    /// <summary>Milliseconds to wait next: a slice, or less when the deadline is nearer.</summary>
    public int NextSliceMs(int sliceMs = SliceMs)
    {
        if (IsInfinite)
        {
            return sliceMs;
        }

        long remaining = _endTimestamp - Stopwatch.GetTimestamp();
        return remaining <= 0 ? 0 : (int)Math.Min(sliceMs, Math.Ceiling(remaining * 1000.0 / Stopwatch.Frequency));
    }
}
