
namespace PosixIpc.Commands;

/// <summary>Turns a PosixIpcException into the ErrorRecord a cmdlet reports: its ErrorId, its category, the object as target.</summary>
internal static class IpcErrorRecord
{
    public static ErrorRecord From(PosixIpcException exception) =>
        new(exception, exception.ErrorId, CategoryOf(exception.Category), exception.ObjectName);

    /// <summary>IpcErrorCategory names are PowerShell's ErrorCategory names (a test checks every one).</summary>
    public static ErrorCategory CategoryOf(IpcErrorCategory category) =>
        Enum.TryParse(category.ToString(), out ErrorCategory result) ? result : ErrorCategory.NotSpecified;
}
