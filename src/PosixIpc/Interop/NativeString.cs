using System;
using System.Text;

namespace PosixIpc.Interop;

/// <summary>Turns a .NET string into the NUL-terminated UTF-8 bytes that C expects.</summary>
internal static class NativeString
{
    /// <summary>Returns null when the string holds a NUL, which C would silently cut the name at.</summary>
    public static byte[]? ToUtf8z(string value)
    {
        if (value.IndexOf('\0') >= 0)
        {
            return null;
        }

        var bytes = new byte[Encoding.UTF8.GetByteCount(value) + 1];
        Encoding.UTF8.GetBytes(value, 0, value.Length, bytes, 0);
        return bytes;
    }

    public static unsafe string? FromUtf8z(byte* value) =>
        value == null ? null : Encoding.UTF8.GetString(value, new ReadOnlySpan<byte>(value, int.MaxValue).IndexOf((byte)0));
}
