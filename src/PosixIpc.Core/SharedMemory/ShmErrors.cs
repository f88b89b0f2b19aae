using PosixIpc.Interop;

namespace PosixIpc.SharedMemory;

/// <summary>The failures shared-memory operations report, each with its stable ErrorId and a message that says what to do.</summary>
public static class ShmErrors
{

    public static PosixIpcException InvalidSize(string name, long size) =>
        new(ErrorIds.ShmInvalidSize, Errno.EINVAL, null, name, $"The size {size} is negative; give a size of 0 or more bytes (1MB style works).");

    public static PosixIpcException TooLarge(string name, long size, long capacity) =>
        new(ErrorIds.ShmTooLarge, Errno.ENOSPC, null, name,
            $"A segment of {size} bytes is larger than all of {SharedMemorySegment.Directory} ({capacity} bytes), so it was not created. Ask for less, or give /dev/shm more room (mount -o remount,size=... /dev/shm, as root).");

    public static PosixIpcException OutOfRange(string name, long offset, long count, long size) =>
        new(ErrorIds.ShmOutOfRange, Errno.ERANGE, null, name, offset < 0 || count < 0
            ? $"Offset {offset} and count {count} must not be negative; '{name}' is {size} bytes."
            : $"Offset {offset} and count {count} reach past the end of '{name}', which is {size} bytes now; nothing was read or written. Use a smaller -Offset or -Count, or grow the segment with New-SharedMemory -Force -Size.");

    public static PosixIpcException ReadOnly(string name) =>
        new(ErrorIds.ShmReadOnly, Errno.EBADF, null, name, $"'{name}' was opened read-only; open it without -ReadOnly to write.");
}
