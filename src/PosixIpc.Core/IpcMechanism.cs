namespace PosixIpc;

/// <summary>The mechanisms, each with its own advice for the errno values its calls can fail with.</summary>
public enum IpcMechanism
{
    Fifo,
    Signal,
    Mq,
    SharedMemory,
    Semaphore,
    MappedFile,
    Socket,
    Inventory,
    FileLock,
    Systemd,
}
