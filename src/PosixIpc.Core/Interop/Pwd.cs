using System.Runtime.InteropServices;

namespace PosixIpc.Interop;

/// <summary>pwd.h and grp.h: user and group names by id, through NSS like ls(1) does.</summary>
internal static unsafe partial class Pwd
{
    [StructLayout(LayoutKind.Sequential)]
    private struct Passwd
    {
        public byte* Name;
        public byte* Password;
        public uint Uid;
        public uint Gid;
        public byte* Gecos;
        public byte* Dir;
        public byte* Shell;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct Group
    {
        public byte* Name;
        public byte* Password;
        public uint Gid;
        public byte** Members;
    }

    [LibraryImport("libc", EntryPoint = "getpwuid_r")]
    private static partial int GetPwUidR(uint uid, Passwd* pwd, byte* buf, nuint buflen, Passwd** result);

    [LibraryImport("libc", EntryPoint = "getgrgid_r")]
    private static partial int GetGrGidR(uint gid, Group* grp, byte* buf, nuint buflen, Group** result);

    public static string? UserName(uint uid)
    {
        for (int size = 1024; size <= 1 << 20; size *= 4)
        {
            byte[] buffer = new byte[size];
            fixed (byte* b = buffer)
            {
                Passwd entry;
                Passwd* found;
                int rc = GetPwUidR(uid, &entry, b, (nuint)size, &found);
                if (rc == Errno.ERANGE)
                {
                    continue;
                }

                return rc == 0 && found != null ? NativeString.FromUtf8z(entry.Name) : null;
            }
        }

        return null;
    }

    [LibraryImport("libc", EntryPoint = "getpwnam_r")]
    private static partial int GetPwNamR(byte* name, Passwd* pwd, byte* buf, nuint buflen, Passwd** result);

    /// <summary>The uid of a user name, or null when the system has no such user.</summary>
    public static uint? UserId(string name)
    {
        byte[]? native = NativeString.ToUtf8z(name);
        if (native == null)
        {
            return null;
        }

        for (int size = 1024; size <= 1 << 20; size *= 4)
        {
            byte[] buffer = new byte[size];
            fixed (byte* n = native)
            fixed (byte* b = buffer)
            {
                Passwd entry;
                Passwd* found;
                int rc = GetPwNamR(n, &entry, b, (nuint)size, &found);
                if (rc == Errno.ERANGE)
                {
                    continue;
                }

                return rc == 0 && found != null ? entry.Uid : null;
            }
        }

        return null;
    }

    public static string? GroupName(uint gid)
    {
        for (int size = 1024; size <= 1 << 20; size *= 4)
        {
            byte[] buffer = new byte[size];
            fixed (byte* b = buffer)
            {
                Group entry;
                Group* found;
                int rc = GetGrGidR(gid, &entry, b, (nuint)size, &found);
                if (rc == Errno.ERANGE)
                {
                    continue;
                }

                return rc == 0 && found != null ? NativeString.FromUtf8z(entry.Name) : null;
            }
        }

        return null;
    }
}
