namespace PosixIpc.Signals;

/// <summary>
/// Keeps the last process sent to open (its pidfd), so that a pipeline sending to one process opens it
/// once instead of once per signal. Each send means what a fresh send by pid means: when the process
/// that was open has ended, the pid is opened again (a process that got it since is the one that has
/// it now, and a start time given is checked against that one).
/// </summary>
public sealed class SignalTargetCache : IDisposable
{
    private SignalTarget? _last;

    public SentSignal Send(int processId, SignalInfo signal, int? value = null, DateTime? startTime = null)
    {
        if (_last != null && _last.ProcessId == processId && _last.TrySend(signal, value, startTime, out SentSignal? sent))
        {
            return sent!;
        }

        _last?.Dispose();
        _last = null;
        _last = SignalTarget.Open(processId, signal);
        return _last.Send(signal, value, startTime);
    }

    public void Dispose()
    {
        _last?.Dispose();
        _last = null;
    }
}
