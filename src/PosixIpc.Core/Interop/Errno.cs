using System.Runtime.InteropServices;

namespace PosixIpc.Interop;

/// <summary>Linux errno values the module reacts to, and the text the C library gives for each.</summary>
internal static class Errno
{
    public const int EPERM = 1;
    public const int ENOENT = 2;
    public const int ESRCH = 3;
    public const int EINTR = 4;
    public const int EIO = 5;
    public const int ENXIO = 6;
    public const int EBADF = 9;
    public const int EAGAIN = 11;
    public const int ENOSYS = 38;
    public const int ENOMEM = 12;
    public const int EACCES = 13;
    public const int EFAULT = 14;
    public const int EBUSY = 16;
    public const int EEXIST = 17;
    public const int EXDEV = 18;
    public const int ESTALE = 116;
    public const int ENOTDIR = 20;
    public const int EISDIR = 21;
    public const int EINVAL = 22;
    public const int ENFILE = 23;
    public const int EMFILE = 24;
    public const int ENOSPC = 28;
    public const int EPIPE = 32;
    public const int ERANGE = 34;
    public const int ENAMETOOLONG = 36;
    public const int ELOOP = 40;
    public const int EOVERFLOW = 75;
    public const int EMSGSIZE = 90;
    public const int ENOTSUP = 95;
    public const int ETIMEDOUT = 110;
    public const int EDQUOT = 122;

    // Sockets.
    public const int ENOTSOCK = 88;
    public const int EPROTOTYPE = 91;
    public const int EADDRINUSE = 98;
    public const int ECONNRESET = 104;
    public const int ENOTCONN = 107;
    public const int ECONNREFUSED = 111;

    /// <summary>
    /// errno of the failed call, read right after it. Tmds.LibC takes it from the runtime's saved
    /// P/Invoke error, so a call declared here with [LibraryImport] must say SetLastError = true.
    /// </summary>
    public static int Last => Tmds.Linux.LibC.errno;

    /// <summary>
    /// For a retry loop around a call that returns -1 on failure: sets errno (0 on success) and
    /// says whether the call was interrupted by a signal (EINTR) and is to be made again. One rule
    /// for every caller, without a delegate per call.
    /// </summary>
    public static bool Interrupted(long result, out int errno)
    {
        errno = result >= 0 ? 0 : Last;
        return errno == EINTR;
    }

    public static string Describe(int errno) => Marshal.GetPInvokeErrorMessage(errno);

    public static string Name(int errno) => errno switch
    {
        EPERM => "EPERM", ENOENT => "ENOENT", ESRCH => "ESRCH", EINTR => "EINTR", EIO => "EIO",
        ENXIO => "ENXIO", EBADF => "EBADF", EAGAIN => "EAGAIN", ENOMEM => "ENOMEM", EACCES => "EACCES",
        EBUSY => "EBUSY", EEXIST => "EEXIST", ENOTDIR => "ENOTDIR", EISDIR => "EISDIR", EINVAL => "EINVAL",
        ENFILE => "ENFILE", EMFILE => "EMFILE", ENOSPC => "ENOSPC", EPIPE => "EPIPE", ERANGE => "ERANGE",
        ENAMETOOLONG => "ENAMETOOLONG", ELOOP => "ELOOP", EOVERFLOW => "EOVERFLOW", EMSGSIZE => "EMSGSIZE", ENOTSUP => "ENOTSUP",
        ETIMEDOUT => "ETIMEDOUT", EDQUOT => "EDQUOT", EFAULT => "EFAULT", ENOSYS => "ENOSYS",
        ENOTSOCK => "ENOTSOCK", EPROTOTYPE => "EPROTOTYPE", EADDRINUSE => "EADDRINUSE", ECONNRESET => "ECONNRESET",
        ENOTCONN => "ENOTCONN", ECONNREFUSED => "ECONNREFUSED",
        _ => "errno " + errno,
    };
}
