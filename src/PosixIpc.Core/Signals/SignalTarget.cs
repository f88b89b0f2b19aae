using PosixIpc.Interop;

namespace PosixIpc.Signals;

/// <summary>
/// One process, opened once as a pidfd, for several sends (Send-IpcSignal keeps it across its pipeline's
/// objects). The pidfd names that process and never a later one with its pid, so a start time checked
/// once stays checked. Without pidfds (Linux before 5.3) it sends with kill(2) or sigqueue(3) by pid.
/// </summary>
public sealed class SignalTarget : IDisposable
{
    private readonly SafeFileDescriptor? _pidfd;
    private DateTime? _checkedStartTime;

    private SignalTarget(int processId, SafeFileDescriptor? pidfd)
    {
        ProcessId = processId;
        _pidfd = pidfd;
    }

    public int ProcessId { get; }

    /// <summary>Opens the process that has the id now; SignalProcessNotFound when none has it.</summary>
    public static SignalTarget Open(int processId, SignalInfo signal)
    {
        if (processId <= 0)
        {
            throw SignalErrors.InvalidProcessId(processId);
        }

        SafeFileDescriptor? pidfd = Pidfd.Open(processId, out int errno);
        if (pidfd == null && errno != Errno.ENOSYS)
        {
            throw errno == Errno.ESRCH ? SignalErrors.ProcessEnded(processId) : SignalErrors.SendFailed(errno, "pidfd_open", processId, false, signal);
        }

        return new SignalTarget(processId, pidfd);
    }

    /// <summary>
    /// Sends a signal, with a value as sigqueue(3) does. With startTime, a process that started at another
    /// time is a reused pid: SignalProcessNotFound, and nothing is sent.
    /// </summary>
    public SentSignal Send(SignalInfo signal, int? value = null, DateTime? startTime = null) =>
        TrySend(signal, value, startTime, out SentSignal? sent) ? sent! : throw SignalErrors.ProcessEnded(ProcessId);

    /// <summary>As Send, but false (nothing sent) when the process this pidfd names has ended since it was opened.</summary>
    internal bool TrySend(SignalInfo signal, int? value, DateTime? startTime, out SentSignal? sent)
    {
        sent = null;
        if (startTime is { } expected && !(_checkedStartTime is { } known && ProcessStartTime.Same(expected, known)))
        {
            // Read after the pidfd was opened: if the pid was reused in between, the times differ and nothing is sent.
            DateTime actual = ProcessStartTime.Read(ProcessId) ?? throw SignalErrors.ProcessEnded(ProcessId);
            if (!ProcessStartTime.Same(expected, actual))
            {
                throw SignalErrors.ProcessReplaced(ProcessId, expected, actual);
            }

            if (_pidfd != null)
            {
                _checkedStartTime = actual;
            }
        }

        bool ok;
        string function;
        int errno;
        if (_pidfd != null)
        {
            function = "pidfd_send_signal";
            ok = Pidfd.SendSignal(_pidfd, signal.Number, value, out errno);
            if (!ok && errno == Errno.ESRCH)
            {
                return false;
            }
        }
        else
        {
            // Linux before 5.3: no pidfd, the check above and the send are two steps.
            function = value.HasValue ? "sigqueue" : "kill";
            ok = value is { } v
                ? Interop.Signal.Queue(ProcessId, signal.Number, v, out errno)
                : Interop.Signal.Kill(ProcessId, signal.Number, out errno);
        }

        if (!ok)
        {
            throw SignalErrors.SendFailed(errno, function, ProcessId, false, signal);
        }

        sent = new SentSignal(ProcessId, false, signal, value, DateTime.Now);
        return true;
    }

    public void Dispose() => _pidfd?.Dispose();
}
