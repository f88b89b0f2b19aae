using PosixIpc.Interop;

namespace PosixIpc.Fifo;

/// <summary>The failures FIFO operations report, each with its stable ErrorId and a message that says what to do.</summary>
public static class FifoErrors
{
    public static PosixIpcException NotFound(string path, string function) =>
        IpcErrors.Failed(IpcMechanism.Fifo, ErrorIds.FifoNotFound, Errno.ENOENT, function, path, "");

    internal static PosixIpcException NotAFifo(string path, FileStatus status) =>
        new(ErrorIds.NotAFifo, Errno.EINVAL, null, path,
            $"'{path}' is {status.TypeName}, not a FIFO; it was left untouched. Give the path of a FIFO (Get-IpcFifo lists them).");

    public static PosixIpcException Exists(string path) =>
        new(ErrorIds.FifoExists, Errno.EEXIST, "mkfifo", path,
            $"The FIFO '{path}' already exists. Use -Force to reuse it, or Remove-IpcFifo it first.");

    internal static PosixIpcException PathTaken(string path, FileStatus status) =>
        new(ErrorIds.FifoPathTaken, Errno.EEXIST, "mkfifo", path,
            $"'{path}' already exists and is {status.TypeName}; New-IpcFifo never replaces it, even with -Force. Choose another path or remove that file yourself.");

    public static PosixIpcException ParentNotFound(string path) =>
        new(ErrorIds.FifoParentNotFound, Errno.ENOENT, "mkfifo", path,
            $"Cannot create the FIFO '{path}': the directory '{System.IO.Path.GetDirectoryName(path)}' does not exist. Create it first (New-Item -ItemType Directory).");



    public static PosixIpcException OpenTimeout(string path, double seconds) =>
        new(ErrorIds.FifoOpenTimeout, Errno.ETIMEDOUT, "open", path,
            $"No reader opened the FIFO '{path}' within {seconds:0.###} s, so nothing was written. Start the reader first (Read-IpcFifo, or cat), or raise -TimeoutSec.")
        { Scope = IpcErrorScope.Item };

    public static PosixIpcException ReadTimeout(string path, double seconds) =>
        new(ErrorIds.FifoReadTimeout, Errno.ETIMEDOUT, "poll", path,
            $"No data came through the FIFO '{path}' for {seconds:0.###} s (no writer, or a silent one). Start the writer, or raise -TimeoutSec.")
        { Scope = IpcErrorScope.Item };

    /// <summary>A line longer than -MaxLineLength ended the read; ReadLines adds what was read of it (Carrying).</summary>
    public static PosixIpcException LineTooLong(string path, int maxLineLength) =>
        new(ErrorIds.FifoLineTooLong, Errno.EMSGSIZE, "read", path,
            $"A line from the FIFO '{path}' is longer than -MaxLineLength ({maxLineLength} characters), so Read-IpcFifo stopped reading it; what the writer sent after the part read stays in the FIFO while a writer holds it open. Raise -MaxLineLength, or read with -Raw or -AsByteStream.");

    /// <summary>What a stopped reader had read and not emitted; the text is the error's TargetObject.</summary>
    public static PosixIpcException NotEmitted(string path, string text) =>
        new PosixIpcException(ErrorIds.FifoDataNotEmitted, Errno.EINTR, "read", path,
            $"Read-IpcFifo was stopped after it had read {text.Length} characters from the FIFO '{path}' that it had not emitted (an unfinished line, or lines after the one being emitted); a FIFO cannot take them back. The text is the error's TargetObject (and Exception.Unsent).")
        { Unsent = text, Category = IpcErrorCategory.OperationStopped, Scope = IpcErrorScope.Item };

    /// <summary>The note a read error gets when it ends a reader that holds text it had not emitted.</summary>
    public static string HeldNote(string text) =>
        $"The {text.Length} characters read before and not emitted (an unfinished line) are in the error's Exception.Unsent.";

    public static PosixIpcException WriteTimeout(string path, double seconds, long written) =>
        new(ErrorIds.FifoWriteTimeout, Errno.ETIMEDOUT, "poll", path,
            $"The reader of the FIFO '{path}' took nothing for {seconds:0.###} s; {written} bytes had gone through. Make sure the reader keeps reading, or raise -TimeoutSec.");

    public static PosixIpcException ReaderGone(string path, long written) =>
        new(ErrorIds.FifoReaderGone, Errno.EPIPE, "write", path,
            $"The reader closed the FIFO '{path}' after {written} bytes had gone through; the rest was not delivered. Keep the reader open until the writer ends.");
}
