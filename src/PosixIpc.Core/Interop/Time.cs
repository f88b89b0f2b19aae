using System.Runtime.InteropServices;

namespace PosixIpc.Interop;

/// <summary>time.h: clock_gettime(CLOCK_MONOTONIC), which Tmds.LibC does not declare.</summary>
internal static unsafe partial class Time
{
    private const int CLOCK_MONOTONIC = 1;

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime", SetLastError = true)]
    private static partial int ClockGetTime(int clock, Timespec* now);

    /// <summary>CLOCK_MONOTONIC in microseconds, the clock systemd's MONOTONIC_USEC= is read against.</summary>
    public static ulong MonotonicMicroseconds()
    {
        Timespec now;
        ClockGetTime(CLOCK_MONOTONIC, &now);
        return (ulong)now.Seconds * 1_000_000UL + (ulong)now.Nanoseconds / 1000UL;
    }
}
