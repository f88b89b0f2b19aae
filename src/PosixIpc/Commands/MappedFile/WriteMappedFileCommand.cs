using PosixIpc.MappedFiles;

namespace PosixIpc.Commands;

[Cmdlet(VerbsCommunications.Write, "MappedFile", DefaultParameterSetName = TextSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(MappedFileWriteResult))]
public sealed class WriteMappedFileCommand : ByteSinkCommand
{
    private MappedFile? _file;
    private long _position;
    private long _knownSize;
    private long _written;

    /// <summary>The file: as it is when it exists, else the one file its wildcards or escapes match. Give -Path or -LiteralPath.</summary>
    [Parameter(Position = 0)]
    [ValidateNotNullOrEmpty]
    [SupportsWildcards]
    public string? Path { get; set; }

    /// <summary>The path exactly as given: no wildcards, no escapes. Give -Path or -LiteralPath.</summary>
    [Parameter]
    [Alias("PSPath", "LP", "FullName")]
    [ValidateNotNullOrEmpty]
    public string? LiteralPath { get; set; }

    /// <summary>Where the first byte goes, in bytes from the start of the file; later items follow on.</summary>
    [Parameter]
    [ValidateRange(0, long.MaxValue)]
    public long Offset { get; set; }

    /// <summary>Let the file grow (ftruncate, never shrinking it) when the data reaches past its end.</summary>
    [Parameter]
    public SwitchParameter Extend { get; set; }

    /// <summary>Sync the written data to disk (msync MS_SYNC, then fsync) before the command ends.</summary>
    [Parameter]
    public SwitchParameter Flush { get; set; }

    /// <summary>A byte[] among text items is written as its bytes, as a file of bytes expects.</summary>
    protected override bool BytesInTextMode => true;

    private string ResolvedPath => ResolveOnePath(OnePathArgument(Path, LiteralPath), IsLiteralPath);

    protected override (string Target, string Action) Intent =>
        (ResolvedPath, $"Write from offset {Offset}{(Extend ? ", growing the file if needed" : "")}");

    protected override void Open()
    {
        // Opened once per pipeline; the mapping's window (64 MiB) serves the writes that follow on.
        _file = MappedFile.Open(ResolvedPath, writable: true);
        _knownSize = _file.Size;
        _position = Offset;
    }

    protected override void Put(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length == 0)
        {
            return;
        }

        MappedFile file = _file!;
        long end = _position + bytes.Length;
        try
        {
            // -Extend reserves the space of the bytes past the end first (fallocate): a full file
            // system is MappedFileNoSpace before anything is written.
            if (Extend && end > _knownSize)
            {
                _knownSize = file.ExtendFor(_position, bytes.Length);
            }

            // Checks the range against the size (fstat) first: past the end, nothing is written.
            file.Write(_position, bytes);
        }
        catch (PosixIpcException e)
        {
            // Function null: refused before any call (out of range, truncated before the copy), so
            // nothing of this item was written.
            string before = _written > 0 ? $" The {_written} bytes before it, from offset {Offset}, were written."
                : e.Function == null ? " The file is unchanged." : "";
            throw new PosixIpcException(e.ErrorId, e.Errno, e.Function, file.Path, e.Message + before, e)
            {
                Category = e.Category,
                Scope = e.Scope,
            };
        }

        _position = end;
        _written += bytes.Length;
    }

    protected override void Finish()
    {
        MappedFile file = _file!;
        if (Flush)
        {
            file.Flush();
        }

        if (PassThru)
        {
            WriteObject(new MappedFileWriteResult(file.Path, Offset, _written, ItemsWritten, file.Size, Flush));
        }

        file.Dispose();
    }

    protected override void Dispose(bool disposing) => _file?.Dispose();
}
