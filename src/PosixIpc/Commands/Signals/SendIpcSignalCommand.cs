using PosixIpc.Signals;

namespace PosixIpc.Commands;

[Cmdlet(VerbsCommunications.Send, "IpcSignal", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = KillSet)]
[OutputType(typeof(SentSignal))]
public sealed class SendIpcSignalCommand : PosixIpcCmdlet
{
    private const string KillSet = "Kill";
    private const string QueueSet = "Queue";

    private readonly SignalTargetCache _targets = new();
    private SignalInfo _signal = null!;
    private string? _parsedFrom;
    private (int Id, SignalInfo? Signal, string? Target, string? Action) _described;

    /// <summary>Process ids; with -ProcessGroup, process group ids. Get-Process output binds by its Id property.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("ProcessId", "Pid")]
    public int[] Id { get; set; } = null!;

    /// <summary>A name (TERM, sigusr1, RTMIN+2) or a number; TERM when not given. Binds by property name, so received signals can be passed on.</summary>
    [Parameter(Position = 1, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(SignalNameCompleter))]
    [ValidateNotNullOrEmpty]
    public string Signal { get; set; } = "TERM";

    /// <summary>An integer sent with sigqueue(3); the receiver finds it in si_value.</summary>
    [Parameter(Mandatory = true, ParameterSetName = QueueSet)]
    public int Value { get; set; }

    /// <summary>
    /// When the process started (Process.StartTime, bound from Get-Process output): the signal goes only
    /// to a process with -Id that started then, so a reused pid is never signalled.
    /// </summary>
    [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = KillSet)]
    [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = QueueSet)]
    public DateTime? StartTime { get; set; }

    /// <summary>Sends to every process of the process group -Id (0: your own group).</summary>
    [Parameter(ParameterSetName = KillSet)]
    public SwitchParameter ProcessGroup { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void BeginProcessing() => ParseSignal(terminating: true);

    /// <summary>
    /// -Signal can change with each pipeline object (it binds by property name, so received signals
    /// can be passed on), so it is parsed again whenever its text changes. A bad name given on the
    /// command line stops the command; one that came with a pipeline object skips that object.
    /// </summary>
    private bool ParseSignal(bool terminating)
    {
        if (_parsedFrom != null && string.Equals(_parsedFrom, Signal, StringComparison.Ordinal))
        {
            return true;
        }

        try
        {
            _signal = SignalTable.Parse(Signal, allowNull: true);
            _parsedFrom = Signal;
            return true;
        }
        catch (PosixIpcException e)
        {
            if (terminating)
            {
                ThrowIpcError(e);
            }

            WriteIpcError(e);
            return false;
        }
    }

    protected override void ProcessRecord()
    {
        if (!ParseSignal(terminating: false))
        {
            return;
        }

        foreach (int id in Id)
        {
            try
            {
                if (ProcessGroup)
                {
                    if (id < 0)
                    {
                        throw SignalErrors.InvalidGroupId(id);
                    }
                }
                else if (id <= 0)
                {
                    throw SignalErrors.InvalidProcessId(id);
                }

                if (!ShouldSend(id))
                {
                    continue;
                }

                SentSignal sent = ProcessGroup
                    ? SignalSender.SendToGroup(id, _signal)
                    : _targets.Send(id, _signal, ParameterSetName == QueueSet ? Value : null, StartTime);
                if (PassThru)
                {
                    WriteObject(sent);
                }
            }
            catch (PosixIpcException e)
            {
                WriteIpcError(e);
            }
        }
    }

    /// <summary>ShouldProcess with its target and action worded once while the id and signal stay the same (most pipelines).</summary>
    private bool ShouldSend(int id)
    {
        if (_described.Target == null || _described.Id != id || !ReferenceEquals(_described.Signal, _signal))
        {
            string target = ProcessGroup ? (id == 0 ? "your own process group" : $"process group {id}") : $"process {id}";
            string action = ParameterSetName == QueueSet ? $"Send {_signal.Name} with value {Value}" : $"Send {_signal.Name}";
            _described = (id, _signal, target, action);
        }

        return ShouldProcess(_described.Target, _described.Action);
    }

    protected override void EndProcessing() => _targets.Dispose();

    protected override void Dispose(bool disposing) => _targets.Dispose();
}
