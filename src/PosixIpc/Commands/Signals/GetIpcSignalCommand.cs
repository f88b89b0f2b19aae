using PosixIpc.Signals;

namespace PosixIpc.Commands;

[Cmdlet(VerbsCommon.Get, "IpcSignal", DefaultParameterSetName = TableSet)]
[OutputType(typeof(SignalInfo), ParameterSetName = new[] { TableSet })]
[OutputType(typeof(ProcessSignalState), ParameterSetName = new[] { ProcessSet })]
public sealed class GetIpcSignalCommand : PosixIpcCmdlet
{
    private const string TableSet = "Table";
    private const string ProcessSet = "Process";

    /// <summary>Only these signals, by name or number; every signal when not given.</summary>
    [Parameter(Position = 0, ParameterSetName = TableSet)]
    [ArgumentCompleter(typeof(SignalNameCompleter))]
    [ValidateNotNullOrEmpty]
    public string[]? Signal { get; set; }

    /// <summary>Processes whose caught, blocked, ignored and pending signals to show.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ProcessSet, ValueFromPipelineByPropertyName = true)]
    [Alias("ProcessId", "Pid")]
    public int[] Id { get; set; } = null!;

    protected override void ProcessRecord()
    {
        if (ParameterSetName == ProcessSet)
        {
            foreach (int id in Id)
            {
                try
                {
                    WriteObject(ProcessSignalState.Read(id));
                }
                catch (PosixIpcException e)
                {
                    WriteIpcError(e);
                }
            }

            return;
        }

        if (Signal == null)
        {
            WriteObject(SignalTable.Signals, enumerateCollection: true);
            return;
        }

        foreach (string name in Signal)
        {
            try
            {
                WriteObject(SignalTable.Parse(name));
            }
            catch (PosixIpcException e)
            {
                WriteIpcError(e);
            }
        }
    }
}
