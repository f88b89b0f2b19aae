using PosixIpc.Interop;

namespace PosixIpc.SharedMemory;

/// <summary>The failures shared-memory operations report, each with its stable ErrorId and a message that says what to do.</summary>
internal static class ShmErrors
{
    public static PosixIpcException Failed(string errorId, int errno, string function, string name, string what) =>
        errno switch
        {
            Errno.ENOENT => PosixIpcException.FromErrno("ShmNotFound", errno, function, name,
                $"The shared memory segment '{name}' does not exist", "Create it with New-SharedMemory, or check the name (Get-SharedMemory lists the segments)."),
            Errno.EEXIST => PosixIpcException.FromErrno("ShmExists", errno, function, name,
                $"The shared memory segment '{name}' already exists", "Use -Force to reuse it as it is, or Remove-SharedMemory it first."),
            Errno.EACCES or Errno.EPERM => PosixIpcException.FromErrno("ShmPermissionDenied", errno, function, name, what,
                "Check the segment's mode and owner (Get-SharedMemory shows them)."),
            Errno.EMFILE or Errno.ENFILE => PosixIpcException.FromErrno(errorId, errno, function, name, what,
                "Too many files are open; close some segments (Dispose) or raise the limit (ulimit -n)."),
            Errno.ENOSPC or Errno.ENOMEM => PosixIpcException.FromErrno("ShmNoSpace", errno, function, name, what,
                "/dev/shm is full or memory is short; remove segments you do not need (Get-SharedMemory | Remove-SharedMemory) or ask for less."),
            _ => PosixIpcException.FromErrno(errorId, errno, function, name, what),
        };

    public static PosixIpcException InvalidSize(string name, long size) =>
        new("ShmInvalidSize", Errno.EINVAL, null, name, $"The size {size} is negative; give a size of 0 or more bytes (1MB style works).");

    public static PosixIpcException TooLarge(string name, long size, long capacity) =>
        new("ShmTooLarge", Errno.ENOSPC, null, name,
            $"A segment of {size} bytes is larger than all of {SharedMemorySegment.Directory} ({capacity} bytes), so it was not created. Ask for less, or give /dev/shm more room (mount -o remount,size=... /dev/shm, as root).");

    public static PosixIpcException OutOfRange(string name, long offset, long count, long size) =>
        new("ShmOutOfRange", Errno.ERANGE, null, name, offset < 0 || count < 0
            ? $"Offset {offset} and count {count} must not be negative; '{name}' is {size} bytes."
            : $"Offset {offset} and count {count} reach past the end of '{name}', which is {size} bytes now; nothing was read or written. Use a smaller -Offset or -Count, or grow the segment with New-SharedMemory -Force -Size.");

    public static PosixIpcException ReadOnly(string name) =>
        new("ShmReadOnly", Errno.EBADF, null, name, $"'{name}' was opened read-only; open it without -ReadOnly to write.");
}
