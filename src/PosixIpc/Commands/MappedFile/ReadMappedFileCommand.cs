using System.Text;
using PosixIpc.MappedFiles;

namespace PosixIpc.Commands;

[Cmdlet(VerbsCommunications.Read, "MappedFile", DefaultParameterSetName = TextSet)]
[OutputType(typeof(MappedFileData))]
public sealed class ReadMappedFileCommand : MappedFileReadingCommand
{
    /// <summary>The most bytes decoded into one string: 256 MiB.</summary>
    internal const long MaxTextBytes = 256L * 1024 * 1024;

    /// <summary>The files: each as it is when it exists, else what its wildcards or escapes match. </summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = TextSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = BytesSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [SupportsWildcards]
    public string[] Path { get; set; } = null!;

    /// <summary>The path exactly as given: no wildcards, no escapes (Get-ChildItem's PSPath binds here). </summary>
    [Parameter(Mandatory = true, ParameterSetName = LiteralTextSet, ValueFromPipelineByPropertyName = true)]
    [Parameter(Mandatory = true, ParameterSetName = LiteralBytesSet, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "LP", "FullName")]
    [ValidateNotNullOrEmpty]
    public string[] LiteralPath { get; set; } = null!;

    /// <summary>Where to start, in bytes from the start of the file.</summary>
    [Parameter(Position = 1, ValueFromPipelineByPropertyName = true)]
    [ValidateRange(0, long.MaxValue)]
    public long Offset { get; set; }

    /// <summary>How many bytes to read; to the end of the file when omitted.</summary>
    [Parameter(Position = 2)]
    [ValidateRange(1, long.MaxValue)]
    public long Count { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = BytesSet)]
    [Parameter(Mandatory = true, ParameterSetName = LiteralBytesSet)]
    public SwitchParameter AsByteStream { get; set; }

    /// <summary>
    /// With -AsByteStream, the most bytes per emitted object: ByteChunks.Size (80 KiB) by default, below
    /// the large object heap's threshold: measured on 1 GiB, 256 KiB and 1 MiB chunks (large objects,
    /// each fresh memory for the GC) were up to four times slower than 64 KiB.
    /// </summary>
    [Parameter(ParameterSetName = BytesSet)]
    [Parameter(ParameterSetName = LiteralBytesSet)]
    [ValidateRange(4096, 1024 * 1024 * 1024)]
    public int ChunkSize { get; set; } = ByteChunks.Size;

    [Parameter(ParameterSetName = TextSet)]
    [Parameter(ParameterSetName = LiteralTextSet)]
    [EncodingTransformation]
    [ArgumentCompleter(typeof(EncodingCompleter))]
    public Encoding Encoding { get; set; } = EncodingNames.Default;

    protected override void ProcessRecord()
    {
        bool counted = MyInvocation.BoundParameters.ContainsKey(nameof(Count));
        ForEachMappedFile(InLiteralSet ? LiteralPath : Path, InLiteralSet, file => ReadOne(file, counted));
    }

    private void ReadOne(MappedFile file, bool counted)
    {
        long size = file.Size;
        if (size == 0)
        {
            throw MappedFileErrors.Empty(file.Path);
        }

        long count = counted ? Count : size - Offset;
        if (Offset >= size || count > size - Offset)
        {
            throw MappedFileErrors.OutOfRange(file.Path, Offset, counted ? Count : 0, size, writing: false);
        }

        long end = Offset + count;
        if (AsByteStream)
        {
            // Bounded chunks, each a new array the pipeline may keep: memory stays at about one chunk
            // however large the range, as long as the consumer does not collect them all.
            var progress = new ProgressThrottle(this, 1, $"Read-MappedFile: reading '{file.Path}'");
            for (long at = Offset; at < end; at += ChunkSize)
            {
                if (progress.Due)
                {
                    progress.Report(at - Offset, count, $"{at - Offset:N0} of {count:N0} bytes");
                }

                StopToken.ThrowIfCancellationRequested();
                int n = (int)Math.Min(ChunkSize, end - at);
                WriteObject(new MappedFileData(file.Path, at, file.Read(at, n), null, n, null));
            }

            progress.Complete();
            return;
        }

        if (count > MaxTextBytes)
        {
            throw MappedFileErrors.TextTooLarge(file.Path, count, MaxTextBytes);
        }

        ReadOnlySpan<byte> span = file.Read(Offset, (int)count);
        ReadOnlySpan<byte> preamble = Encoding.Preamble;
        if (Offset == 0 && preamble.Length > 0 && span.StartsWith(preamble))
        {
            span = span.Slice(preamble.Length);
        }

        WriteObject(new MappedFileData(file.Path, Offset, null, Encoding.GetString(span), count, Encoding));
    }
}
