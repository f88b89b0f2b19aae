using PosixIpc.Fifo;

namespace PosixIpc.Commands;

[Cmdlet(VerbsCommon.Remove, "IpcFifo", DefaultParameterSetName = "Path", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(FifoInfo))]
public sealed class RemoveIpcFifoCommand : PosixIpcCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = "Path", ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [SupportsWildcards]
    public string[] Path { get; set; } = null!;

    /// <summary>The path exactly as given: no wildcards, no escapes (Get-ChildItem's PSPath binds here).</summary>
    [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "LP", "FullName")]
    [ValidateNotNullOrEmpty]
    public string[] LiteralPath { get; set; } = null!;

    /// <summary>Emits each removed FIFO as it was just before removal.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        bool literal = ParameterSetName == LiteralPathSet;
        foreach (string pattern in literal ? LiteralPath : Path)
        {
            bool named = literal || !WildcardPattern.ContainsWildcardCharacters(pattern);
            foreach (string path in ResolveExistingPaths(pattern, ErrorIds.FifoNotFound, literal))
            {
                // A wildcard picks the FIFOs among what it matches; a path named outright must be one.
                if (!named && !Fifos.IsFifo(path))
                {
                    continue;
                }

                RunForItem(() =>
                {
                    FifoInfo fifo = Fifos.Get(path);
                    if (!ShouldProcess(Text.ByteName.Escape(path), "Remove FIFO"))
                    {
                        return;
                    }

                    Fifos.Remove(path);
                    if (PassThru)
                    {
                        WriteObject(fifo);
                    }
                });
            }
        }
    }
}
