using PosixIpc.Interop;

namespace PosixIpc.Inventory;

/// <summary>The failures the inventory reports, each with its stable ErrorId and a message that says what to do.</summary>
public static class InventoryErrors
{
    public static PosixIpcException NotFound(string target, string? function) =>
        new(ErrorIds.IpcObjectNotFound, Errno.ENOENT, function, target,
            $"The {target} does not exist (any more). Run Get-IpcObject again to see what is there now.");

    public static PosixIpcException NotRemovableSocket(string target) =>
        new(ErrorIds.IpcObjectNotRemovable, Errno.EPERM, null, target,
            $"The {target} is a Unix socket, which Remove-IpcObject does not remove: removing a socket file does not close the socket, it only hides it from new clients. Stop the process that holds it (its Holders), which removes or reuses its file.")
        { Category = IpcErrorCategory.InvalidOperation };

    public static PosixIpcException NotRemovableLock(string target) =>
        new(ErrorIds.IpcObjectNotRemovable, Errno.EPERM, null, target,
            $"The {target} is a file lock, which Remove-IpcObject does not remove: only its holder can release it (or the kernel, when the holder ends). Ask the holder (its Holders) to finish, or stop it; removing the lock file would not release the lock.");

    public static PosixIpcException NotAFifoAnyMore(string target) =>
        new(ErrorIds.IpcObjectNotRemovable, Errno.EPERM, "lstat", target,
            $"The {target} is no longer a FIFO (something else now has the path), so it was left alone.")
        { Category = IpcErrorCategory.InvalidOperation };

    public static PosixIpcException Changed(string target, string how) =>
        new(ErrorIds.IpcObjectChanged, Errno.ESTALE, null, target,
            $"The {target} is no longer the object that was listed: {how}. Nothing was removed. Run Get-IpcObject again and look at what is there now.")
        { Category = IpcErrorCategory.InvalidOperation };

    public static PosixIpcException KeyChanged(string target, string key, string now) =>
        new(ErrorIds.IpcObjectNotFound, Errno.ENOENT, null, target,
            $"The {target} now has the key {now}, not {key}: the object listed was removed and its id reused, so nothing was removed. Run Get-IpcObject again.");

    public static PosixIpcException MissingId(string target) =>
        new(ErrorIds.IpcObjectIdRequired, Errno.EINVAL, null, target,
            $"The {target} is a System V object, which is removed by its Id; give -Id (Get-IpcObject shows it), or pipe the object from Get-IpcObject.");

    public static PosixIpcException InvalidName(string target, string rule) =>
        new(ErrorIds.IpcObjectInvalidName, Errno.EINVAL, null, target, $"'{target}' is not a valid name: {rule}");

    public static string MqueueNotMountedMessage(string mountPoint) =>
        $"The mqueue file system is not mounted at {mountPoint}, so POSIX message queues are not listed (the other kinds are). Mount it as root: mkdir -p {mountPoint}; mount -t mqueue none {mountPoint}.";

    public static PosixIpcException Failed(int errno, string function, string target) =>
        errno switch
        {
            Errno.ENOENT or 43 /* EIDRM */ => NotFound(target, function),
            Errno.EINVAL when function is "msgctl" or "shmctl" or "semctl" => NotFound(target, function),
            _ => IpcErrors.Failed(IpcMechanism.Inventory, ErrorIds.IpcObjectRemoveFailed, errno, function, target, $"The {target} could not be removed"),
        };
}
