namespace PosixIpc;

/// <summary>
/// A failed operation on an IPC object: which C function failed, with which errno, on which object,
/// a stable identifier for the kind of failure (ErrorIds), its category, and how much it ends.
/// </summary>
public sealed class PosixIpcException : Exception
{
    public PosixIpcException(string errorId, int errno, string? function, string objectName, string message, Exception? inner = null)
        : base(message, inner)
    {
        ErrorId = errorId;
        Errno = errno;
        Function = function;
        ObjectName = objectName;
        Category = IpcErrorCategories.FromErrno(errno);
    }

    /// <summary>Stable identifier of the failure (one of ErrorIds), used as the PowerShell ErrorId.</summary>
    public string ErrorId { get; }

    /// <summary>The errno the failure comes from, or the errno closest to it for failures found by the module itself.</summary>
    public int Errno { get; }

    /// <summary>The C function that failed, or null when the module refused before calling any.</summary>
    public string? Function { get; }

    /// <summary>The path or name of the object the operation was on.</summary>
    public string ObjectName { get; }

    /// <summary>What kind of failure it is; from the errno unless the error says otherwise.</summary>
    public IpcErrorCategory Category { get; init; }

    /// <summary>Whether the failure ends only the item, the whole command, or what the cmdlet decides.</summary>
    public IpcErrorScope Scope { get; init; }

    /// <summary>What was not delivered because of the failure (a message that was not sent), or null.</summary>
    public object? Unsent { get; init; }

    /// <summary>The symbolic errno, such as ENOENT.</summary>
    public string ErrnoName => Interop.Errno.Name(Errno);

    /// <summary>The same failure, scoped to the one item it concerns (a message that did not fit, say).</summary>
    public PosixIpcException AsItemOnly() =>
        new(ErrorId, Errno, Function, ObjectName, Message, InnerException)
        {
            Category = Category,
            Scope = IpcErrorScope.Item,
            Unsent = Unsent,
        };

    /// <summary>The same failure, carrying what was taken and not delivered (Unsent), with a note on it added to the message.</summary>
    public PosixIpcException Carrying(object unsent, string note) =>
        new(ErrorId, Errno, Function, ObjectName, Message + " " + note, InnerException)
        {
            Category = Category,
            Scope = Scope,
            Unsent = unsent,
        };

    /// <summary>
    /// A failure that a C function reported through errno. The message says what happened, what the
    /// system said, and what to do about it.
    /// </summary>
    public static PosixIpcException FromErrno(string errorId, int errno, string function, string objectName, string what, string? advice = null)
    {
        string message = $"{what}: {function}() failed with {Interop.Errno.Name(errno)} ({Interop.Errno.Describe(errno)}).";
        if (!string.IsNullOrEmpty(advice))
        {
            message += " " + advice;
        }

        return new PosixIpcException(errorId, errno, function, objectName, message);
    }
}
