using System.Runtime.InteropServices;

namespace PosixIpc.Interop;

/// <summary>
/// sys/msg.h, sys/shm.h, sys/sem.h: only the IPC_RMID removals the inventory needs. Tmds.LibC has
/// none of them, so they are declared here against libc with SetLastError = true. semctl is variadic;
/// IPC_RMID reads no fourth argument, so the three fixed ones are all that is passed.
/// </summary>
internal static partial class SysVIpc
{
    public const int IPC_RMID = 0;

    [LibraryImport("libc", EntryPoint = "msgctl", SetLastError = true)]
    private static partial int MsgCtl(int msqid, int cmd, nint buf);

    [LibraryImport("libc", EntryPoint = "shmctl", SetLastError = true)]
    private static partial int ShmCtl(int shmid, int cmd, nint buf);

    [LibraryImport("libc", EntryPoint = "semctl", SetLastError = true)]
    private static partial int SemCtl(int semid, int semnum, int cmd);

    /// <summary>msgctl(id, IPC_RMID): the queue and its messages go at once.</summary>
    public static bool RemoveMessageQueue(int id, out int errno) => Done(MsgCtl(id, IPC_RMID, 0), out errno);

    /// <summary>shmctl(id, IPC_RMID): the segment goes when the last process detaches.</summary>
    public static bool RemoveSharedMemory(int id, out int errno) => Done(ShmCtl(id, IPC_RMID, 0), out errno);

    /// <summary>semctl(id, 0, IPC_RMID): the set goes at once; waiting processes get EIDRM.</summary>
    public static bool RemoveSemaphoreSet(int id, out int errno) => Done(SemCtl(id, 0, IPC_RMID), out errno);

    private static bool Done(int rc, out int errno)
    {
        errno = rc == 0 ? 0 : Errno.Last;
        return rc == 0;
    }
}
