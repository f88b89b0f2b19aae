using System.Globalization;

namespace PosixIpc.Signals;

/// <summary>
/// A process's signal dispositions and pending signals, decoded from /proc/PID/status
/// (SigCgt, SigBlk, SigIgn, SigPnd, ShdPnd) into signal names.
/// </summary>
public sealed class ProcessSignalState
{
    private ProcessSignalState(int processId)
    {
        ProcessId = processId;
    }

    public int ProcessId { get; }

    /// <summary>The process's command name (Name: in /proc/PID/status).</summary>
    public string ProcessName { get; private set; } = string.Empty;

    /// <summary>Signals with a handler installed (SigCgt).</summary>
    public string[] Caught { get; private set; } = Array.Empty<string>();

    /// <summary>Signals blocked by the main thread's mask (SigBlk).</summary>
    public string[] Blocked { get; private set; } = Array.Empty<string>();

    /// <summary>Signals set to be ignored (SigIgn).</summary>
    public string[] Ignored { get; private set; } = Array.Empty<string>();

    /// <summary>Signals pending for the main thread (SigPnd).</summary>
    public string[] Pending { get; private set; } = Array.Empty<string>();

    /// <summary>Signals pending for the process as a whole (ShdPnd).</summary>
    public string[] SharedPending { get; private set; } = Array.Empty<string>();

    public ulong CaughtMask { get; private set; }

    public ulong BlockedMask { get; private set; }

    public ulong IgnoredMask { get; private set; }

    public ulong PendingMask { get; private set; }

    public ulong SharedPendingMask { get; private set; }

    /// <summary>Reads /proc/PID/status of a live process.</summary>
    public static ProcessSignalState Read(int processId)
    {
        if (processId <= 0)
        {
            throw SignalErrors.InvalidProcessId(processId);
        }

        string[] lines;
        try
        {
            lines = File.ReadAllLines($"/proc/{processId}/status");
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw SignalErrors.ProcessNotFound(processId);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw SignalErrors.StatusUnreadable(processId, e);
        }

        return Parse(processId, lines);
    }

    /// <summary>The signal sets and name in the lines of a /proc/PID/status file.</summary>
    internal static ProcessSignalState Parse(int processId, IEnumerable<string> lines)
    {
        var state = new ProcessSignalState(processId);
        foreach (string line in lines)
        {
            int colon = line.IndexOf(':');
            if (colon < 0)
            {
                continue;
            }

            string key = line[..colon];
            string value = line[(colon + 1)..].Trim();
            switch (key)
            {
                case "Name": state.ProcessName = value; break;
                case "SigCgt": state.CaughtMask = Mask(value); state.Caught = SignalTable.Decode(state.CaughtMask); break;
                case "SigBlk": state.BlockedMask = Mask(value); state.Blocked = SignalTable.Decode(state.BlockedMask); break;
                case "SigIgn": state.IgnoredMask = Mask(value); state.Ignored = SignalTable.Decode(state.IgnoredMask); break;
                case "SigPnd": state.PendingMask = Mask(value); state.Pending = SignalTable.Decode(state.PendingMask); break;
                case "ShdPnd": state.SharedPendingMask = Mask(value); state.SharedPending = SignalTable.Decode(state.SharedPendingMask); break;
            }
        }

        return state;
    }

    private static ulong Mask(string hex) => ulong.Parse(hex, NumberStyles.HexNumber, CultureInfo.InvariantCulture);

    public override string ToString() => $"{ProcessName} ({ProcessId})";
}
