using System.Text;
using PosixIpc.Interop;

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
/// </summary>
public static class IpcName
{
    /// <summary>The longest name in bytes after the slash: NAME_MAX, less "sem." for semaphores (glibc stores them as /dev/shm/sem.NAME).</summary>
    public static int MaxBytes(IpcNameKind kind) => kind == IpcNameKind.Semaphore ? 251 : 255;

    /// <summary>The name in "/name" form; throws the kind's InvalidName error (MqInvalidName, ShmInvalidName, SemaphoreInvalidName) otherwise.</summary>
    public static string Normalize(string? name, IpcNameKind kind)
    {
        string given = name ?? string.Empty;
        string full = given.StartsWith('/') ? given : "/" + given;
        string? broken =
            full.Length == 1 ? "the name is empty." :
            full.IndexOf('/', 1) >= 0 ? "it has a slash after the leading one." :
            full.IndexOf('\0') >= 0 ? "it holds a NUL character." :
            full is "/." or "/.." ? $"'.' and '..' cannot name a {Noun(kind)}." :
            null;
        int bytes = Encoding.UTF8.GetByteCount(full) - 1;
        if (broken == null && bytes > MaxBytes(kind))
        {
            broken = $"it is {bytes} bytes long after the slash, over the limit of {MaxBytes(kind)}.";
        }

        if (broken != null)
        {
            throw new PosixIpcException(InvalidNameId(kind), Errno.EINVAL, null, given,
                $"'{given}' is not a {Noun(kind)} name: {broken} A {Noun(kind)} name is \"/name\" (a bare name gets the slash), at most {MaxBytes(kind)} bytes, with no further slash.");
        }

        return full;
    }

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
