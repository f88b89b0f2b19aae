using System;

namespace PosixIpc.Signals;

/// <summary>
/// A signal this process received through Wait-IpcSignal or Register-IpcSignalEvent. It is also the
/// event arguments of a signal event ($Event.SourceEventArgs).
/// </summary>
public sealed class ReceivedSignal : EventArgs
{
    internal ReceivedSignal(SignalInfo signal, DateTime timeReceived)
    {
        Signal = signal.Name;
        Number = signal.Number;
        TimeReceived = timeReceived;
    }

    /// <summary>The signal's name, such as SIGUSR1.</summary>
    public string Signal { get; }

    public int Number { get; }

    /// <summary>When the .NET runtime handed the signal to the module (local time).</summary>
    public DateTime TimeReceived { get; }

    /// <summary>
    /// The process id of the receiver (this process). Not named ProcessId, so that piping a received
    /// signal into Send-IpcSignal never binds it as the target and signals this process by accident.
    /// </summary>
    public int ReceiverProcessId { get; } = Environment.ProcessId;

    /// <summary>
    /// The sender's process id (si_pid). Always null: the .NET runtime's signal handler passes on the
    /// signal number only, and the module cannot read the siginfo_t itself (see Get-Help Wait-IpcSignal).
    /// </summary>
    public int? SenderProcessId { get; internal init; }

    /// <summary>The integer a sigqueue sender attached (si_value). Always null, for the same reason as SenderProcessId.</summary>
    public int? Value { get; internal init; }

    public override string ToString() => Signal;
}
