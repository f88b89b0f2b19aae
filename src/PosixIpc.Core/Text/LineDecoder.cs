using System.Text;

namespace PosixIpc.Text;

/// <summary>
/// Turns a byte stream that arrives in pieces into lines: characters split across pieces are kept
/// until complete, a line ends at LF (a CR before it is dropped), and a byte order mark at the very
/// start is dropped. With a maximum line length, a line that grows past it stops the decoding
/// (Overlong), so that what one line holds in memory is bounded by the maximum and one piece.
/// </summary>
public sealed class LineDecoder
{
    /// <summary>The longest line the module's line readers take unless told otherwise (Read-IpcFifo -MaxLineLength): 16 Mi characters.</summary>
    public const int DefaultMaxLineLength = 16 * 1024 * 1024;

    private readonly Decoder _decoder;
    private readonly StringBuilder _partial = new();
    private readonly int _maxLineLength;
    private char[] _chars = new char[4096];
    private bool _started;

    /// <param name="maxLineLength">The most characters a line may have (its LF, and a CR before it, aside).</param>
    public LineDecoder(Encoding encoding, int maxLineLength = int.MaxValue)
    {
        _decoder = encoding.GetDecoder();
        _maxLineLength = maxLineLength;
    }

    /// <summary>
    /// A line was longer than the maximum: Decode stopped at its start, and that line and whatever
    /// came after it in the same piece are pending (TakePending); decoding more is refused.
    /// </summary>
    public bool Overlong { get; private set; }

    /// <summary>Decodes the bytes and appends every line they complete.</summary>
    public void Decode(ReadOnlySpan<byte> bytes, List<string> lines)
    {
        if (Overlong)
        {
            throw new InvalidOperationException("A line was longer than the maximum; the decoder takes no more.");
        }

        int needed = _decoder.GetCharCount(bytes, flush: false);
        if (needed > _chars.Length)
        {
            _chars = new char[Math.Max(needed, _chars.Length * 2)];
        }

        int count = _decoder.GetChars(bytes, _chars, flush: false);
        Split(_chars.AsSpan(0, count), lines);
    }

    /// <summary>Appends what is left when the stream ends: the last line, if it had no line feed.</summary>
    public void Finish(List<string> lines)
    {
        int count = _decoder.GetChars(ReadOnlySpan<byte>.Empty, _chars, flush: true);
        Split(_chars.AsSpan(0, count), lines);
        if (_partial.Length > 0 && !Overlong)
        {
            lines.Add(TrimCarriageReturn(_partial.ToString()));
            _partial.Clear();
        }
    }

    /// <summary>Characters of an unfinished line held now.</summary>
    public int PendingLength => _partial.Length;

    /// <summary>
    /// Takes the unfinished line held so far (with any character whose bytes have not all come,
    /// as a replacement character), or "" when none: what the stream gave and no line has carried.
    /// </summary>
    public string TakePending()
    {
        int count = _decoder.GetChars(ReadOnlySpan<byte>.Empty, _chars, flush: true);
        _partial.Append(_chars, 0, count);
        string pending = _partial.ToString();
        _partial.Clear();
        return pending;
    }

    private void Split(ReadOnlySpan<char> chars, List<string> lines)
    {
        if (!_started && chars.Length > 0)
        {
            _started = true;
            if (chars[0] == '\uFEFF')
            {
                chars = chars.Slice(1);
            }
        }

        while (true)
        {
            int newline = chars.IndexOf('\n');
            if (newline < 0)
            {
                _partial.Append(chars);
                // An unfinished line may still lose a CR before its LF.
                int length = _partial.Length;
                Overlong = length > _maxLineLength && !(length == _maxLineLength + 1 && _partial[length - 1] == '\r');
                return;
            }

            ReadOnlySpan<char> piece = chars.Slice(0, newline);
            int lineLength = _partial.Length + piece.Length - (piece.Length > 0 ? (piece[^1] == '\r' ? 1 : 0) : (_partial.Length > 0 && _partial[^1] == '\r' ? 1 : 0));
            if (lineLength > _maxLineLength)
            {
                _partial.Append(chars);
                Overlong = true;
                return;
            }

            if (_partial.Length > 0)
            {
                _partial.Append(piece);
                lines.Add(TrimCarriageReturn(_partial.ToString()));
                _partial.Clear();
            }
            else
            {
                lines.Add(TrimCarriageReturn(piece));
            }

            chars = chars.Slice(newline + 1);
        }
    }

    private static string TrimCarriageReturn(ReadOnlySpan<char> line) =>
        (line.Length > 0 && line[^1] == '\r' ? line.Slice(0, line.Length - 1) : line).ToString();

    /// <summary>
    /// For a reader that leaves what it does not take in the source (-Count): the most bytes of the
    /// buffer it may take now, never more than would finish the line being decoded one character past
    /// the maximum (a character is at least one byte), so that an over-long line takes no more than
    /// that out of the source and the rest stays for the next reader.
    /// </summary>
    public Span<byte> Window(Span<byte> buffer) =>
        buffer.Slice(0, (int)Math.Clamp((long)_maxLineLength + 1 - _partial.Length, 1, buffer.Length));

    /// <summary>
    /// The bytes that hold the first maxLines lines of data, or all of them when they hold fewer (the
    /// last one unfinished): what a reader may take without taking anything after its last line.
    /// </summary>
    public static int LineBytes(ReadOnlySpan<byte> data, long maxLines, ReadOnlySpan<byte> newline)
    {
        int offset = 0;
        for (long found = 0; found < maxLines; found++)
        {
            int at = data.Slice(offset).IndexOf(newline);
            if (at < 0)
            {
                return data.Length;
            }

            offset += at + newline.Length;
        }

        return offset;
    }
}
