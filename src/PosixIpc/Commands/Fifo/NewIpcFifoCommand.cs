using PosixIpc.Fifo;

namespace PosixIpc.Commands;

[Cmdlet(VerbsCommon.New, "IpcFifo", DefaultParameterSetName = "Path", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(FifoInfo))]
public sealed class NewIpcFifoCommand : PosixIpcCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = "Path", ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = null!;

    /// <summary>The path exactly as given: no wildcards, no escapes (Get-ChildItem's PSPath binds here).</summary>
    [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "LP", "FullName")]
    [ValidateNotNullOrEmpty]
    public string[] LiteralPath { get; set; } = null!;

    [Parameter(Position = 1)]
    [UnixModeTransformation]
    public UnixFileMode Mode { get; set; } = UnixPermissions.OwnerOnly;

    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override void ProcessRecord()
    {
        foreach (string path in ParameterSetName == LiteralPathSet ? LiteralPath : Path)
        {
            string fullPath = ResolveNewPath(path);
            if (!ShouldProcess(fullPath, $"Create FIFO with mode {UnixPermissions.ToOctal(Mode)}"))
            {
                continue;
            }

            RunForItem(() =>
            {
                FifoInfo fifo = Fifos.Create(fullPath, Mode, Force);
                WarnIfModeKept($"The FIFO '{fullPath}'", fifo.Mode, Mode);
                WriteObject(fifo);
            });
        }
    }
}
