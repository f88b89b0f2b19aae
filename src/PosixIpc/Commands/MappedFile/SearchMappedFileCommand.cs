using System.Text;
using PosixIpc.MappedFiles;

namespace PosixIpc.Commands;

[Cmdlet(VerbsCommon.Search, "MappedFile", DefaultParameterSetName = TextSet)]
[OutputType(typeof(MappedFileMatch))]
[OutputType(typeof(MappedFileMatchCount))]
public sealed class SearchMappedFileCommand : MappedFileReadingCommand
{
    /// <summary>The most matches gathered from one window before they are emitted.</summary>
    private const int BatchSize = 65536;

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

    /// <summary>The text to find, encoded with -Encoding (no byte order mark).</summary>
    [Parameter(Mandatory = true, Position = 1, ParameterSetName = TextSet)]
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = LiteralTextSet)]
    [ValidateNotNullOrEmpty]
    public string Text { get; set; } = null!;

    [Parameter(ParameterSetName = TextSet)]
    [Parameter(ParameterSetName = LiteralTextSet)]
    [EncodingTransformation]
    [ArgumentCompleter(typeof(EncodingCompleter))]
    public Encoding Encoding { get; set; } = EncodingNames.Default;

    /// <summary>The bytes to find.</summary>
    [Parameter(Mandatory = true, ParameterSetName = BytesSet)]
    [Parameter(Mandatory = true, ParameterSetName = LiteralBytesSet)]
    [ValidateNotNullOrEmpty]
    [ValidateCount(1, MappedFile.MaxPatternLength)]
    public byte[] Pattern { get; set; } = null!;

    /// <summary>Where to start searching, in bytes from the start of the file.</summary>
    [Parameter]
    [ValidateRange(0, long.MaxValue)]
    public long Offset { get; set; }

    /// <summary>Stop after this many matches in each file.</summary>
    [Parameter]
    [ValidateRange(1, long.MaxValue)]
    public long First { get; set; }

    /// <summary>Emit only the number of matches in each file.</summary>
    [Parameter]
    public SwitchParameter CountOnly { get; set; }

    protected override void ProcessRecord()
    {
        byte[] pattern = ParameterSetName is BytesSet or LiteralBytesSet ? Pattern : Encoding.GetBytes(Text);
        if (pattern.Length == 0 || pattern.Length > MappedFile.MaxPatternLength)
        {
            ThrowTerminatingError(new ErrorRecord(
                new ArgumentException($"The pattern must hold from 1 to {MappedFile.MaxPatternLength} bytes; it holds {pattern.Length}."),
                ErrorIds.MappedFilePatternLength, ErrorCategory.InvalidArgument, Text));
        }

        ForEachMappedFile(InLiteralSet ? LiteralPath : Path, InLiteralSet, file => SearchOne(file, pattern));
    }

    private void SearchOne(MappedFile file, byte[] pattern)
    {
        long size = file.Size;
        if (Offset > size)
        {
            throw MappedFileErrors.OutOfRange(file.Path, Offset, 0, size, writing: false);
        }

        long limit = First > 0 ? First : long.MaxValue;
        long found = 0;
        var hits = CountOnly ? null : new List<long>();
        long position = Offset;
        var progress = new ProgressThrottle(this, 1, $"Search-MappedFile: searching '{file.Path}'");

        // One window (64 MiB) per step; Ctrl+C is looked at between windows.
        while (position >= 0 && found < limit)
        {
            progress.Report(position - Offset, size - Offset, $"{position - Offset:N0} of {size - Offset:N0} bytes, {found:N0} match(es)");
            if (StopToken.IsCancellationRequested)
            {
                throw Stopped();
            }

            int max = (int)Math.Min(hits == null ? int.MaxValue : BatchSize, limit - found);
            hits?.Clear();
            position = file.Scan(pattern, position, hits, max, out long n);
            found += n;
            if (hits != null)
            {
                foreach (long hit in hits)
                {
                    WriteObject(new MappedFileMatch(file.Path, hit, pattern.Length));
                }
            }
        }

        progress.Complete();
        if (CountOnly)
        {
            WriteObject(new MappedFileMatchCount(file.Path, found, file.Size));
        }
    }
}
