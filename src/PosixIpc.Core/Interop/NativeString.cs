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

    /// <summary>
    /// Calls a C function that takes a NUL-terminated name and returns -1 on failure (callers map a
    /// NULL pointer to -1), retrying EINTR. A name holding NUL fails with EINVAL before any call.
    /// </summary>
    public static unsafe long CallWithName(string name, Func<IntPtr, long> call, out int errno)
    {
        byte[]? bytes = ToUtf8z(name);
        if (bytes == null)
        {
            errno = Errno.EINVAL;
            return -1;
        }

        fixed (byte* p = bytes)
        {
            while (true)
            {
                long rc = call((IntPtr)p);
                if (rc != -1)
                {
                    errno = 0;
                    return rc;
                }

                errno = Errno.Last;
                if (errno != Errno.EINTR)
                {
                    return -1;
                }
            }
        }
    }
}
