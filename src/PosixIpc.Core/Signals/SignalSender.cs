using System;
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
        if (processId <= 0)
        {
            throw SignalErrors.InvalidProcessId(processId);
        }

        using SafeFileDescriptor? pidfd = Pidfd.Open(processId, out int errno);
        if (pidfd == null && errno != Errno.ENOSYS)
        {
            throw errno == Errno.ESRCH ? SignalErrors.ProcessEnded(processId) : SignalErrors.SendFailed(errno, "pidfd_open", processId, false, signal);
        }

        if (startTime is { } expected)
        {
            // Read after the pidfd is open: if the pid was reused in between, the times differ and nothing is sent.
            DateTime? actual = ProcessStartTime.Read(processId);
            if (actual == null)
            {
                throw SignalErrors.ProcessEnded(processId);
            }

            if (!ProcessStartTime.Same(expected, actual.Value))
            {
                throw SignalErrors.ProcessReplaced(processId, expected, actual.Value);
            }
        }

        bool ok;
        string function;
        if (pidfd != null)
        {
            function = "pidfd_send_signal";
            ok = Pidfd.SendSignal(pidfd, signal.Number, value, out errno);
        }
        else
        {
            // Linux before 5.3: no pidfd, the check above and the send are two steps.
            function = value.HasValue ? "sigqueue" : "kill";
            ok = value is { } v
                ? Interop.Signal.Queue(processId, signal.Number, v, out errno)
                : Interop.Signal.Kill(processId, signal.Number, out errno);
        }

        if (!ok)
        {
            throw SignalErrors.SendFailed(errno, function, processId, false, signal);
        }

        return new SentSignal(processId, false, signal, value, DateTime.Now);
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
