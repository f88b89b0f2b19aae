using System;
using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Unicode;

namespace PosixIpc.Text;

/// <summary>
/// Names as the kernel keeps them: bytes, which need not be UTF-8. A name becomes a string that maps
/// back to exactly its bytes: valid UTF-8 as it is, and each byte that is not part of valid UTF-8 as
/// the lone surrogate U+DC80 + (byte - 0x80), as Python's surrogateescape does. Valid UTF-8 never
/// decodes to a lone surrogate, so such a name can equal no other. Views show names through Escape.
/// </summary>
public static class RawName
{
    private const char EscapedByteBase = '\uDC00';

    /// <summary>The string for the bytes of a name.</summary>
    public static string Decode(ReadOnlySpan<byte> bytes)
    {
        if (Utf8.IsValid(bytes))
        {
            return Encoding.UTF8.GetString(bytes);
        }

        var text = new StringBuilder(bytes.Length);
        while (!bytes.IsEmpty)
        {
            if (Rune.DecodeFromUtf8(bytes, out Rune rune, out int used) == OperationStatus.Done)
            {
                text.Append(rune.ToString());
                bytes = bytes.Slice(used);
            }
            else
            {
                text.Append((char)(EscapedByteBase + bytes[0]));
                bytes = bytes.Slice(1);
            }
        }

        return text.ToString();
    }

    /// <summary>The bytes of a name made by Decode (or typed): UTF-8, with each escaped byte given back.</summary>
    public static byte[] Encode(string name)
    {
        if (!HasEscapedByte(name))
        {
            return Encoding.UTF8.GetBytes(name);
        }

        var bytes = new ArrayBufferWriter<byte>(name.Length * 2);
        Span<byte> one = stackalloc byte[4];
        for (int i = 0; i < name.Length; i++)
        {
            char c = name[i];
            if (IsEscapedByte(name, i))
            {
                one[0] = (byte)(c - EscapedByteBase);
                bytes.Write(one.Slice(0, 1));
                continue;
            }

            if (!Rune.TryGetRuneAt(name, i, out Rune rune))
            {
                rune = Rune.ReplacementChar; // Another lone surrogate: what UTF-8 encoding gives it anyway.
            }

            int length = rune.EncodeToUtf8(one);
            bytes.Write(one.Slice(0, length));
            i += rune.Utf16SequenceLength - 1;
        }

        return bytes.WrittenSpan.ToArray();
    }

    /// <summary>
    /// The name as one line of text for a view: backslash, control characters and escaped bytes as
    /// \\, \n, \t, \r, \0, \xHH; everything else as it is.
    /// </summary>
    public static string Escape(string name)
    {
        int i = 0;
        while (i < name.Length && !NeedsEscape(name, i))
        {
            i++;
        }

        if (i == name.Length)
        {
            return name;
        }

        var text = new StringBuilder(name.Length + 8).Append(name, 0, i);
        for (; i < name.Length; i++)
        {
            char c = name[i];
            _ = c switch
            {
                '\\' => text.Append(@"\\"),
                '\n' => text.Append(@"\n"),
                '\t' => text.Append(@"\t"),
                '\r' => text.Append(@"\r"),
                '\0' => text.Append(@"\0"),
                _ when IsEscapedByte(name, i) => text.Append(@"\x").Append(((int)(c - EscapedByteBase)).ToString("x2", CultureInfo.InvariantCulture)),
                _ when char.IsControl(c) => text.Append(@"\x").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture)),
                _ => text.Append(c),
            };
        }

        return text.ToString();
    }

    private static bool NeedsEscape(string name, int i) => name[i] == '\\' || char.IsControl(name[i]) || IsEscapedByte(name, i);

    /// <summary>A lone low surrogate U+DC80..U+DCFF (not the second half of a pair): one escaped byte.</summary>
    private static bool IsEscapedByte(string name, int i) =>
        name[i] >= '\uDC80' && name[i] <= '\uDCFF' && (i == 0 || !char.IsHighSurrogate(name[i - 1]));

    private static bool HasEscapedByte(string name)
    {
        for (int i = 0; i < name.Length; i++)
        {
            if (IsEscapedByte(name, i))
            {
                return true;
            }
        }

        return false;
    }
}
