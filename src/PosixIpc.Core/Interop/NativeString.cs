using PosixIpc.Text;

namespace PosixIpc.Interop;

/// <summary>Turns .NET strings into the NUL-terminated bytes that C expects, by the ByteName rule.</summary>
internal static class NativeString
{
    /// <summary>
    /// The bytes of an exact string (a path: lone surrogates U+DC80..U+DCFF are the bytes that are not
    /// UTF-8), NUL-terminated. Returns null when the string holds a NUL, which C would silently cut the name at.
    /// </summary>
    public static byte[]? ToUtf8z(string value) => value.IndexOf('\0') >= 0 ? null : Terminated(ByteName.FromExact(value));

    public static unsafe string? FromUtf8z(byte* value)
    {
        if (value == null)
        {
            return null;
        }

        var bytes = new ReadOnlySpan<byte>(value, int.MaxValue);
        return ByteName.ToExact(bytes[..bytes.IndexOf((byte)0)]);
    }

    /// <summary>
    /// Calls a C function that takes a NUL-terminated name and returns -1 on failure (callers map a
    /// NULL pointer to -1), retrying EINTR. The name is a queue, segment or semaphore name in escaped
    /// text (IpcName); one that is not, or that holds a NUL byte, fails with EINVAL before any call.
    /// </summary>
    public static unsafe long CallWithName(string name, Func<IntPtr, long> call, out int errno)
    {
        if (!ByteName.TryUnescape(name, out byte[] raw, out _) || Array.IndexOf(raw, (byte)0) >= 0)
        {
            errno = Errno.EINVAL;
            return -1;
        }

        byte[] bytes = Terminated(raw);
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

    private static byte[] Terminated(byte[] bytes)
    {
        var z = new byte[bytes.Length + 1];
        bytes.CopyTo(z, 0);
        return z;
    }
}
