using PosixIpc.Interop;
using PosixIpc.Text;

namespace PosixIpc;

/// <summary>The kinds of object that live in a flat "/name" namespace.</summary>
public enum IpcNameKind
{
    MqQueue,
    SharedMemory,
    Semaphore,
}

/// <summary>
/// The rule for names of queues, segments and semaphores: "/name" (a bare name gets the slash), no
/// further slash, no NUL, not "." or "..", and short enough for the kernel; checked before any system call.
/// A name is escaped text (ByteName): \\ is a backslash and \xNN the byte NN, so a name whose bytes are
/// not UTF-8, or hold control characters, is shown, typed and piped as text and still reaches the same bytes.
/// </summary>
public static class IpcName
{
    /// <summary>The longest name in bytes after the slash: NAME_MAX, less "sem." for semaphores (glibc stores them as /dev/shm/sem.NAME).</summary>
    public static int MaxBytes(IpcNameKind kind) => kind == IpcNameKind.Semaphore ? 251 : 255;

    /// <summary>
    /// The name in canonical "/name" form (escaped text, each byte written the one way ByteName.Escape
    /// writes it); throws the kind's InvalidName error (MqInvalidName, ShmInvalidName, SemaphoreInvalidName) otherwise.
    /// </summary>
    public static string Normalize(string? name, IpcNameKind kind)
    {
        string given = name ?? string.Empty;
        string? broken = null;
        if (!ByteName.TryUnescape(given, out byte[] bytes, out string? notEscaped))
        {
            broken = notEscaped;
        }

        byte[] full = bytes.Length > 0 && bytes[0] == '/' ? bytes : [(byte)'/', .. bytes];
        broken ??=
            full.Length == 1 ? "the name is empty." :
            Array.IndexOf(full, (byte)'/', 1) >= 0 ? "it has a slash after the leading one." :
            Array.IndexOf(full, (byte)0) >= 0 ? "it holds a NUL character." :
            full is [(byte)'/', (byte)'.'] or [(byte)'/', (byte)'.', (byte)'.'] ? $"'.' and '..' cannot name a {Noun(kind)}." :
            full.Length - 1 > MaxBytes(kind) ? $"it is {full.Length - 1} bytes long after the slash, over the limit of {MaxBytes(kind)}." :
            null;

        if (broken != null)
        {
            throw new PosixIpcException(InvalidNameId(kind), Errno.EINVAL, null, given,
                $"'{given}' is not a {Noun(kind)} name: {broken} A {Noun(kind)} name is \"/name\" (a bare name gets the slash), at most {MaxBytes(kind)} bytes, with no further slash; in a name \\\\ is a backslash and \\xNN the byte NN.");
        }

        return ByteName.Escape(full);
    }

    /// <summary>The bytes of a name in canonical form (what Normalize returned), without the leading slash.</summary>
    public static byte[] BytesOf(string full) =>
        !ByteName.TryUnescape(full, out byte[] bytes, out _) ? throw new ArgumentException($"'{full}' is not escaped text.", nameof(full))
        : bytes.Length > 0 && bytes[0] == '/' ? bytes[1..] : bytes;

    /// <summary>The file that stands for a normalized name in a directory (/dev/shm/NAME, /dev/mqueue/NAME), as an exact path; prefix is glibc's "sem." for semaphores.</summary>
    public static string FileIn(string directory, string full, string prefix = "") =>
        directory.TrimEnd('/') + "/" + prefix + ByteName.ToExact(BytesOf(full));

    /// <summary>The name a file in such a directory stands for, in canonical form: "/" and the escaped text of its bytes after the prefix.</summary>
    public static string FromFile(ReadOnlySpan<byte> fileName, int prefixLength = 0) => "/" + ByteName.Escape(fileName[prefixLength..]);
    /// <summary>What users call the kind: "message queue", "shared memory segment", "semaphore".</summary>
    public static string Noun(IpcNameKind kind) => kind switch
    {
        IpcNameKind.MqQueue => "message queue",
        IpcNameKind.SharedMemory => "shared memory segment",
        _ => "semaphore",
    };

    private static string InvalidNameId(IpcNameKind kind) => kind switch
    {
        IpcNameKind.MqQueue => ErrorIds.MqInvalidName,
        IpcNameKind.SharedMemory => ErrorIds.ShmInvalidName,
        _ => ErrorIds.SemaphoreInvalidName,
    };
}
