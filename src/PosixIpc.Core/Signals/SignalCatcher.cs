namespace PosixIpc.Signals;

/// <summary>
/// Catches signals in this process with the module's own handler (SignalDispatcher), which reads each
/// signal's siginfo: who sent it (pid, uid), how (si_code) and with what value. While it lives none of
/// its signals ends or stops pwsh; disposing it gives each signal back the behaviour it had, exactly,
/// once no other catcher has it.
/// </summary>
internal sealed class SignalCatcher : IDisposable
{
    private readonly Action<ReceivedSignal> _onSignal;
    private readonly Dictionary<int, long> _lostAtStart = new();
    private readonly List<SignalInfo> _added = new();
    private bool _disposed;

    /// <param name="readsItself">True for a waiter that reads the handler's pipe on its own thread (SignalDispatcher.WaitAndRead); false when the background reader must deliver.</param>
    public SignalCatcher(IEnumerable<SignalInfo> signals, Action<ReceivedSignal> onSignal, bool readsItself = false)
    {
        _onSignal = onSignal;
        ReadsItself = readsItself;
        Signals = signals.GroupBy(s => s.Number).Select(g => g.First()).ToArray();
        foreach (SignalInfo signal in Signals)
        {
            CheckCatchable(signal);
        }

        try
        {
            foreach (SignalInfo signal in Signals)
            {
                _lostAtStart[signal.Number] = SignalHandlerStub.Lost(signal.Number);
                SignalDispatcher.Add(signal, this);
                _added.Add(signal);
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public SignalInfo[] Signals { get; }

    public bool ReadsItself { get; }

    /// <summary>How many of its signals were lost (the handler's pipe was full) since it began.</summary>
    public long Lost => Signals.Sum(s => LostOf(s.Number));

    private long LostOf(int signal) => SignalHandlerStub.Lost(signal) - _lostAtStart[signal];

    /// <summary>Called, on the thread that read the pipe, for each signal of ours.</summary>
    internal void Deliver(in SignalRecord record, DateTime time)
    {
        if (_disposed || SignalTable.FromNumber(record.Signal) is not { } info)
        {
            return;
        }

        _onSignal(new ReceivedSignal(info, time, record, LostOf(record.Signal)));
    }

    /// <summary>Refuses, with the reason, the signals that no process, or no .NET process, can safely handle.</summary>
    public static void CheckCatchable(SignalInfo signal)
    {
        string? reason = signal.Number switch
        {
            0 => "0 is not a signal; it only tests whether a process exists.",
            9 or 19 => "the kernel never lets a process catch, block or ignore SIGKILL or SIGSTOP.",
            4 or 5 or 7 or 8 or 11 => "the .NET runtime owns this fault signal to turn crashes into exceptions and crash reports; handling it from PowerShell would hide real crashes.",
            32 or 33 => "the C library keeps this signal for its own threads.",
            _ when signal.Number == Interop.Signal.RtMin => "the .NET runtime uses SIGRTMIN to interrupt its own threads (for garbage collection); use RTMIN+1 or higher.",
            _ => null,
        };
        if (reason != null)
        {
            throw SignalErrors.NotCatchable(signal, reason);
        }
    }

    public void Dispose()
    {
        _disposed = true;
        foreach (SignalInfo signal in _added)
        {
            SignalDispatcher.Remove(signal, this);
        }

        _added.Clear();
    }
}
