using PosixIpc.Signals;

namespace PosixIpc.Commands;

/// <summary>The signals Wait-IpcSignal and Register-IpcSignalEvent can catch: no KILL, STOP, SEGV, RTMIN ...</summary>
public sealed class CatchableSignalNameCompleter : SignalNameCompleter
{
    protected override bool Offers(SignalInfo signal) => CatchableSignals.IsCatchable(signal);
}
