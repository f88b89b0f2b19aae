using PosixIpc.Interop;

namespace PosixIpc.Systemd;

/// <summary>The failures notifications report, each with its stable ErrorId and a message that says what to do.</summary>
public static class SystemdErrors
{
    public static PosixIpcException InvalidSocket(string socket, string why) =>
        new(ErrorIds.SystemdNotifyInvalidSocket, Errno.EINVAL, null, socket,
            $"NOTIFY_SOCKET is '{socket}', which is not a socket this module can send to: {why} The service manager sets it to an absolute path or to '@name' for an abstract socket; unset it to run without notifications.");

    public static PosixIpcException InvalidField(string field, string why) =>
        new(ErrorIds.SystemdNotifyInvalidField, Errno.EINVAL, null, field,
            $"'{field}' cannot be sent as a notification field: {why} Nothing was sent.");

    public static PosixIpcException Empty() =>
        new(ErrorIds.SystemdNotifyEmpty, Errno.EINVAL, null, SystemdNotifier.SocketVariable,
            "There is nothing to send: give at least one of -Ready, -Reloading, -Stopping, -Status, -Watchdog, -MainProcessId, -ExtendTimeoutSec, -ErrorNumber or -Field.");

    public static PosixIpcException Timeout(string socket, double seconds) =>
        new(ErrorIds.SystemdNotifyTimeout, Errno.ETIMEDOUT, "send", socket,
            $"The service manager took no notification from '{socket}' within {seconds:0.###} s (its queue stayed full). Nothing was sent; raise -TimeoutSec, or check that the manager is running.");
}
