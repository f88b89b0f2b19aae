using System.Buffers;
using System.Diagnostics;
using PosixIpc.Fifo;

namespace PosixIpc.Commands;

[Cmdlet(VerbsCommunications.Write, "IpcFifo", DefaultParameterSetName = TextSet)]
[OutputType(typeof(FifoWriteResult))]
public sealed class WriteIpcFifoCommand : ByteSinkCommand
{
    private const string InFileSet = "InFile";

    private FifoWriter? _writer;
    private Stopwatch? _clock;
    private bool _preambleWritten;

    /// <summary>The FIFO: as it is when it exists, else the one FIFO its wildcards or escapes match. Give -Path or -LiteralPath.</summary>
    [Parameter(Position = 0)]
    [ValidateNotNullOrEmpty]
    [SupportsWildcards]
    public string? Path { get; set; }

    /// <summary>The path exactly as given: no wildcards, no escapes. Give -Path or -LiteralPath.</summary>
    [Parameter]
    [Alias("PSPath", "LP")]
    [ValidateNotNullOrEmpty]
    public string? LiteralPath { get; set; }

    [Parameter(ParameterSetName = TextSet)]
    public SwitchParameter NoNewline { get; set; }

    /// <summary>Write this file's bytes instead of -Value: with splice(2), in the kernel.</summary>
    [Parameter(Mandatory = true, ParameterSetName = InFileSet)]
    [ValidateNotNullOrEmpty]
    public string InFile { get; set; } = null!;

    /// <summary>How long to wait for a reader to open the FIFO, and for a stalled reader to take more.</summary>
    [Parameter]
    [ValidateRange(0, int.MaxValue)]
    public double TimeoutSec { get; set; } = -1;

    protected override (string Target, string Action) Intent => (OnePathArgument(Path, LiteralPath), "Write to FIFO");

    protected override void Open()
    {
        _writer = FifoWriter.Open(ResolveOnePath(OnePathArgument(Path, LiteralPath), IsLiteralPath), BoundTimeout(TimeoutSec), StopToken, WaitNarration.For(this, BoundTimeout(TimeoutSec)));
        _clock = Stopwatch.StartNew();
    }

    protected override void ProcessRecord()
    {
        if (ParameterSetName != InFileSet)
        {
            base.ProcessRecord();
        }
    }

    protected override void Put(ReadOnlySpan<byte> bytes) => _writer!.Write(bytes, StopToken);

    /// <summary>The encoding's preamble before the first text, and a newline after each unless -NoNewline.</summary>
    protected override void EncodeText(string text, ArrayBufferWriter<byte> output)
    {
        if (!_preambleWritten)
        {
            _preambleWritten = true;
            output.Write(Encoding.Preamble);
        }

        base.EncodeText(text, output);
        if (!NoNewline)
        {
            base.EncodeText("\n", output);
        }
    }

    protected override void Finish()
    {
        if (ParameterSetName == InFileSet)
        {
            _writer!.CopyFromFile(ResolveNewPath(InFile), StopToken);
        }

        _writer!.Dispose();
        if (PassThru)
        {
            WriteObject(new FifoWriteResult(_writer.Path, ParameterSetName == InFileSet ? 1 : ItemsWritten, _writer.BytesWritten, _clock!.Elapsed));
        }
    }

    protected override void Dispose(bool disposing) => _writer?.Dispose();
}
