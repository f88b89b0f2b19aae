using System.Globalization;
using PosixIpc.Systemd;

namespace PosixIpc.Commands;

/// <summary>
/// Tells the service manager about the service's state (sd_notify): one datagram to the socket
/// NOTIFY_SOCKET names. Without NOTIFY_SOCKET it sends nothing and returns quietly, so the same
/// script runs outside systemd.
/// </summary>
[Cmdlet(VerbsCommunications.Send, "SystemdNotification")]
[OutputType(typeof(SystemdNotification))]
public sealed class SendSystemdNotificationCommand : PosixIpcCmdlet
{
    /// <summary>READY=1: start-up (or a reload) is complete.</summary>
    [Parameter]
    public SwitchParameter Ready { get; set; }

    /// <summary>RELOADING=1, with the MONOTONIC_USEC= that systemd wants beside it: a reload begins.</summary>
    [Parameter]
    public SwitchParameter Reloading { get; set; }

    /// <summary>STOPPING=1: the service is shutting down.</summary>
    [Parameter]
    public new SwitchParameter Stopping { get; set; }

    /// <summary>STATUS=text, one line, shown by systemctl status. Pipeline input sends one notification per text.</summary>
    [Parameter(Position = 0, ValueFromPipeline = true)]
    public string? Status { get; set; }

    /// <summary>WATCHDOG=1: the service is alive (send it more often than WatchdogSec).</summary>
    [Parameter]
    public SwitchParameter Watchdog { get; set; }

    /// <summary>MAINPID=: the service's main process, when it is not the process that was started.</summary>
    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int MainProcessId { get; set; }

    /// <summary>EXTEND_TIMEOUT_USEC=: asks for this much more time for the current start, stop or reload.</summary>
    [Parameter]
    [ValidateRange(0.000001, 1e12)]
    public double ExtendTimeoutSec { get; set; }

    /// <summary>ERRNO=: the errno the service failed with.</summary>
    [Parameter]
    [ValidateRange(0, int.MaxValue)]
    public int ErrorNumber { get; set; }

    /// <summary>Any other assignments, each "KEY=VALUE" (WATCHDOG=trigger, EXIT_STATUS=3, X_MINE=1).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(SystemdFieldCompleter))]
    public string[]? Field { get; set; }

    /// <summary>How long to wait while the manager's queue is full; without it, waits until Ctrl+C.</summary>
    [Parameter]
    [ValidateRange(0, int.MaxValue)]
    public double TimeoutSec { get; set; }

    /// <summary>Emits what was sent.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        string text = null!;
        RunForCommand(() => text = SystemdNotifier.Compose(Fields()));
        string? socket = SystemdNotifier.SocketName;
        if (socket == null)
        {
            WriteVerbose($"{SystemdNotifier.SocketVariable} is not set, so no service manager waits for notifications from this process; nothing was sent ({text.TrimEnd('\n').Replace('\n', ' ')}).");
            return;
        }

        RunForItem(() =>
        {
            SystemdNotification sent = SystemdNotifier.Send(socket, text, BoundTimeout(TimeoutSec), StopToken);
            WriteVerbose($"Sent to '{socket}': {sent}");
            if (PassThru)
            {
                WriteObject(sent);
            }
        });
    }

    private IEnumerable<KeyValuePair<string, string>> Fields()
    {
        static KeyValuePair<string, string> F(string key, string value) => new(key, value);
        if (Ready)
        {
            yield return F("READY", "1");
        }

        if (Reloading)
        {
            yield return F("RELOADING", "1");
            yield return F("MONOTONIC_USEC", SystemdNotifier.MonotonicMicroseconds().ToString(CultureInfo.InvariantCulture));
        }

        if (Stopping)
        {
            yield return F("STOPPING", "1");
        }

        if (Status != null)
        {
            yield return F("STATUS", Status);
        }

        if (Watchdog)
        {
            yield return F("WATCHDOG", "1");
        }

        if (MyInvocation.BoundParameters.ContainsKey(nameof(MainProcessId)))
        {
            yield return F("MAINPID", MainProcessId.ToString(CultureInfo.InvariantCulture));
        }

        if (MyInvocation.BoundParameters.ContainsKey(nameof(ExtendTimeoutSec)))
        {
            yield return F("EXTEND_TIMEOUT_USEC", ((long)System.Math.Round(ExtendTimeoutSec * 1_000_000)).ToString(CultureInfo.InvariantCulture));
        }

        if (MyInvocation.BoundParameters.ContainsKey(nameof(ErrorNumber)))
        {
            yield return F("ERRNO", ErrorNumber.ToString(CultureInfo.InvariantCulture));
        }

        foreach (string assignment in Field ?? System.Array.Empty<string>())
        {
            yield return SystemdNotifier.ParseField(assignment);
        }
    }
}
