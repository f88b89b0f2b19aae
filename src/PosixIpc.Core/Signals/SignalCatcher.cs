using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.InteropServices;

namespace PosixIpc.Signals;

/// <summary>
/// Handles signals in this process through the .NET runtime (PosixSignalRegistration), so that none of
/// them ends or stops pwsh while it is caught. Disposing it gives each signal back the behaviour it had.
/// The runtime's handler passes on only the signal number: no sender pid, no sigqueue value.
/// </summary>
internal sealed class SignalCatcher : IDisposable
{
    private readonly List<PosixSignalRegistration> _registrations = new();

    public SignalCatcher(IEnumerable<SignalInfo> signals, Action<ReceivedSignal> onSignal)
    {
        Signals = signals.GroupBy(s => s.Number).Select(g => g.First()).ToArray();
        foreach (SignalInfo signal in Signals)
        {
            CheckCatchable(signal);
        }

        try
        {
            foreach (SignalInfo signal in Signals)
            {
                SignalInfo info = signal;

                // Signals that would end or stop pwsh are cancelled; the others (CHLD, CONT, WINCH, URG)
                // keep the runtime's own handling, which the console and System.Diagnostics.Process rely on.
                bool cancel = info.DefaultAction is SignalDefaultAction.Terminate or SignalDefaultAction.CoreDump or SignalDefaultAction.Stop;
                try
                {
                    _registrations.Add(PosixSignalRegistration.Create((PosixSignal)info.Number, context =>
                    {
                        if (cancel)
                        {
                            context.Cancel = true;
                        }

                        try
                        {
                            onSignal(new ReceivedSignal(info, DateTime.Now));
                        }
                        catch (Exception)
                        {
                            // An exception here would be unhandled on the runtime's signal thread and end
                            // the process; a subscriber that fails loses this signal, pwsh lives on.
                        }
                    }));
                }
                catch (Exception e) when (e is System.IO.IOException or ArgumentException or PlatformNotSupportedException)
                {
                    throw SignalErrors.RegistrationFailed(info, e);
                }
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public SignalInfo[] Signals { get; }

    /// <summary>Refuses, with the reason, the signals that no process, or no .NET process, can safely handle.</summary>
    public static void CheckCatchable(SignalInfo signal)
    {
        string? reason = signal.Number switch
        {
            0 => "0 is not a signal; it only tests whether a process exists.",
            9 or 19 => "the kernel never lets a process catch, block or ignore SIGKILL or SIGSTOP.",
            4 or 5 or 7 or 8 or 11 => "the .NET runtime owns this fault signal to turn crashes into exceptions and crash reports; handling it from PowerShell would hide real crashes.",
            32 or 33 => "the C library keeps this signal for its own threads.",
            _ when signal.Number == Interop.Signal.RtMin => "the .NET runtime uses SIGRTMIN to interrupt its own threads (for garbage collection); use RTMIN+1 or higher.",
            _ => null,
        };
        if (reason != null)
        {
            throw SignalErrors.NotCatchable(signal, reason);
        }
    }

    public void Dispose()
    {
        foreach (PosixSignalRegistration registration in _registrations)
        {
            registration.Dispose();
        }

        _registrations.Clear();
    }
}
