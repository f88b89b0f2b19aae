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

    /// <summary>One reentrant NSS lookup into the scratch buffer: its return code (ERANGE: the buffer was too small).</summary>
    private delegate int Lookup(byte* buffer, nuint size);

    /// <summary>Runs the lookup with a buffer that grows while the C library says ERANGE; false when it failed.</summary>
    private static bool WithBuffer(Lookup lookup)
    {
        for (int size = 1024; size <= 1 << 20; size *= 4)
        {
            byte[] buffer = new byte[size];
            fixed (byte* b = buffer)
            {
                int rc = lookup(b, (nuint)size);
                if (rc != Errno.ERANGE)
                {
                    return rc == 0;
                }
            }
        }

        return false;
    }

    public static string? UserName(uint uid)
    {
        string? name = null;
        WithBuffer((b, size) =>
        {
            Passwd entry;
            Passwd* found;
            int rc = GetPwUidR(uid, &entry, b, size, &found);
            // The strings point into the buffer: read them while it is pinned.
            name = rc == 0 && found != null ? NativeString.FromUtf8z(entry.Name) : null;
            return rc;
        });
        return name;
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

        uint? uid = null;
        WithBuffer((b, size) =>
        {
            Passwd entry;
            Passwd* found;
            int rc;
            fixed (byte* n = native)
            {
                rc = GetPwNamR(n, &entry, b, size, &found);
            }

            uid = rc == 0 && found != null ? entry.Uid : null;
            return rc;
        });
        return uid;
    }

    public static string? GroupName(uint gid)
    {
        string? name = null;
        WithBuffer((b, size) =>
        {
            Group entry;
            Group* found;
            int rc = GetGrGidR(gid, &entry, b, size, &found);
            name = rc == 0 && found != null ? NativeString.FromUtf8z(entry.Name) : null;
            return rc;
        });
        return name;
    }
}
