namespace PosixIpc;

/// <summary>
/// The one factory for failures that a C function reported through errno: the mechanism's table
/// (ErrnoAdvice) picks the ErrorId and advice, the caller gives what was being done.
/// </summary>
public static class IpcErrors
{
    /// <param name="mechanism">Whose advice applies.</param>
    /// <param name="errorId">The ErrorId when the mechanism's table has nothing more precise for the errno.</param>
    /// <param name="errno">What the C function set.</param>
    /// <param name="function">The C function that failed.</param>
    /// <param name="objectName">The path or name of the object, which becomes the error's target.</param>
    /// <param name="what">What was being done, such as "Cannot open the FIFO '/tmp/x'".</param>
    public static PosixIpcException Failed(IpcMechanism mechanism, string errorId, int errno, string function, string objectName, string what)
    {
        ErrnoRule? rule = ErrnoAdvice.Find(mechanism, errno);
        if (rule == null)
        {
            return PosixIpcException.FromErrno(errorId, errno, function, objectName, what);
        }

        string id = rule.ErrorId.Length > 0 ? rule.ErrorId : errorId;
        return PosixIpcException.FromErrno(id, errno, function, objectName, rule.What?.Invoke(objectName) ?? what, rule.Advice(objectName));
    }

    /// <summary>A path that names nothing (not even a wildcard match), for the mechanism's not-found ErrorId.</summary>
    public static PosixIpcException NothingAt(string errorId, string path) =>
        new(errorId, Interop.Errno.ENOENT, null, path, $"Nothing exists at '{path}'. Check the path (wildcards are allowed).");
}
