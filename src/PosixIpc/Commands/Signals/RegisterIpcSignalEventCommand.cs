using PosixIpc.Signals;

namespace PosixIpc.Commands;

[Cmdlet(VerbsLifecycle.Register, "IpcSignalEvent")]
[OutputType(typeof(PSEventJob))]
public sealed class RegisterIpcSignalEventCommand : RegisterIpcEventCommand
{
    /// <summary>The signals that raise the event, by name or number.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ArgumentCompleter(typeof(CatchableSignalNameCompleter))]
    [ValidateNotNullOrEmpty]
    public string[] Signal { get; set; } = null!;

    protected override string SubscriberExistsErrorId => ErrorIds.SignalSubscriberExists;

    protected override IDisposable CreateSource() => new SignalEventSource(Signal.Select(s => SignalTable.Parse(s)).ToArray());
}
