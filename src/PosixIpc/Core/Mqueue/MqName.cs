using System.Text;

namespace PosixIpc.Mqueue;

/// <summary>The rule for queue names: "/name", at most 255 bytes, no further slash; checked before any system call.</summary>
public static class MqName
{
    public const int MaxBytes = 255;

    /// <summary>The name in "/name" form (a bare name gets the slash); throws MqInvalidName otherwise.</summary>
    public static string Normalize(string? name)
    {
        string given = name ?? string.Empty;
        string full = given.StartsWith('/') ? given : "/" + given;
        if (full.Length == 1)
        {
            throw MqErrors.InvalidName(given, "the name is empty.");
        }

        if (full.IndexOf('/', 1) >= 0)
        {
            throw MqErrors.InvalidName(given, "it has a slash after the leading one.");
        }

        if (full.IndexOf('\0') >= 0)
        {
            throw MqErrors.InvalidName(given, "it holds a NUL character.");
        }

        if (full == "/." || full == "/..")
        {
            throw MqErrors.InvalidName(given, "'.' and '..' cannot name a queue.");
        }

        int bytes = Encoding.UTF8.GetByteCount(full);
        if (bytes > MaxBytes + 1)
        {
            throw MqErrors.InvalidName(given, $"it is {bytes - 1} bytes long after the slash, over the limit of {MaxBytes}.");
        }

        return full;
    }
}
