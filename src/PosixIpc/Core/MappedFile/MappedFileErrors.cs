using PosixIpc.Interop;

namespace PosixIpc.MappedFiles;

/// <summary>The failures mapped-file operations report, each with its stable ErrorId and a message that says what to do.</summary>
internal static class MappedFileErrors
{
    public static PosixIpcException NotFound(string path, string function) =>
        PosixIpcException.FromErrno("MappedFileNotFound", Errno.ENOENT, function, path,
            $"The file '{path}' does not exist", "Check the path; Write-MappedFile does not create files (New-Item, or truncate -s SIZE, does).");

    public static PosixIpcException NotRegular(string path, FileStatus status) =>
        new("MappedFileNotRegular", status.IsDirectory ? Errno.EISDIR : Errno.EINVAL, null, path,
            $"'{path}' is {Describe(status)}, not a regular file, so it cannot be mapped; it was not opened. Give the path of a regular file.");

    public static PosixIpcException Empty(string path) =>
        new("MappedFileEmpty", Errno.EINVAL, null, path,
            $"The file '{path}' is empty: there is nothing to map. Write-MappedFile -Extend can give it a size.");

    public static PosixIpcException OutOfRange(string path, long offset, long count, long size, bool writing) =>
        new("MappedFileOutOfRange", Errno.EINVAL, null, path,
            offset < 0 || count < 0
                ? $"Offset {offset} and count {count} must not be negative."
                : (count == 0 ? $"Offset {offset} is past the end of '{path}', which is {size} bytes" : $"Offset {offset} and count {count} reach past the end of '{path}', which is {size} bytes") +
                  $"; nothing was {(writing ? "written" : "read")}." +
                  (writing ? " Use -Extend (or MappedFile.Extend) to let the file grow." : " Give an offset below the size, and a count that ends at or before it (or omit -Count)."));

    public static PosixIpcException Truncated(string path, long offset, long count, long size, long before) =>
        new("MappedFileTruncated", Errno.EIO, null, path,
            $"'{path}' was truncated by another process from {before} to {size} bytes while it was mapped; offset {offset} and count {count} are no longer in the file, so they were not touched.");

    public static PosixIpcException PermissionDenied(string path, int errno, string function, string what) =>
        PosixIpcException.FromErrno("MappedFilePermissionDenied", errno, function, path, what,
            "Check the file's mode and owner (ls -l) and the permissions of its directories; writing needs read and write permission.");

    public static PosixIpcException TextTooLarge(string path, long count, long limit) =>
        new("MappedFileTextTooLarge", Errno.EMSGSIZE, null, path,
            $"{count} bytes are too many to decode into one string (at most {limit}); read them with -AsByteStream, which emits bounded chunks, or give a smaller -Count.");

    public static PosixIpcException Failed(string errorId, int errno, string function, string path, string what) =>
        errno switch
        {
            Errno.ENOENT => NotFound(path, function),
            Errno.EACCES or Errno.EPERM => PermissionDenied(path, errno, function, what),
            _ => PosixIpcException.FromErrno(errorId, errno, function, path, what),
        };

    private static string Describe(FileStatus status) => status.Type switch
    {
        FileStatus.S_IFDIR => "a directory",
        FileStatus.S_IFIFO => "a FIFO",
        FileStatus.S_IFSOCK => "a socket",
        FileStatus.S_IFLNK => "a symbolic link (Write-MappedFile does not follow one)",
        0x2000 => "a character device",
        0x6000 => "a block device",
        _ => "not a regular file",
    };
}
