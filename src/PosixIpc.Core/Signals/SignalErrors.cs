using PosixIpc.Interop;

namespace PosixIpc.Signals;

/// <summary>The failures signal operations report, each with its stable ErrorId and a message that says what to do.</summary>
public static class SignalErrors
{
    public static PosixIpcException Unknown(string text) =>
        new(ErrorIds.SignalUnknown, Errno.EINVAL, null, text,
            $"'{text}' is not a signal name. Give a name with or without SIG, in any case, or a number from 1 to {Signal.KernelMax}. " +
            $"Valid names: {string.Join(", ", SignalTable.ShortNames)} (also IOT, POLL, CLD, and RTMIN+n, RTMAX-n). Get-IpcSignal lists them.");

    public static PosixIpcException OutOfRange(string text, bool allowNull) =>
        new(ErrorIds.SignalOutOfRange, Errno.EINVAL, null, text,
            $"{text} is not a signal number: Linux signals are numbered {(allowNull ? 0 : 1)} to {Signal.KernelMax}" +
            (allowNull ? " (0 only tests that the process exists)." : ".") + " Get-IpcSignal lists them.");

    public static PosixIpcException InvalidProcessId(long id) =>
        new(ErrorIds.SignalInvalidProcessId, Errno.EINVAL, null, id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            id == 0
                ? "Process id 0 would signal every process of your own process group, pwsh included; nothing was sent. Give a process id above 0, or use -ProcessGroup to mean a group on purpose."
                : $"Process id {id} is negative; kill(2) would take it as a process group and nothing was sent. Give the group's id with -ProcessGroup instead.");

    public static PosixIpcException InvalidGroupId(long id) =>
        new(ErrorIds.SignalInvalidProcessId, Errno.EINVAL, null, id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            $"Process group id {id} is negative; nothing was sent. Give the group's id (ps -o pgid), or 0 for your own group.");

    public static PosixIpcException SendFailed(int errno, string function, int id, bool group, SignalInfo signal)
    {
        string target = group ? $"process group {id}" : $"process {id}";
        string what = $"Cannot send {signal.Name} to {target}";
        string key = id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return IpcErrors.Failed(IpcMechanism.Signal, ErrorIds.SignalSendFailed, errno, function, key, what);
    }

    public static PosixIpcException ProcessNotFound(int id) =>
        new(ErrorIds.SignalProcessNotFound, Errno.ESRCH, "open", id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            $"No process has the id {id} (/proc/{id}/status does not exist): it has ended, or the id is wrong. Get-Process lists them.");

    public static PosixIpcException StatusUnreadable(int id, Exception inner) =>
        new(ErrorIds.SignalStatusUnreadable, inner is UnauthorizedAccessException ? Errno.EACCES : Errno.EIO, "read",
            id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            $"Cannot read /proc/{id}/status: {inner.Message}", inner);

    public static PosixIpcException NotCatchable(SignalInfo signal, string reason) =>
        new(ErrorIds.SignalNotCatchable, Errno.EINVAL, null, signal.Name,
            $"PowerShell cannot wait for or handle {signal.Name}: {reason} Choose another signal, such as USR1, USR2, HUP or RTMIN+1.");

    public static PosixIpcException RegistrationFailed(SignalInfo signal, Exception inner) =>
        new(ErrorIds.SignalRegistrationFailed, Errno.EINVAL, "sigaction", signal.Name,
            $"The .NET runtime refused to handle {signal.Name}: {inner.Message}", inner);

    public static PosixIpcException WaitTimeout(SignalInfo[] signals, double seconds) =>
        new(ErrorIds.SignalWaitTimeout, Errno.ETIMEDOUT, null, string.Join(",", signals.Select(s => s.Name)),
            (signals.Length == 1 ? $"{signals[0].Name} did not come" : $"None of {string.Join(", ", signals.Select(s => s.Name))} came") + $" within {seconds:0.###} s. Check that the sender has this process's id ({Environment.ProcessId}), or raise -TimeoutSec.");

    public static PosixIpcException HandlerSetupFailed(int errno, string function, string what) =>
        IpcErrors.Failed(IpcMechanism.Signal, ErrorIds.SignalHandlerSetupFailed, errno, function, "signal handler", $"Cannot {what}");

    public static PosixIpcException ArchitectureNotSupported(string architecture) =>
        new(ErrorIds.SignalHandlerSetupFailed, Errno.ENOSYS, null, architecture,
            $"The module's signal handler exists for x64 and arm64 only, not {architecture}; signals cannot be caught here. Send-IpcSignal still works.");

    public static PosixIpcException SigactionFailed(SignalInfo signal, int errno) =>
        IpcErrors.Failed(IpcMechanism.Signal, ErrorIds.SignalRegistrationFailed, errno, "sigaction", signal.Name, $"Cannot install the handler for {signal.Name}");

    public static PosixIpcException ProcessReplaced(int id, DateTime expected, DateTime actual) =>
        new(ErrorIds.SignalProcessNotFound, Errno.ESRCH, "pidfd_open", id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            $"Process {id} is not the process you meant: that one started at {expected:yyyy-MM-dd HH:mm:ss.fff}, the process with this id now started at {actual:yyyy-MM-dd HH:mm:ss.fff}. The first one has ended and its id was reused; nothing was sent. Get-Process shows the processes there are now.");

    public static PosixIpcException ProcessEnded(int id) =>
        new(ErrorIds.SignalProcessNotFound, Errno.ESRCH, "pidfd_open", id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            $"No process has the id {id}: it has ended, or the id is wrong; nothing was sent. Get-Process lists them.");
}
