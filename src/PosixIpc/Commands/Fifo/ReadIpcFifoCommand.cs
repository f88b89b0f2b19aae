using System.Text;
using PosixIpc.Fifo;
using PosixIpc.Text;

namespace PosixIpc.Commands;

[Cmdlet(VerbsCommunications.Read, "IpcFifo", DefaultParameterSetName = TextSet)]
[OutputType(typeof(string), ParameterSetName = new[] { TextSet, LiteralTextSet })]
[OutputType(typeof(byte[]), ParameterSetName = new[] { BytesSet, LiteralBytesSet })]
[OutputType(typeof(IpcFileTransfer), ParameterSetName = new[] { OutFileSet, LiteralOutFileSet })]
public sealed class ReadIpcFifoCommand : PosixIpcCmdlet
{
    private const string OutFileSet = "OutFile";
    private const string LiteralOutFileSet = "LiteralOutFile";
    private const int RawBufferSize = 1 << 20;

    private FifoReader? _reader;

    /// <summary>The FIFO: as it is when it exists, else the one FIFO its wildcards or escapes match. </summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = TextSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = BytesSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = OutFileSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [SupportsWildcards]
    public string Path { get; set; } = null!;

    /// <summary>The path exactly as given: no wildcards, no escapes (Get-ChildItem's PSPath binds here). </summary>
    [Parameter(Mandatory = true, ParameterSetName = LiteralTextSet, ValueFromPipelineByPropertyName = true)]
    [Parameter(Mandatory = true, ParameterSetName = LiteralBytesSet, ValueFromPipelineByPropertyName = true)]
    [Parameter(Mandatory = true, ParameterSetName = LiteralOutFileSet, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "LP", "FullName")]
    [ValidateNotNullOrEmpty]
    public string LiteralPath { get; set; } = null!;

