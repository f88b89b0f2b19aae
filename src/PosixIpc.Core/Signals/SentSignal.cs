namespace PosixIpc.Signals;

/// <summary>A signal that was sent: to whom, which, with what value, and when.</summary>
public sealed class SentSignal
{
    internal SentSignal(int processId, bool processGroup, SignalInfo signal, int? value, DateTime time)
    {
        ProcessId = processId;
        ProcessGroup = processGroup;
        Signal = signal.Name;
        Number = signal.Number;
        Value = value;
        Time = time;
    }

    /// <summary>The process id, or the process group id when ProcessGroup is true.</summary>
    public int ProcessId { get; }

    /// <summary>True when the signal went to every process of the group ProcessId.</summary>
    public bool ProcessGroup { get; }

    /// <summary>The signal's name, such as SIGTERM.</summary>
    public string Signal { get; }

    public int Number { get; }

    /// <summary>The integer sent with sigqueue(3), or null when the signal was sent with kill(2).</summary>
    public int? Value { get; }

    /// <summary>The function that sent it: kill, killpg or sigqueue.</summary>
    public string Function => Value.HasValue ? "sigqueue" : ProcessGroup ? "killpg" : "kill";

    public DateTime Time { get; }

    public override string ToString() => $"{Signal} -> {(ProcessGroup ? "group " : string.Empty)}{ProcessId}";
}
