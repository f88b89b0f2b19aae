namespace PosixIpc.Signals;

/// <summary>
/// A signal this process received through Wait-IpcSignal or Register-IpcSignalEvent, with what its
/// siginfo_t says: who sent it, how, and with what value. It is also the event arguments of a signal
/// event ($Event.SourceEventArgs).
/// </summary>
public sealed class ReceivedSignal : EventArgs
{
    internal ReceivedSignal(SignalInfo signal, DateTime timeReceived, in SignalRecord record, long lost)
    {
        Signal = signal.Name;
        Number = signal.Number;
        TimeReceived = timeReceived;
        CodeNumber = record.Code;
        Code = SignalCodes.Name(record.Signal, record.Code);
        SenderProcessId = record.SenderProcessId;
        SenderUserId = record.SenderUserId;
        Value = record.Value;
        Lost = lost;
    }

    /// <summary>The signal's name, such as SIGUSR1.</summary>
    public string Signal { get; }

    public int Number { get; }

    /// <summary>When the module read the signal from its handler (local time).</summary>
    public DateTime TimeReceived { get; }

    /// <summary>
    /// The process id of the receiver (this process). Not named ProcessId, so that piping a received
    /// signal into Send-IpcSignal never binds it as the target and signals this process by accident.
    /// </summary>
    public int ReceiverProcessId { get; } = Environment.ProcessId;

    /// <summary>How it was sent (si_code by name): SI_USER (kill), SI_QUEUE (sigqueue), SI_TKILL (tgkill, raise), SI_KERNEL, SI_TIMER, CLD_EXITED ...</summary>
    public string Code { get; }

    /// <summary>si_code as a number (SI_USER 0, SI_QUEUE -1, SI_TKILL -6, SI_KERNEL 128).</summary>
    public int CodeNumber { get; }

    /// <summary>The sender's process id (si_pid); null when no process sent it (SI_KERNEL, a timer).</summary>
    public int? SenderProcessId { get; }

    /// <summary>The sender's real user id (si_uid); null when no process sent it.</summary>
    public uint? SenderUserId { get; }

    /// <summary>The sender's user name, from SenderUserId; null when no process sent it.</summary>
    public string? SenderUserName => SenderUserId is { } uid ? AccountNames.User(uid) : null;

    /// <summary>The integer the sender attached (si_value) with sigqueue (SI_QUEUE), or a timer's or message queue's value; null for kill.</summary>
    public int? Value { get; }

    /// <summary>How many signals of this number the receiver lost since it began (a burst overflowed its buffer); 0 normally.</summary>
    public long Lost { get; }

    public override string ToString() => SenderProcessId is { } pid ? $"{Signal} from {pid}" : Signal;
}
