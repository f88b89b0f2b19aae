using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Text;
using PosixIpc.MappedFiles;

namespace PosixIpc.Commands;

[Cmdlet(VerbsCommunications.Write, "MappedFile", DefaultParameterSetName = TextSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(MappedFileWriteResult))]
public sealed class WriteMappedFileCommand : PosixIpcCmdlet
{
    private const string TextSet = "Text";
    private const string BytesSet = "Bytes";
    private const int PendingSize = 64 * 1024;

    private readonly byte[] _scratch = new byte[1];
    private readonly byte[] _pending = new byte[PendingSize];
    private int _pendingLength;
    private string? _path;
    private MappedFile? _file;
    private long _position;
    private long _knownSize;
    private long _written;
    private long _items;

    [Parameter(Mandatory = true, Position = 0)]
    [Alias("FullName")]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = null!;

    /// <summary>Where the first byte goes, in bytes from the start of the file; later items follow on.</summary>
    [Parameter]
    [ValidateRange(0, long.MaxValue)]
    public long Offset { get; set; }

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

    /// <summary>Let the file grow (ftruncate, never shrinking it) when the data reaches past its end.</summary>
    [Parameter]
    public SwitchParameter Extend { get; set; }

    /// <summary>Sync the written data to disk (msync MS_SYNC, then fsync) before the command ends.</summary>
    [Parameter]
    public SwitchParameter Flush { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void BeginProcessing()
    {
        _path = ResolveNewPath(Path);
        _position = Offset;
    }

    protected override void ProcessRecord()
    {
        try
        {
            foreach (object? item in ByteInput.Items(Value))
            {
                if (Add(item))
                {
                    _items++;
                }
            }
        }
        catch (PosixIpcException e)
        {
            ThrowIpcError(e);
        }
    }

    protected override void EndProcessing()
    {
        try
        {
            FlushPending();
            if (_file != null && Flush)
            {
                _file.Flush();
            }

            if (PassThru && _file != null)
            {
                WriteObject(new MappedFileWriteResult(_file.Path, Offset, _written, _items, _file.Size, Flush));
            }
        }
        catch (PosixIpcException e)
        {
            ThrowIpcError(e);
        }
        finally
        {
            _file?.Dispose();
        }
    }

    protected override void Dispose(bool disposing) => _file?.Dispose();

    private bool Add(object? item)
    {
        object? bare = item is PSObject wrapped ? wrapped.BaseObject : item;
        if (AsByteStream || bare is byte[] or byte)
        {
            if (!ByteInput.TryGetBytes(item, _scratch, out ReadOnlyMemory<byte> bytes))
            {
                WriteError(new ErrorRecord(
                    new ArgumentException($"With -AsByteStream every item must be a byte, a byte[] or a number from 0 to 255; '{item}' is not. It was skipped."),
                    ErrorIds.NotBytes, ErrorCategory.InvalidArgument, item));
                return false;
            }

            // Bytes piped one at a time (a byte[] that PowerShell unrolled) are gathered into blocks.
            if (bytes.Length == 1 && bare is not byte[])
            {
                _pending[_pendingLength++] = bytes.Span[0];
                if (_pendingLength == PendingSize)
                {
                    FlushPending();
                }

                return true;
            }

            FlushPending();
            WriteBlock(bytes.Span);
            return true;
        }

        string text = bare switch
        {
            null => string.Empty,
            string s => s,
            _ => LanguagePrimitives.ConvertTo<string>(item),
        };
        FlushPending();
        WriteBlock(Encoding.GetBytes(text));
        return true;
    }

    private void FlushPending()
    {
        if (_pendingLength > 0)
        {
            int length = _pendingLength;
            _pendingLength = 0;
            WriteBlock(_pending.AsSpan(0, length));
        }
    }

    private void WriteBlock(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length == 0)
        {
            return;
        }

        long end = _position + bytes.Length;
        if (!ShouldProcess(_path, $"Write {bytes.Length} bytes at offset {_position}"))
        {
            _position = end;
            return;
        }

        // Opened once per pipeline, at the first write that is to happen; the mapping's window
        // (64 MiB) then serves the writes that follow on.
        if (_file == null)
        {
            _file = MappedFile.Open(_path!, writable: true);
            _knownSize = _file.Size;
        }

        try
        {
            // -Extend reserves the space of the bytes past the end first (fallocate): a full file
            // system is MappedFileNoSpace before anything is written.
            if (Extend && end > _knownSize)
            {
                _knownSize = _file.ExtendFor(_position, bytes.Length);
            }

            // Checks the range against the size (fstat) first: past the end, nothing is written.
            _file.Write(_position, bytes);
        }
        catch (PosixIpcException e)
        {
            // Function null: refused before any call (out of range, truncated before the copy), so
            // nothing of this item was written.
            string before = _written > 0 ? $" The {_written} bytes before it, from offset {Offset}, were written."
                : e.Function == null ? " The file is unchanged." : "";
            throw new PosixIpcException(e.ErrorId, e.Errno, e.Function, _path!, e.Message + before, e)
            {
                Category = e.Category,
                Scope = e.Scope,
            };
        }

        _position = end;
        _written += bytes.Length;
    }
}
