using System;

namespace PosixIpc.Signals;

/// <summary>Sends signals with kill(2), killpg(3) or sigqueue(3).</summary>
public static class SignalSender
{
    /// <summary>Sends a signal to one process (id above 0); with a value, through sigqueue so that the receiver finds it in si_value.</summary>
    public static SentSignal Send(int processId, SignalInfo signal, int? value = null)
    {
        if (processId <= 0)
        {
            throw SignalErrors.InvalidProcessId(processId);
        }

        int errno;
        bool ok = value is { } v
            ? Interop.Signal.Queue(processId, signal.Number, v, out errno)
            : Interop.Signal.Kill(processId, signal.Number, out errno);
        if (!ok)
        {
            throw SignalErrors.SendFailed(errno, value.HasValue ? "sigqueue" : "kill", processId, false, signal);
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
