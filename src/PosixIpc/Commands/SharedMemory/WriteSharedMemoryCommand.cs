using System;
using System.Buffers;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Text;
using PosixIpc.SharedMemory;

namespace PosixIpc.Commands;

[Cmdlet(VerbsCommunications.Write, "SharedMemory", DefaultParameterSetName = TextSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(SharedMemoryWriteResult))]
public sealed class WriteSharedMemoryCommand : PosixIpcCmdlet
{
    private const string TextSet = "Text";
    private const string BytesSet = "Bytes";

    private readonly byte[] _scratch = new byte[1];
    private readonly ArrayBufferWriter<byte> _singles = new();
    private SharedMemorySegment? _segment;
    private long _position;
    private long _items;

    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(ShmNameCompleter))]
    public string Name { get; set; } = null!;

    [Parameter(Mandatory = true, Position = 1, ValueFromPipeline = true)]
    [AllowNull]
    [AllowEmptyString]
    public object? Value { get; set; }

    /// <summary>Where the first byte goes; later pipeline items follow on one after the other.</summary>
    [Parameter]
    [ValidateRange(0, long.MaxValue)]
    public long Offset { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = BytesSet)]
    public SwitchParameter AsByteStream { get; set; }

    [Parameter(ParameterSetName = TextSet)]
    [EncodingTransformation]
    [ArgumentCompleter(typeof(EncodingCompleter))]
    public Encoding Encoding { get; set; } = EncodingNames.Default;

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void BeginProcessing()
    {
        RunForCommand(() =>
        {
            string full = IpcName.Normalize(Name, IpcNameKind.SharedMemory);
            if (ShouldProcess(full, $"Write to shared memory segment from offset {Offset}"))
            {
                _segment = SharedMemorySegment.Open(full);
                _position = Offset;
            }
        });
    }

    protected override void ProcessRecord()
    {
        if (_segment == null)
        {
            return;
        }

        // Later items would land where a failed one did not; stop rather than write a torn sequence.
        SharedMemorySegment segment = _segment;
        RunForCommand(() =>
        {
            foreach (object? item in ByteInput.Items(Value))
            {
                if (AsByteStream ? WriteBytes(segment, item) : WriteText(segment, item))
                {
                    _items++;
                }
            }
        });
    }

    protected override void EndProcessing()
    {
        if (_segment == null)
        {
            return;
        }

        RunForCommand(() =>
        {
            FlushSingles(_segment);
        });

        if (PassThru)
        {
            WriteObject(new SharedMemoryWriteResult(_segment.Name, Offset, _position - Offset, _items));
        }

        _segment.Dispose();
    }

    protected override void Dispose(bool disposing) => _segment?.Dispose();

    private bool WriteBytes(SharedMemorySegment segment, object? item)
    {
        if (!ByteInput.TryGetBytes(item, _scratch, out ReadOnlyMemory<byte> bytes))
        {
            WriteError(new ErrorRecord(
                new ArgumentException($"With -AsByteStream every item must be a byte, a byte[] or a number from 0 to 255; '{item}' is not. It was skipped."),
                ErrorIds.NotBytes, ErrorCategory.InvalidArgument, item));
            return false;
        }

        // Bytes the pipeline unrolled one at a time are gathered and written as one block.
        if (bytes.Length == 1 && !(item is byte[] or PSObject { BaseObject: byte[] }))
        {
            _singles.Write(bytes.Span);
            return true;
        }

        FlushSingles(segment);
        Put(segment, bytes.Span);
        return true;
    }

    private bool WriteText(SharedMemorySegment segment, object? item)
    {
        string text = item switch
        {
            null => string.Empty,
            string s => s,
            _ => LanguagePrimitives.ConvertTo<string>(item),
        };

        byte[] buffer = ArrayPool<byte>.Shared.Rent(Encoding.GetMaxByteCount(text.Length));
        try
        {
            int length = Encoding.GetBytes(text, buffer);
            Put(segment, buffer.AsSpan(0, length));
            return true;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void FlushSingles(SharedMemorySegment segment)
    {
        if (_singles.WrittenCount > 0)
        {
            Put(segment, _singles.WrittenSpan);
            _singles.Clear();
        }
    }

    private void Put(SharedMemorySegment segment, ReadOnlySpan<byte> bytes)
    {
        segment.Write(_position, bytes);
        _position += bytes.Length;
    }
}
