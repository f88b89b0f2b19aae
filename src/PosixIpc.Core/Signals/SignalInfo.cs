namespace PosixIpc.Signals;

/// <summary>What the kernel does with a signal that the process neither catches nor ignores.</summary>
public enum SignalDefaultAction
{
    /// <summary>The process ends.</summary>
    Terminate,

    /// <summary>The process ends and may leave a core dump.</summary>
    CoreDump,

    /// <summary>Nothing happens.</summary>
    Ignore,

    /// <summary>The process stops until SIGCONT.</summary>
    Stop,

    /// <summary>A stopped process continues.</summary>
    Continue,
}

/// <summary>One Linux signal: its name, number, default action and meaning.</summary>
public sealed class SignalInfo
{
    internal SignalInfo(int number, string shortName, SignalDefaultAction defaultAction, string description, params string[] aliases)
    {
        Number = number;
        ShortName = shortName;
        DefaultAction = defaultAction;
        Description = description;
        Aliases = aliases;
    }

    /// <summary>The name with the SIG prefix, as C spells it: SIGUSR1, SIGRTMIN+2.</summary>
    public string Name => Number == 0 ? "0" : "SIG" + ShortName;

    /// <summary>The name without the prefix, as kill -s takes it: USR1, RTMIN+2.</summary>
    public string ShortName { get; }

    public int Number { get; }

    public SignalDefaultAction DefaultAction { get; }

    public string Description { get; }

    /// <summary>Other names of the same signal (IOT for ABRT, POLL for IO, CLD for CHLD).</summary>
    public string[] Aliases { get; }

    /// <summary>True for the real-time signals SIGRTMIN..SIGRTMAX, which queue and carry their sigqueue value in order.</summary>
    public bool IsRealTime => Number >= Interop.Signal.RtMin && Number <= Interop.Signal.RtMax;

    /// <summary>False for SIGKILL and SIGSTOP, which no process can catch, block or ignore.</summary>
    public bool CanBeCaught => Number != 9 && Number != 19;

    public override string ToString() => Name;
}
