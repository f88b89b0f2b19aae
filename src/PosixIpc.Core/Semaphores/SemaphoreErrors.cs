using PosixIpc.Interop;

namespace PosixIpc.Semaphores;

/// <summary>The failures semaphore operations report, each with its stable ErrorId and a message that says what to do.</summary>
public static class SemaphoreErrors
{

    public static PosixIpcException InvalidValue(string name, long value) =>
        new(ErrorIds.SemaphoreInvalidValue, Errno.EINVAL, null, name,
            $"The initial value {value} is out of range; give 0 to {IpcSemaphore.MaxValue} (1 makes a lock, N lets N holders in at once).");

    public static PosixIpcException Timeout(string name, double seconds) =>
        new(ErrorIds.SemaphoreTimeout, Errno.ETIMEDOUT, "sem_timedwait", name,
            $"The semaphore '{name}' was not free within {seconds:0.###} s. Find who holds it (its Value is 0), or raise -TimeoutSec.")
        { Scope = IpcErrorScope.Item };

    public static PosixIpcException Busy(string name) =>
        new(ErrorIds.SemaphoreBusy, Errno.EAGAIN, "sem_trywait", name,
            $"The semaphore '{name}' is not free (its value is 0) and -TimeoutSec 0 was given, so it was not acquired.")
        { Scope = IpcErrorScope.Item };
}
