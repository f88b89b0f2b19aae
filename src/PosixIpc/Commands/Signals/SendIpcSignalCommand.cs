using System.Management.Automation;
using PosixIpc.Signals;

namespace PosixIpc.Commands;

[Cmdlet(VerbsCommunications.Send, "IpcSignal", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = KillSet)]
[OutputType(typeof(SentSignal))]
public sealed class SendIpcSignalCommand : PosixIpcCmdlet
{
    private const string KillSet = "Kill";
    private const string QueueSet = "Queue";

    private SignalInfo _signal = null!;

    /// <summary>Process ids; with -ProcessGroup, process group ids. Get-Process output binds by its Id property.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("ProcessId", "Pid")]
    public int[] Id { get; set; } = null!;

    /// <summary>A name (TERM, sigusr1, RTMIN+2) or a number; TERM when not given.</summary>
    [Parameter(Position = 1)]
    [ArgumentCompleter(typeof(SignalNameCompleter))]
    [ValidateNotNullOrEmpty]
    public string Signal { get; set; } = "TERM";

    /// <summary>An integer sent with sigqueue(3); the receiver finds it in si_value.</summary>
    [Parameter(Mandatory = true, ParameterSetName = QueueSet)]
    public int Value { get; set; }

    /// <summary>Sends to every process of the process group -Id (0: your own group).</summary>
    [Parameter(ParameterSetName = KillSet)]
    public SwitchParameter ProcessGroup { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void BeginProcessing()
    {
        try
        {
            _signal = SignalTable.Parse(Signal, allowNull: true);
        }
        catch (PosixIpcException e)
        {
            ThrowIpcError(e);
        }
    }

    protected override void ProcessRecord()
    {
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

                string target = ProcessGroup ? (id == 0 ? "your own process group" : $"process group {id}") : $"process {id}";
                string action = ParameterSetName == QueueSet ? $"Send {_signal.Name} with value {Value}" : $"Send {_signal.Name}";
                if (!ShouldProcess(target, action))
                {
                    continue;
                }

                SentSignal sent = ProcessGroup
                    ? SignalSender.SendToGroup(id, _signal)
                    : SignalSender.Send(id, _signal, ParameterSetName == QueueSet ? Value : null);
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
}