    /// <summary>Everything until the writers have gone, as one string (or with -AsByteStream one byte[]).</summary>
    [Parameter]
    public SwitchParameter Raw { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = BytesSet)]
    [Parameter(Mandatory = true, ParameterSetName = LiteralBytesSet)]
    [Parameter(Mandatory = true, ParameterSetName = OutFileSet)]
    [Parameter(Mandatory = true, ParameterSetName = LiteralOutFileSet)]
    public SwitchParameter AsByteStream { get; set; }

    /// <summary>Move the bytes into this file (created or emptied) instead of emitting them: with splice(2), in the kernel.</summary>
    [Parameter(Mandatory = true, ParameterSetName = OutFileSet)]
    [Parameter(Mandatory = true, ParameterSetName = LiteralOutFileSet)]
    [ValidateNotNullOrEmpty]
    public string OutFile { get; set; } = null!;

    /// <summary>With -OutFile: emit what was moved (bytes, file, how).</summary>
    [Parameter(ParameterSetName = OutFileSet)]
    [Parameter(ParameterSetName = LiteralOutFileSet)]
    public SwitchParameter PassThru { get; set; }

    [Parameter(ParameterSetName = TextSet)]
    [Parameter(ParameterSetName = LiteralTextSet)]
    [EncodingTransformation]
    [ArgumentCompleter(typeof(EncodingCompleter))]
    public Encoding Encoding { get; set; } = EncodingNames.Default;

    /// <summary>Stop after this many lines (with -AsByteStream, bytes). The rest stays in the FIFO.</summary>
    [Parameter]
    [ValidateRange(1, long.MaxValue)]
    public long Count { get; set; }

    /// <summary>Fail when no data has come for this long (no writer, or a silent one).</summary>
    [Parameter]
    [ValidateRange(0, int.MaxValue)]
    public double TimeoutSec { get; set; }

    /// <summary>The most characters a line may have; a longer one ends the read with FifoLineTooLong, so a line without end cannot fill memory.</summary>
    [Parameter(ParameterSetName = TextSet)]
    [Parameter(ParameterSetName = LiteralTextSet)]
    [ValidateRange(1, int.MaxValue)]
    public int MaxLineLength { get; set; } = LineDecoder.DefaultMaxLineLength;

    protected override void ProcessRecord()
    {
        if (Raw && Count > 0 && !AsByteStream)
        {
            ThrowTerminatingError(new ErrorRecord(
                new ArgumentException("-Raw reads until the writers have gone and -Count stops after a number of lines; use one of them."),
                ErrorIds.RawWithCount, ErrorCategory.InvalidArgument, Path));
        }

        string path = ResolveOnePath(InLiteralSet ? LiteralPath : Path, InLiteralSet);
        TimeSpan? timeout = BoundTimeout(TimeoutSec);
        try
        {
            RunForItem(() =>
            {
                using (_reader = FifoReader.Open(path))
                {
                    if (ParameterSetName is OutFileSet or LiteralOutFileSet)
                    {
                        IpcFileTransfer moved = _reader.CopyToFile(ResolveNewPath(OutFile), Count > 0 ? Count : long.MaxValue, timeout, StopToken);
                        if (PassThru)
                        {
                            WriteObject(moved);
                        }
                    }
                    else if (AsByteStream)
                    {
                        ReadBytes(_reader, timeout);
                    }
                    else
                    {
                        ReadLines(_reader, timeout);
                    }
                }
            });
        }
        finally
        {
            _reader = null;
        }
    }

    protected override void Dispose(bool disposing) => _reader?.Dispose();

    private void ReadBytes(FifoReader reader, TimeSpan? timeout)
    {
        long remaining = Count > 0 ? Count : long.MaxValue;
        if (Raw)
        {
            var all = new MemoryStream();
            byte[] buffer = new byte[(int)Math.Min(RawBufferSize, remaining)];
            int n;
            while (remaining > 0 && (n = reader.Read(buffer.AsSpan(0, (int)Math.Min(buffer.Length, remaining)), timeout, StopToken)) > 0)
            {
                all.Write(buffer, 0, n);
                remaining -= n;
            }

            WriteObject(all.ToArray());
            return;
        }

        // Chunks by the one rule for emitted bytes (ByteChunks): new arrays of up to 1 MiB.
        byte[]? chunk;
        while (remaining > 0 && (chunk = reader.ReadChunk(remaining, timeout, StopToken)) != null)
        {
            remaining -= chunk.Length;
            WriteObject(chunk);
        }
    }

    private void ReadLines(FifoReader reader, TimeSpan? timeout)
    {
        var decoder = new LineDecoder(Encoding, MaxLineLength);
        var lines = new List<string>();
        var raw = Raw ? new StringBuilder() : null;
        Decoder? rawDecoder = Raw ? Encoding.GetDecoder() : null;
        long remaining = Count > 0 ? Count : long.MaxValue;
        _next = 0;

        // With -Count, nothing after the last wanted line is taken out of the FIFO (FifoReader.ReadLines).
        byte[] buffer = new byte[64 * 1024];
        byte[] newline = Encoding.GetBytes("\n");
        char[] chars = new char[Encoding.GetMaxCharCount(buffer.Length)];
        try
        {
            while (remaining > 0)
            {
                int n = Count > 0 ? reader.ReadLines(buffer, decoder, remaining, newline, timeout, StopToken) : reader.Read(buffer, timeout, StopToken);
                if (n == 0)
                {
                    decoder.Finish(lines);
                    Emit(lines, ref remaining);
                    ThrowIfOverlong(decoder, reader.Path);
                    break;
                }

                if (raw != null)
                {
                    raw.Append(chars, 0, rawDecoder!.GetChars(buffer, 0, n, chars, 0, flush: false));
                    continue;
                }

                decoder.Decode(buffer.AsSpan(0, n), lines);
                Emit(lines, ref remaining);
                ThrowIfOverlong(decoder, reader.Path);
            }
        }
        catch (PosixIpcException e)
        {
            // A timeout (or a failed read) after part of a line: the error carries what was read.
            string held = Held(lines, decoder, raw, rawDecoder, chars, passedOn: false);
            throw held.Length > 0 ? e.Carrying(held, FifoErrors.HeldNote(held)) : e;
        }
        catch (Exception e) when (e is OperationCanceledException or PipelineStoppedException)
        {
            // Stopped: what was read and not emitted cannot go back into the FIFO, so it is reported.
            string held = Held(lines, decoder, raw, rawDecoder, chars, e is PipelineStoppedException p && WasPassedOn(p));
            if (held.Length > 0)
            {
                ReportWhileStopping(FifoErrors.NotEmitted(reader.Path, held));
            }

            throw;
        }

        if (raw != null)
        {
            raw.Append(chars, 0, rawDecoder!.GetChars(Array.Empty<byte>(), 0, 0, chars, 0, flush: true));
            string text = raw.ToString();
            WriteObject(text.Length > 0 && text[0] == '\uFEFF' ? text.Substring(1) : text);
        }
    }

    private void ThrowIfOverlong(LineDecoder decoder, string path)
    {
        if (decoder.Overlong)
        {
            throw FifoErrors.LineTooLong(path, MaxLineLength);
        }
    }

    // The next line of the decoded batch to emit.
    private int _next;

    /// <summary>
    /// What was read and not emitted: the decoded lines not yet written (passedOn: the one being
    /// written had reached the next command), then the unfinished line; with -Raw all the text.
    /// </summary>
    private string Held(List<string> lines, LineDecoder decoder, StringBuilder? raw, Decoder? rawDecoder, char[] chars, bool passedOn)
    {
        if (raw != null)
        {
            raw.Append(chars, 0, rawDecoder!.GetChars(Array.Empty<byte>(), 0, 0, chars, 0, flush: true));
            return raw.ToString();
        }

        int first = passedOn ? _next + 1 : _next;
        if (first >= lines.Count)
        {
            // Only the unfinished (or over-long) line: no second copy of what may be a long text.
            return decoder.TakePending();
        }

        var held = new StringBuilder();
        for (int i = first; i < lines.Count; i++)
        {
            held.Append(lines[i]).Append('\n');
        }

        held.Append(decoder.TakePending());
        return held.ToString();
    }

    private void Emit(List<string> lines, ref long remaining)
    {
        for (_next = 0; _next < lines.Count && remaining > 0; _next++)
        {
            WriteObject(lines[_next]);
            remaining--;
        }

        lines.Clear();
        _next = 0;
    }
}
