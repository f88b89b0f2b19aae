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
/// them as UTF-8 and loses the bytes that are not): List by readdir for a listing; Read and Entries
/// by getdents64(2) into a caller's buffer, so that a scan of /proc makes no string per entry.
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
    public static List<(byte[] Name, byte Type)>? List(string path, out int errno)
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

    [LibraryImport("libc", EntryPoint = "getdents64", SetLastError = true)]
    private static partial nint GetDents64(SafeFileDescriptor fd, byte* buffer, nuint count);

    /// <summary>Fills buffer with entries: the bytes filled, 0 at the end of the directory, or -1 with the errno.</summary>
    public static int Read(SafeFileDescriptor directory, Span<byte> buffer, out int errno)
    {
        fixed (byte* p = buffer)
        {
            nint n;
            while (Errno.Interrupted(n = GetDents64(directory, p, (nuint)buffer.Length), out errno))
            {
            }

            return (int)n;
        }
    }

    /// <summary>The entries in what Read filled: each entry's name (without its NUL), "." and ".." included.</summary>
    public ref struct Entries
    {
        // struct linux_dirent64: u64 d_ino, s64 d_off, u16 d_reclen, u8 d_type, char d_name[].
        private const int RecordLengthOffset = 16;
        private const int NameOffset = 19;

        private readonly ReadOnlySpan<byte> _buffer;
        private int _next;

        public Entries(ReadOnlySpan<byte> filled)
        {
            _buffer = filled;
            _next = 0;
            Current = default;
        }

        public ReadOnlySpan<byte> Current { get; private set; }

        public readonly Entries GetEnumerator() => this;

        public bool MoveNext()
        {
            if (_next + NameOffset > _buffer.Length)
            {
                return false;
            }

            int length = MemoryMarshal.Read<ushort>(_buffer.Slice(_next + RecordLengthOffset));
            if (length <= NameOffset || _next + length > _buffer.Length)
            {
                return false;
            }

            ReadOnlySpan<byte> name = _buffer.Slice(_next + NameOffset, length - NameOffset);
            int end = name.IndexOf((byte)0);
            Current = end < 0 ? name : name.Slice(0, end);
            _next += length;
            return true;
        }
    }
}
