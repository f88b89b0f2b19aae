using PosixIpc.Interop;

namespace PosixIpc;

/// <summary>
/// What kind of failure an error is. The names are PowerShell's ErrorCategory names, so the cmdlets
/// map one to the other by name, while this assembly stays free of any PowerShell reference.
/// </summary>
public enum IpcErrorCategory
{
    NotSpecified,
    ObjectNotFound,
    ResourceExists,
    PermissionDenied,
    OperationTimeout,
    InvalidArgument,
    InvalidData,
    InvalidOperation,
    InvalidType,
    LimitsExceeded,
    ResourceBusy,
    ReadError,
    WriteError,
    NotImplemented,
    ConnectionError,
    OperationStopped,
}

/// <summary>The category a failure gets from its errno, unless the error says otherwise.</summary>
internal static class IpcErrorCategories
{
    public static IpcErrorCategory FromErrno(int errno) => errno switch
    {
        Errno.ENOENT or Errno.ESRCH or Errno.ENXIO => IpcErrorCategory.ObjectNotFound,
        Errno.EEXIST => IpcErrorCategory.ResourceExists,
        Errno.EACCES or Errno.EPERM => IpcErrorCategory.PermissionDenied,
        Errno.EAGAIN or Errno.ETIMEDOUT => IpcErrorCategory.OperationTimeout,
        Errno.EINVAL or Errno.ERANGE or Errno.ENOTDIR or Errno.EISDIR or Errno.ELOOP => IpcErrorCategory.InvalidArgument,
        Errno.EOVERFLOW => IpcErrorCategory.LimitsExceeded,
        Errno.EBADF => IpcErrorCategory.InvalidOperation,
        Errno.EMSGSIZE or Errno.ENOSPC or Errno.EDQUOT or Errno.EMFILE or Errno.ENFILE or Errno.ENOMEM or Errno.ENAMETOOLONG => IpcErrorCategory.LimitsExceeded,
        Errno.EBUSY => IpcErrorCategory.ResourceBusy,
        Errno.EPIPE => IpcErrorCategory.WriteError,
        Errno.EIO => IpcErrorCategory.ReadError,
        Errno.ENOTSUP => IpcErrorCategory.NotImplemented,
        Errno.ECONNREFUSED or Errno.ECONNRESET or Errno.ENOTCONN => IpcErrorCategory.ConnectionError,
        Errno.EADDRINUSE => IpcErrorCategory.ResourceExists,
        Errno.EPROTOTYPE or Errno.ENOTSOCK => IpcErrorCategory.InvalidType,
        _ => IpcErrorCategory.NotSpecified,
    };
}
