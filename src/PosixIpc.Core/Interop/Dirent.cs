using System;
using System.Runtime.InteropServices;

namespace PosixIpc.Interop;

/// <summary>
/// dirent.h: getdents64(2), the directory entries of an open directory as raw bytes (struct
/// linux_dirent64), so that a scan of /proc makes no string per entry.
/// </summary>
internal static unsafe partial class Dirent
{
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
