using System.Globalization;
using System.Runtime.InteropServices;

namespace PosixIpc.Signals;

/// <summary>
/// When a process started, from field 22 of /proc/PID/stat (clock ticks after boot), as a local time
/// computed the way .NET's Process.StartTime computes it, so the two can be compared to tell a process
/// from a later one that got the same pid.
/// </summary>
internal static partial class ProcessStartTime
{
    /// <summary>How far the two computations may differ for one process (the tick is 10 ms; the clocks are read at different moments).</summary>
    public static readonly TimeSpan Tolerance = TimeSpan.FromMilliseconds(200);

    private const int ScClkTck = 2;

    [LibraryImport("libc", EntryPoint = "sysconf")]
    private static partial long Sysconf(int name);

    private static readonly long TicksPerSecond = Math.Max(Sysconf(ScClkTck), 1);

    /// <summary>The start time of the process that has the pid now, or null when none has it.</summary>
    public static DateTime? Read(int processId)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{processId}/stat");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        // The command name (field 2) is in parentheses and may hold spaces or parentheses itself.
        string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        if (fields.Length < 20 || !ulong.TryParse(fields[19], NumberStyles.None, CultureInfo.InvariantCulture, out ulong ticks))
        {
            return null;
        }

        DateTime bootUtc = DateTime.UtcNow - TimeSpan.FromTicks(Interop.Time.SinceBootTicks());
        return (bootUtc + TimeSpan.FromTicks((long)ticks * TimeSpan.TicksPerSecond / TicksPerSecond)).ToLocalTime();
    }

    /// <summary>True when two start times name the same process.</summary>
    public static bool Same(DateTime a, DateTime b) => (a.ToUniversalTime() - b.ToUniversalTime()).Duration() <= Tolerance;
}
