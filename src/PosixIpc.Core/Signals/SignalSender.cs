using PosixIpc.Interop;

namespace PosixIpc.Signals;

/// <summary>
/// Sends signals. To one process through a pidfd (pidfd_open + pidfd_send_signal), so that the process
/// that is checked is the process that is signalled, never a later one that got its pid; with a start
/// time, only when the process with the pid started then. To a process group with killpg(3).
/// </summary>
public static class SignalSender
{
    /// <summary>
    /// Sends a signal to one process (id above 0); with a value, as sigqueue(3) does, so that the receiver
    /// finds it in si_value. With startTime (a Process object's StartTime), a process with that id that
    /// started at another time is a reused pid: SignalProcessNotFound, and nothing is sent.
    /// </summary>
    public static SentSignal Send(int processId, SignalInfo signal, int? value = null, DateTime? startTime = null)
    {
        using SignalTarget target = SignalTarget.Open(processId, signal);
        return target.Send(signal, value, startTime);
    }

    /// <summary>Sends a signal to every process of a process group; group 0 is the caller's own group.</summary>
    public static SentSignal SendToGroup(int processGroupId, SignalInfo signal)
    {
        if (processGroupId < 0)
        {
            throw SignalErrors.InvalidGroupId(processGroupId);
        }

        if (!Interop.Signal.KillGroup(processGroupId, signal.Number, out int errno))
        {
            throw SignalErrors.SendFailed(errno, "killpg", processGroupId, true, signal);
        }

        return new SentSignal(processGroupId, true, signal, null, DateTime.Now);
    }
}
