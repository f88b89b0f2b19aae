using System.Diagnostics;

namespace PosixIpc.Commands;

/// <summary>
/// Write-Progress for work that can take seconds, throttled: nothing for work done within FirstAfterMs,
/// then a record at most every 200 ms (not one per item), and a Completed record at the end if any
/// was written.
/// Report and Complete must be called on the pipeline thread (Core's callbacks run on it).
/// </summary>
internal sealed class ProgressThrottle
{
    private const long IntervalMs = 200;

    /// <summary>How long work runs before its first progress record (a test hook sets it to 0).</summary>
    public static long FirstAfterMs { get; internal set; } = 500;

    private readonly Stopwatch _running = Stopwatch.StartNew();
    private readonly Cmdlet _cmdlet;
    private readonly int _activityId;
    private readonly string _activity;
    private readonly Stopwatch _clock = new();
    private bool _written;

    public ProgressThrottle(Cmdlet cmdlet, int activityId, string activity)
    {
        _cmdlet = cmdlet;
        _activityId = activityId;
        _activity = activity;
    }

    /// <summary>
    /// Whether Report would write a record now. A loop that reports per item asks first, so that it
    /// builds the status text only when it is shown (formatting it per item cost more than the item).
    /// </summary>
    public bool Due => _running.ElapsedMilliseconds >= FirstAfterMs && !(_written && _clock.ElapsedMilliseconds < IntervalMs);

    /// <summary>done of total (total 0 or less: unknown); status says what is being done.</summary>
    public void Report(long done, long total, string status)
    {
        if (!Due)
        {
            return;
        }

        _clock.Restart();
        _written = true;
        // A new record each time: the host (or a Streams.Progress collection) may keep the last one.
        _cmdlet.WriteProgress(new ProgressRecord(_activityId, _activity, status)
        {
            PercentComplete = total > 0 ? (int)Math.Clamp(done * 100 / total, 0, 100) : -1,
        });
    }

    public void Complete()
    {
        if (!_written)
        {
            return;
        }

        _written = false;
        _cmdlet.WriteProgress(new ProgressRecord(_activityId, _activity, "Done")
        {
            RecordType = ProgressRecordType.Completed,
            PercentComplete = 100,
        });
    }
}
