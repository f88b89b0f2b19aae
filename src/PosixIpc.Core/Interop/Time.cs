using System.Runtime.InteropServices;

namespace PosixIpc.Interop;

/// <summary>struct timespec of time.h.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct Timespec
{
    public long Seconds;
    public long Nanoseconds;
}

/// <summary>
/// time.h: clock_gettime, which Tmds.LibC does not declare. The one place the module reads a clock
/// for the C library: CLOCK_REALTIME deadlines for the calls that take an absolute time
/// (mq_timedsend, mq_timedreceive, sem_timedwait), CLOCK_MONOTONIC for systemd, CLOCK_BOOTTIME for
/// process start times.
/// </summary>
internal static unsafe partial class Time
{
    private const int CLOCK_REALTIME = 0;
    private const int CLOCK_MONOTONIC = 1;
    private const int CLOCK_BOOTTIME = 7;

    [LibraryImport("libc", EntryPoint = "clock_gettime", SetLastError = true)]
    private static partial int ClockGetTime(int clock, Timespec* now);

    /// <summary>CLOCK_REALTIME now plus waitMs: the absolute time the timed calls take.</summary>
    public static Timespec RealtimeIn(int waitMs)
    {
        Timespec now;
        ClockGetTime(CLOCK_REALTIME, &now);
        long nanos = now.Nanoseconds + (long)waitMs * 1_000_000;
        now.Seconds += nanos / 1_000_000_000;
        now.Nanoseconds = nanos % 1_000_000_000;
        return now;
    }

    /// <summary>CLOCK_MONOTONIC in microseconds, the clock systemd's MONOTONIC_USEC= is read against.</summary>
    public static ulong MonotonicMicroseconds()
    {
        Timespec now;
        ClockGetTime(CLOCK_MONOTONIC, &now);
        return (ulong)now.Seconds * 1_000_000UL + (ulong)now.Nanoseconds / 1000UL;
    }

    /// <summary>CLOCK_BOOTTIME (time since boot, suspend included) in .NET ticks: the clock /proc/PID/stat start times count on.</summary>
    public static long SinceBootTicks()
    {
        Timespec now;
        ClockGetTime(CLOCK_BOOTTIME, &now);
        return now.Seconds * System.TimeSpan.TicksPerSecond + now.Nanoseconds / 100;
    }
}
