using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;

namespace PosixIpc.Interop;

/// <summary>A directory stream (DIR*), closed exactly once.</summary>
internal sealed class SafeDirHandle : SafeHandle
{
    public SafeDirHandle() : base(IntPtr.Zero, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle() => Dirent.CloseDir(handle) == 0;
}

/// <summary>
/// dirent.h: a directory's entry names as the bytes the kernel keeps (.NET's own enumeration decodes
/// them as UTF-8 and loses the bytes that are not). "." and ".." are left out.
/// </summary>
internal static unsafe partial class Dirent
{
    // struct dirent of glibc on 64-bit Linux (x64 and arm64 alike): d_ino 8, d_off 8, d_reclen 2, d_type 1, d_name.
    private const int TypeOffset = 18;
    private const int NameOffset = 19;

    /// <summary>d_type of a directory (DT_DIR) and of a FIFO (DT_FIFO); DT_UNKNOWN (0) means ask lstat.</summary>
    public const byte DT_FIFO = 1;
    public const byte DT_DIR = 4;

    [LibraryImport("libc", EntryPoint = "opendir", SetLastError = true)]
    private static partial SafeDirHandle OpenDir(byte* name);

    [LibraryImport("libc", EntryPoint = "readdir", SetLastError = true)]
    private static partial byte* ReadDir(SafeDirHandle dir);

    [LibraryImport("libc", EntryPoint = "closedir")]
    internal static partial int CloseDir(IntPtr dir);

    /// <summary>The entries of the directory at path (an exact string), with their d_type; null and the errno when it cannot be read.</summary>
    public static List<(byte[] Name, byte Type)>? Entries(string path, out int errno)
    {
        byte[]? native = NativeString.ToUtf8z(path);
        if (native == null)
        {
            errno = Errno.EINVAL;
            return null;
        }

        SafeDirHandle dir;
        fixed (byte* p = native)
        {
            dir = OpenDir(p);
        }

        using (dir)
        {
            if (dir.IsInvalid)
            {
                errno = Marshal.GetLastPInvokeError();
                return null;
            }

            var entries = new List<(byte[], byte)>();
            while (true)
            {
                byte* entry = ReadDir(dir);
                if (entry == null)
                {
                    errno = Marshal.GetLastPInvokeError();
                    return errno == 0 ? entries : null;
                }

                var name = new ReadOnlySpan<byte>(entry + NameOffset, 256);
                name = name[..name.IndexOf((byte)0)];
                if (!(name.Length == 1 && name[0] == '.') && !(name.Length == 2 && name[0] == '.' && name[1] == '.'))
                {
                    entries.Add((name.ToArray(), entry[TypeOffset]));
                }
            }
        }
    }
}
