using System;
using System.Collections;
using System.Collections.Generic;
using System.Buffers;
using System.Diagnostics;
using System.Management.Automation;
using System.Text;
using PosixIpc.Fifo;

namespace PosixIpc.Commands;

[Cmdlet(VerbsCommunications.Write, "IpcFifo", DefaultParameterSetName = TextSet)]
[OutputType(typeof(FifoWriteResult))]
public sealed class WriteIpcFifoCommand : PosixIpcCmdlet
{
    private const string TextSet = "Text";
    private const string BytesSet = "Bytes";

    private readonly byte[] _scratch = new byte[1];
    private readonly SingleByteBuffer _singles = new();
    private FifoWriter? _writer;
    private Stopwatch? _clock;
    private long _items;
    private bool _preambleWritten;

    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = null!;

    [Parameter(Mandatory = true, Position = 1, ValueFromPipeline = true)]
    [AllowNull]
    [AllowEmptyString]
    public object? Value { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = BytesSet)]
    public SwitchParameter AsByteStream { get; set; }

    [Parameter(ParameterSetName = TextSet)]
    [EncodingTransformation]
    [ArgumentCompleter(typeof(EncodingCompleter))]
    public Encoding Encoding { get; set; } = EncodingNames.Default;

    [Parameter(ParameterSetName = TextSet)]
    public SwitchParameter NoNewline { get; set; }

    /// <summary>How long to wait for a reader to open the FIFO, and for a stalled reader to take more.</summary>
    [Parameter]
    [ValidateRange(0, int.MaxValue)]
    public double TimeoutSec { get; set; } = -1;

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void BeginProcessing()
    {
        string path = ResolveNewPath(Path);
        TimeSpan? timeout = BoundTimeout(TimeoutSec);
        RunForCommand(() =>
        {
            _writer = FifoWriter.Open(path, timeout, StopToken);
            _clock = Stopwatch.StartNew();
        });
    }

    protected override void ProcessRecord()
    {
        // No reader came within -TimeoutSec: that error was written, and nothing goes anywhere.
        if (_writer == null)
        {
            return;
        }

        RunForCommand(() =>
        {
            foreach (object? item in ByteInput.Items(Value))
            {
                bool written = AsByteStream ? WriteBytes(_writer!, item) : WriteText(_writer!, item);
                if (written)
                {
                    _items++;
                }
            }
        });
    }

    protected override void EndProcessing()
    {
        if (_writer == null)
        {
            return;
        }

        RunForCommand(() =>
        {
            _singles.Flush(_writer, StopToken);
        });

        _writer.Dispose();
        if (PassThru)
        {
            WriteObject(new FifoWriteResult(_writer.Path, _items, _writer.BytesWritten, _clock!.Elapsed));
        }
    }

    protected override void Dispose(bool disposing) => _writer?.Dispose();

    private bool WriteBytes(FifoWriter writer, object? item)
    {
        if (!ByteInput.TryGetBytes(item, _scratch, out ReadOnlyMemory<byte> bytes))
        {
            WriteError(new ErrorRecord(
                new ArgumentException($"With -AsByteStream every item must be a byte, a byte[] or a number from 0 to 255; '{item}' is not. It was skipped."),
                ErrorIds.NotBytes, ErrorCategory.InvalidArgument, item));
            return false;
        }

        // Bytes piped one at a time are gathered into blocks; a block of bytes goes out at once.
        if (bytes.Length == 1 && !(item is byte[] or PSObject { BaseObject: byte[] }))
        {
            _singles.Add(bytes.Span[0], writer, StopToken);
            return true;
        }

        _singles.Flush(writer, StopToken);
        writer.Write(bytes.Span, StopToken);
        return true;
    }

    private bool WriteText(FifoWriter writer, object? item)
    {
        string text = item switch
        {
            null => string.Empty,
            string s => s,
            _ => LanguagePrimitives.ConvertTo<string>(item),
        };

        int max = Encoding.GetMaxByteCount(text.Length + 1) + 4;
        byte[] buffer = ArrayPool<byte>.Shared.Rent(max);
        try
        {
            int length = 0;
            if (!_preambleWritten)
            {
                _preambleWritten = true;
                ReadOnlySpan<byte> preamble = Encoding.Preamble;
                preamble.CopyTo(buffer);
                length = preamble.Length;
            }

            length += Encoding.GetBytes(text, buffer.AsSpan(length));
            if (!NoNewline)
            {
                length += Encoding.GetBytes("\n", buffer.AsSpan(length));
            }

            _singles.Flush(writer, StopToken);
            writer.Write(buffer.AsSpan(0, length), StopToken);
            return true;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
