using System.Buffers;
using System.Text;

namespace PosixIpc.Commands;

/// <summary>
/// What Write-IpcFifo, Write-SharedMemory and Write-MappedFile share: -Value from the pipeline, as
/// text in -Encoding or as bytes with -AsByteStream; one rule for unrolling -Value (ByteInput.Items),
/// one for gathering bytes piped one at a time into blocks, one ShouldProcess before anything is
/// opened. A derived cmdlet opens its object, puts blocks of bytes into it, and finishes.
/// </summary>
public abstract class ByteSinkCommand : PosixIpcCmdlet
{
    private const int BlockSize = 64 * 1024;

    private readonly byte[] _scratch = new byte[1];
    private readonly ArrayBufferWriter<byte> _singles = new(BlockSize);
    private readonly ArrayBufferWriter<byte> _text = new(4096);
    private bool _open;

    [Parameter(Mandatory = true, Position = 1, ValueFromPipeline = true, ParameterSetName = TextSet)]
    [Parameter(Mandatory = true, Position = 1, ValueFromPipeline = true, ParameterSetName = BytesSet)]
    [AllowNull]
    [AllowEmptyString]
    public object? Value { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = BytesSet)]
    public SwitchParameter AsByteStream { get; set; }

    [Parameter(ParameterSetName = TextSet)]
    [EncodingTransformation]
    [ArgumentCompleter(typeof(EncodingCompleter))]
    public Encoding Encoding { get; set; } = EncodingNames.Default;

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <summary>Pipeline items written so far.</summary>
    protected long ItemsWritten { get; private set; }

    /// <summary>The object written to and what is done to it, as ShouldProcess asks ("/seg", "Write to ... from offset 0").</summary>
    protected abstract (string Target, string Action) Intent { get; }

    /// <summary>Opens the object (once per pipeline); a failure ends the command.</summary>
    protected abstract void Open();

    /// <summary>Writes one block of bytes where the last one ended.</summary>
    protected abstract void Put(ReadOnlySpan<byte> bytes);

    /// <summary>After the last block: sync, emit the -PassThru result, close.</summary>
    protected abstract void Finish();

    /// <summary>Whether a byte[] (or a single byte) among text items is written as bytes rather than as its text.</summary>
    protected virtual bool BytesInTextMode => false;

    /// <summary>The bytes one text item becomes; a cmdlet may add a preamble or a newline.</summary>
    protected virtual void EncodeText(string text, ArrayBufferWriter<byte> output)
    {
        Span<byte> span = output.GetSpan(Encoding.GetMaxByteCount(text.Length));
        output.Advance(Encoding.GetBytes(text, span));
    }

    protected override void BeginProcessing() =>
        RunForCommand(() =>
        {
            (string target, string action) = Intent;
            if (ShouldProcess(target, action))
            {
                Open();
                _open = true;
            }
        });

    protected override void ProcessRecord()
    {
        if (!_open)
        {
            return;
        }

        // A failed write ends the command: later items would land where this one did not.
        RunForCommand(() =>
        {
            foreach (object? item in ByteInput.Items(Value))
            {
                if (AsByteStream || (BytesInTextMode && IsBytes(item)) ? AddBytes(item) : AddText(item))
                {
                    ItemsWritten++;
                }
            }
        });
    }

    protected override void EndProcessing()
    {
        if (_open)
        {
            RunForCommand(() =>
            {
                FlushSingles();
                Finish();
            });
        }
    }

    private static bool IsBytes(object? item) => (item is PSObject wrapped ? wrapped.BaseObject : item) is byte[] or byte;

    private bool AddBytes(object? item)
    {
        if (!ByteInput.TryGetBytes(item, _scratch, out ReadOnlyMemory<byte> bytes))
        {
            WriteError(new ErrorRecord(
                new ArgumentException($"With -AsByteStream every item must be a byte, a byte[] or a number from 0 to 255; '{item}' is not. It was skipped."),
                ErrorIds.NotBytes, ErrorCategory.InvalidArgument, item));
            return false;
        }

        // Bytes the pipeline unrolled one at a time are gathered into blocks; a block goes out at once.
        if (bytes.Length == 1 && !(item is byte[] or PSObject { BaseObject: byte[] }))
        {
            _singles.Write(bytes.Span);
            if (_singles.WrittenCount >= BlockSize)
            {
                FlushSingles();
            }

            return true;
        }

        FlushSingles();
        Put(bytes.Span);
        return true;
    }

    private bool AddText(object? item)
    {
        string text = item switch
        {
            null => string.Empty,
            string s => s,
            _ => LanguagePrimitives.ConvertTo<string>(item),
        };

        FlushSingles();
        _text.ResetWrittenCount();
        EncodeText(text, _text);
        Put(_text.WrittenSpan);
        return true;
    }

    private void FlushSingles()
    {
        if (_singles.WrittenCount > 0)
        {
            Put(_singles.WrittenSpan);
            _singles.Clear();
        }
    }
}
