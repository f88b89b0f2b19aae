namespace PosixIpc.MappedFiles;

/// <summary>One match Search-MappedFile found: pipe it to Read-MappedFile, which takes Path and Offset by property name.</summary>
public sealed class MappedFileMatch(string path, long offset, int length)
{
    /// <summary>The file's absolute path.</summary>
    public string Path { get; } = path;

    /// <summary>The offset of the match's first byte in the file.</summary>
    public long Offset { get; } = offset;

    /// <summary>The pattern's length in bytes.</summary>
    public int Length { get; } = length;

    public override string ToString() => Offset.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>What Search-MappedFile -Count emits: how many matches one file holds.</summary>
public sealed class MappedFileMatchCount(string path, long count, long scanned)
{
    /// <summary>The file's absolute path.</summary>
    public string Path { get; } = path;

    /// <summary>How many matches (that do not overlap) the file holds from the start offset on, or up to -First.</summary>
    public long Count { get; } = count;

    /// <summary>The file's size when the search ended, in bytes.</summary>
    public long Scanned { get; } = scanned;
}
