using System.Management.Automation;
using PosixIpc.Interop;

namespace PosixIpc.Commands;

/// <summary>Turns a PosixIpcException into the ErrorRecord a cmdlet reports: its ErrorId, a category from errno, the object as target.</summary>
internal static class IpcErrorRecord
{
    public static ErrorRecord From(PosixIpcException exception) =>
        new(exception, exception.ErrorId, CategoryOf(exception.Errno), exception.ObjectName);

    public static ErrorCategory CategoryOf(int errno) => errno switch
    {
        Errno.ENOENT or Errno.ESRCH or Errno.ENXIO => ErrorCategory.ObjectNotFound,
        Errno.EEXIST => ErrorCategory.ResourceExists,
        Errno.EACCES or Errno.EPERM => ErrorCategory.PermissionDenied,
        Errno.EAGAIN or Errno.ETIMEDOUT => ErrorCategory.OperationTimeout,
        Errno.EINVAL or Errno.ERANGE or Errno.ENOTDIR or Errno.EISDIR or Errno.ELOOP => ErrorCategory.InvalidArgument,
        Errno.EOVERFLOW => ErrorCategory.LimitsExceeded,
        Errno.EBADF => ErrorCategory.InvalidOperation,
        Errno.EMSGSIZE or Errno.ENOSPC or Errno.EMFILE or Errno.ENFILE or Errno.ENOMEM or Errno.ENAMETOOLONG => ErrorCategory.LimitsExceeded,
        Errno.EBUSY => ErrorCategory.ResourceBusy,
        Errno.EPIPE => ErrorCategory.WriteError,
        Errno.EIO => ErrorCategory.ReadError,
        Errno.ENOTSUP => ErrorCategory.NotImplemented,
        Errno.ECONNREFUSED or Errno.ECONNRESET or Errno.ENOTCONN => ErrorCategory.ConnectionError,
        Errno.EADDRINUSE => ErrorCategory.ResourceExists,
        Errno.EPROTOTYPE or Errno.ENOTSOCK => ErrorCategory.InvalidType,
        _ => ErrorCategory.NotSpecified,
    };
}
