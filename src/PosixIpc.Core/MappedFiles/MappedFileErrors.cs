using PosixIpc.Interop;

namespace PosixIpc.MappedFiles;

/// <summary>The failures mapped-file operations report, each with its stable ErrorId and a message that says what to do.</summary>
public static class MappedFileErrors
{
    public static PosixIpcException NotFound(string path, string function) =>
        IpcErrors.Failed(IpcMechanism.MappedFile, ErrorIds.MappedFileNotFound, Errno.ENOENT, function, path, "");

    internal static PosixIpcException NotRegular(string path, FileStatus status) =>
        new(ErrorIds.MappedFileNotRegular, status.IsDirectory ? Errno.EISDIR : Errno.EINVAL, null, path,
            $"'{path}' is {status.TypeName}{(status.Type == FileStatus.S_IFLNK ? " (Write-MappedFile does not follow one)" : "")}, not a regular file, so it cannot be mapped; it was not opened. Give the path of a regular file.");

    public static PosixIpcException Empty(string path) =>
        new(ErrorIds.MappedFileEmpty, Errno.EINVAL, null, path,
            $"The file '{path}' is empty: there is nothing to map. Write-MappedFile -Extend can give it a size.");

    public static PosixIpcException OutOfRange(string path, long offset, long count, long size, bool writing) =>
        new(ErrorIds.MappedFileOutOfRange, Errno.EINVAL, null, path,
            offset < 0 || count < 0
                ? $"Offset {offset} and count {count} must not be negative."
                : (count == 0 ? $"Offset {offset} is past the end of '{path}', which is {size} bytes" : $"Offset {offset} and count {count} reach past the end of '{path}', which is {size} bytes") +
                  $"; nothing was {(writing ? "written" : "read")}." +
                  (writing ? " Use -Extend (or MappedFile.Extend) to let the file grow." : " Give an offset below the size, and a count that ends at or before it (or omit -Count)."));

    public static PosixIpcException Truncated(string path, long offset, long count, long size, long before) =>
        new(ErrorIds.MappedFileTruncated, Errno.EIO, null, path,
            $"'{path}' was truncated by another process from {before} to {size} bytes while it was mapped; offset {offset} and count {count} are no longer in the file, so they were not touched.");

    /// <summary>
    /// A copy that stopped at stoppedAt because the file no longer reached there, or had been cut and
    /// grown again by another process in the meantime (now it is size bytes).
    /// </summary>
    public static PosixIpcException TruncatedDuringCopy(string path, long offset, long count, long stoppedAt, long size, long before, bool writing) =>
        new(ErrorIds.MappedFileTruncated, Errno.EIO, writing ? "process_vm_writev" : "pread", path,
            $"'{path}' was truncated by another process while offset {offset} and count {count} were being {(writing ? "written" : "read")} " +
            (size < before ? $"(from {before} to {size} bytes)" : $"(and grown again to {size} bytes)") +
            $": the copy stopped at offset {stoppedAt}" + (writing ? $", so the bytes before it may have been written and the rest were not." : ", and nothing was returned.") +
            " Where other processes truncate the file, agree on a lock (flock, a semaphore) with them.");

    /// <summary>The file system had no space for the bytes (ENOSPC, EDQUOT): what was being done, and which call said so.</summary>
    public static PosixIpcException NoSpace(string path, int errno, string function, string what) =>
        IpcErrors.Failed(IpcMechanism.MappedFile, ErrorIds.MappedFileNoSpace, errno, function, path, what);

    /// <summary>A copy between the file and memory that failed for another reason (EIO, for example).</summary>
    public static PosixIpcException CopyFailed(string path, int errno, string function, long at, bool writing) =>
        IpcErrors.Failed(IpcMechanism.MappedFile, ErrorIds.MappedFileIOFailed, errno, function, path,
            $"'{path}' could not be {(writing ? "written" : "read")} at offset {at}");

    public static PosixIpcException TextTooLarge(string path, long count, long limit) =>
        new(ErrorIds.MappedFileTextTooLarge, Errno.EMSGSIZE, null, path,
            $"{count} bytes are too many to decode into one string (at most {limit}); read them with -AsByteStream, which emits bounded chunks, or give a smaller -Count.");

}
