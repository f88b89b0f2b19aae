using System.Buffers;
using System.Globalization;
using System.Text;

namespace PosixIpc.Text;

/// <summary>
/// The one rule for names that the kernel keeps as bytes (file names, queue, segment and semaphore
/// names, socket names), which need not be UTF-8. A name has three forms:
/// <list type="bullet">
/// <item>the bytes themselves;</item>
/// <item>the exact string: the bytes decoded as UTF-8, each byte of an invalid sequence carried as the
/// lone surrogate U+DC80..U+DCFF (Python's surrogateescape), so that it turns back into the same bytes.
/// Paths are carried in this form; for UTF-8 bytes it is the plain string;</item>
/// <item>the escaped text, safe to show and to type: a backslash is \\, a byte that is not valid
/// UTF-8 and every byte of a control character (U+0000-U+001F, U+007F-U+009F), a line or paragraph
/// separator or a bidirectional formatting character is \xNN (two hex digits); everything else is
/// as it is. Names of queues, segments and semaphores are carried in this form.</item>
/// </list>
/// </summary>
public static class ByteName
{
    private const char SurrogateBase = '\uDC00';

    /// <summary>The exact string of the bytes (invalid UTF-8 bytes as U+DC80..U+DCFF).</summary>
    public static string ToExact(ReadOnlySpan<byte> bytes)
    {
        var text = new StringBuilder(bytes.Length);
        while (!bytes.IsEmpty)
        {
            OperationStatus status = Rune.DecodeFromUtf8(bytes, out Rune rune, out int used);
            if (status == OperationStatus.Done)
            {
                text.Append(rune.ToString());
            }
            else
            {
                foreach (byte b in bytes[..used])
                {
                    text.Append((char)(SurrogateBase + b));
                }
            }

            bytes = bytes[used..];
        }

        return text.ToString();
    }

    /// <summary>The bytes an exact string stands for. A lone surrogate outside U+DC80..U+DCFF (no name holds one) becomes U+FFFD.</summary>
    public static byte[] FromExact(string exact)
    {
        var bytes = new List<byte>(exact.Length);
        AppendExact(bytes, exact.AsSpan());
        return bytes.ToArray();
    }

    /// <summary>The escaped text of the bytes.</summary>
    public static string Escape(ReadOnlySpan<byte> bytes)
    {
        var text = new StringBuilder(bytes.Length);
        while (!bytes.IsEmpty)
        {
            OperationStatus status = Rune.DecodeFromUtf8(bytes, out Rune rune, out int used);
            if (status != OperationStatus.Done || MustEscape(rune))
            {
                foreach (byte b in bytes[..used])
                {
                    text.Append("\\x").Append(b.ToString("X2", CultureInfo.InvariantCulture));
                }
            }
            else if (rune.Value == '\\')
            {
                text.Append("\\\\");
            }
            else
            {
                text.Append(rune.ToString());
            }

            bytes = bytes[used..];
        }

        return text.ToString();
    }

    /// <summary>The escaped text of an exact string (a path as it is carried).</summary>
    public static string Escape(string exact) => Escape(FromExact(exact));

    /// <summary>Whether the escaped text of an exact string differs from it (the name holds a backslash, a control character or bytes that are not UTF-8).</summary>
    public static bool NeedsEscape(string exact) => !string.Equals(Escape(exact), exact, StringComparison.Ordinal);

    /// <summary>
    /// The bytes that escaped text stands for: \\ is a backslash, \xNN the byte NN (either case), any
    /// other character its UTF-8 bytes (a lone surrogate U+DC80..U+DCFF its byte, so an exact string
    /// without backslashes reads the same). False, with the reason, when a backslash starts neither escape.
    /// </summary>
    public static bool TryUnescape(string text, out byte[] bytes, out string? problem)
    {
        var result = new List<byte>(text.Length);
        int start = 0;
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] != '\\')
            {
                continue;
            }

            AppendExact(result, text.AsSpan(start, i - start));
            if (i + 1 < text.Length && text[i + 1] == '\\')
            {
                result.Add((byte)'\\');
                i++;
            }
            else if (i + 3 < text.Length && text[i + 1] is 'x' or 'X' &&
                byte.TryParse(text.AsSpan(i + 2, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out byte b))
            {
                result.Add(b);
                i += 3;
            }
            else
            {
                bytes = Array.Empty<byte>();
                problem = $"the backslash at position {i + 1} starts no escape (write \\\\ for a backslash, \\xNN for the byte NN).";
                return false;
            }

            start = i + 1;
        }

        AppendExact(result, text.AsSpan(start));
        bytes = result.ToArray();
        problem = null;
        return true;
    }

    /// <summary>The exact string that escaped text stands for; FormatException when it is not escaped text.</summary>
    public static string ExactOf(string text) =>
        TryUnescape(text, out byte[] bytes, out string? problem) ? ToExact(bytes) : throw new FormatException($"'{text}' is not escaped text: {problem}");

    /// <summary>Text with its \\xNN escapes written as Escape writes them (upper-case hex), so that a pattern in escaped text compares with escaped names; the rest is kept.</summary>
    public static string CanonicalEscapes(string text)
    {
        var result = new StringBuilder(text.Length);
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] == '\\' && i + 1 < text.Length && text[i + 1] == '\\')
            {
                result.Append("\\\\");
                i++;
            }
            else if (text[i] == '\\' && i + 3 < text.Length && text[i + 1] is 'x' or 'X' && Uri.IsHexDigit(text[i + 2]) && Uri.IsHexDigit(text[i + 3]))
            {
                result.Append("\\x").Append(char.ToUpperInvariant(text[i + 2])).Append(char.ToUpperInvariant(text[i + 3]));
                i += 3;
            }
            else
            {
                result.Append(text[i]);
            }
        }

        return result.ToString();
    }

    private static void AppendExact(List<byte> bytes, ReadOnlySpan<char> exact)
    {
        Span<byte> utf8 = stackalloc byte[4];
        while (!exact.IsEmpty)
        {
            char c = exact[0];
            if (c >= '\uDC80' && c <= '\uDCFF')
            {
                bytes.Add((byte)(c - SurrogateBase));
                exact = exact[1..];
                continue;
            }

            if (Rune.DecodeFromUtf16(exact, out Rune rune, out int used) != OperationStatus.Done)
            {
                rune = Rune.ReplacementChar;
            }

            int n = rune.EncodeToUtf8(utf8);
            for (int i = 0; i < n; i++)
            {
                bytes.Add(utf8[i]);
            }

            exact = exact[used..];
        }
    }

    private static bool MustEscape(Rune rune) =>
        Rune.IsControl(rune) ||
        Rune.GetUnicodeCategory(rune) is UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator ||
        rune.Value is 0x061C or 0x200E or 0x200F or (>= 0x202A and <= 0x202E) or (>= 0x2066 and <= 0x2069);
}
