using System.Globalization;
using System.Text;

namespace PosixIpc;

/// <summary>Parses and prints permission bits: octal text ("0640"), numbers and UnixFileMode.</summary>
public static class UnixPermissions
{
    public const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private const int AllBits = 0xFFF;

    /// <summary>Accepts "0640", "640", "0o640", a number whose digits are octal (640), or a UnixFileMode.</summary>
    public static bool TryParse(object? value, out UnixFileMode mode)
    {
        mode = default;
        switch (value)
        {
            case UnixFileMode m when ((int)m & ~AllBits) == 0:
                mode = m;
                return true;
            // PowerShell has no octal literals, so -Mode 640 (or 0640) means the digits, as chmod reads them.
            case int i when i >= 0:
                return TryParseText(i.ToString(CultureInfo.InvariantCulture), out mode);
            case long l when l >= 0:
                return TryParseText(l.ToString(CultureInfo.InvariantCulture), out mode);
            case string s:
                return TryParseText(s.Trim(), out mode);
            default:
                return false;
        }
    }

    private static bool TryParseText(string text, out UnixFileMode mode)
    {
        mode = default;
        if (text.StartsWith("0o", StringComparison.OrdinalIgnoreCase))
        {
            text = text.Substring(2);
        }

        if (text.Length == 0 || !char.IsAsciiDigit(text[0]))
        {
            // Flag names, as UnixFileMode prints them: "UserRead, UserWrite".
            return text.Length > 0 && Enum.TryParse(text, ignoreCase: true, out mode) && ((int)mode & ~AllBits) == 0;
        }

        int bits = 0;
        foreach (char c in text)
        {
            if (c < '0' || c > '7' || bits > AllBits)
            {
                return false;
            }

            bits = bits * 8 + (c - '0');
        }

        if (bits > AllBits)
        {
            return false;
        }

        mode = (UnixFileMode)bits;
        return true;
    }

    /// <summary>Four octal digits, as chmod takes them: 0640.</summary>
    public static string ToOctal(UnixFileMode mode) => Convert.ToString((int)mode & AllBits, 8).PadLeft(4, '0');

    /// <summary>The ls -l form, such as prw-r----- for a FIFO.</summary>
    public static string ToSymbolic(char typeLetter, UnixFileMode mode)
    {
        int m = (int)mode;
        var text = new StringBuilder(10);
        text.Append(typeLetter);
        text.Append((m & 0x100) != 0 ? 'r' : '-');
        text.Append((m & 0x080) != 0 ? 'w' : '-');
        text.Append(Exec(m, 0x040, 0x800, 's'));
        text.Append((m & 0x020) != 0 ? 'r' : '-');
        text.Append((m & 0x010) != 0 ? 'w' : '-');
        text.Append(Exec(m, 0x008, 0x400, 's'));
        text.Append((m & 0x004) != 0 ? 'r' : '-');
        text.Append((m & 0x002) != 0 ? 'w' : '-');
        text.Append(Exec(m, 0x001, 0x200, 't'));
        return text.ToString();
    }

    private static char Exec(int mode, int execBit, int specialBit, char special)
    {
        bool x = (mode & execBit) != 0;
        if ((mode & specialBit) == 0)
        {
            return x ? 'x' : '-';
        }

        return x ? special : char.ToUpper(special, CultureInfo.InvariantCulture);
    }
}
