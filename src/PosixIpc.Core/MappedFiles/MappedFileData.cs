using System.Text;

namespace PosixIpc.MappedFiles;

/// <summary>
/// What Read-MappedFile emits: a range of a file, as bytes (-AsByteStream, one object per chunk)
/// or decoded text.
/// </summary>
public sealed class MappedFileData
{
    public MappedFileData(string path, long offset, byte[]? bytes, string? text, long length, Encoding? encoding)
    {
        Path = path;
        Offset = offset;
        Bytes = bytes;
        Text = text;
        Length = length;
        Encoding = encoding?.WebName;
    }

    /// <summary>The file's absolute path.</summary>
    public string Path { get; }

    /// <summary>Where in the file the range starts, in bytes.</summary>
    public long Offset { get; }

    /// <summary>How many bytes of the file the range covers.</summary>
    public long Length { get; }

    /// <summary>The bytes (with -AsByteStream), else null.</summary>
    public byte[]? Bytes { get; }

    /// <summary>The decoded text (without -AsByteStream), else null.</summary>
    public string? Text { get; }

    /// <summary>The encoding the text was decoded with, or null for bytes.</summary>
    public string? Encoding { get; }

    public override string ToString() => Text ?? $"{Length} bytes at {Offset} of {Path}";
}
