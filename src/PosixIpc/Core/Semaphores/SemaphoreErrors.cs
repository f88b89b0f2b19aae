using PosixIpc.Interop;

namespace PosixIpc.Semaphores;

/// <summary>The failures semaphore operations report, each with its stable ErrorId and a message that says what to do.</summary>
internal static class SemaphoreErrors
{
    public static PosixIpcException Failed(string errorId, int errno, string function, string name, string what) =>
        errno switch
        {
            Errno.ENOENT => PosixIpcException.FromErrno("SemaphoreNotFound", errno, function, name,
                $"The semaphore '{name}' does not exist", "Create it with New-IpcSemaphore, or check the name (Get-IpcSemaphore lists the semaphores)."),
            Errno.EEXIST => PosixIpcException.FromErrno("SemaphoreExists", errno, function, name,
                $"The semaphore '{name}' already exists", "Use -Force to reuse it as it is, or Remove-IpcSemaphore it first."),
            Errno.EACCES or Errno.EPERM => PosixIpcException.FromErrno("SemaphorePermissionDenied", errno, function, name, what,
                "Check the semaphore's mode and owner (Get-IpcSemaphore shows them)."),
            Errno.EOVERFLOW => PosixIpcException.FromErrno("SemaphoreOverflow", errno, function, name, what,
                "The value is at its maximum (SEM_VALUE_MAX); release only what was acquired."),
            _ => PosixIpcException.FromErrno(errorId, errno, function, name, what),
        };

    public static PosixIpcException InvalidValue(string name, long value) =>
        new("SemaphoreInvalidValue", Errno.EINVAL, null, name,
            $"The initial value {value} is out of range; give 0 to {IpcSemaphore.MaxValue} (1 makes a lock, N lets N holders in at once).");

    public static PosixIpcException Timeout(string name, double seconds) =>
        new("SemaphoreTimeout", Errno.ETIMEDOUT, "sem_timedwait", name,
            $"The semaphore '{name}' was not free within {seconds:0.###} s. Find who holds it (its Value is 0), or raise -TimeoutSec.");

    public static PosixIpcException Busy(string name) =>
        new("SemaphoreBusy", Errno.EAGAIN, "sem_trywait", name,
            $"The semaphore '{name}' is not free (its value is 0) and -TimeoutSec 0 was given, so it was not acquired.");
}
