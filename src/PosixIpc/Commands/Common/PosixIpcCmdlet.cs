using System.Management.Automation.Host;

namespace PosixIpc.Commands;

/// <summary>
/// What every PosixIpc cmdlet shares: a cancellation token that Ctrl+C (StopProcessing) trips,
/// errors from PosixIpcException, and file-system paths resolved against the PowerShell location (PathArguments.cs).
/// </summary>
public abstract partial class PosixIpcCmdlet : PSCmdlet, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();

    /// <summary>Cancelled when the user presses Ctrl+C or the pipeline is stopped.</summary>
    protected CancellationToken StopToken => _stopping.Token;

    protected override void StopProcessing() => _stopping.Cancel();

    protected void WriteIpcError(PosixIpcException exception) => WriteError(IpcErrorRecord.From(exception));

    /// <summary>
    /// Runs Core work on one item of many: a failure is written as a non-terminating error for that
    /// item and the command goes on with the next, unless the failure's Scope is Command.
    /// Ctrl+C (cancellation of StopToken) becomes the pipeline stop.
    /// </summary>
    protected void RunForItem(Action work) => Run(work, endsCommand: false);

    /// <summary>
    /// Runs Core work the whole command depends on: a failure ends the command with a terminating
    /// error, unless its Scope is Item (a timeout a script polls for, one message that did not fit),
    /// which is written as a non-terminating error. Ctrl+C becomes the pipeline stop.
    /// </summary>
    protected void RunForCommand(Action work) => Run(work, endsCommand: true);

    /// <summary>RunForCommand for work with a result; default when an Item-scoped failure was written instead.</summary>
    protected T? RunForCommand<T>(Func<T> work)
    {
        T? result = default;
        Run(() => result = work(), endsCommand: true);
        return result;
    }

    private void Run(Action work, bool endsCommand)
    {
        try
        {
            work();
        }
        catch (PosixIpcException e)
        {
            bool terminating = e.Scope switch
            {
                IpcErrorScope.Item => false,
                IpcErrorScope.Command => true,
                _ => endsCommand,
            };
            if (terminating)
            {
                ThrowIpcError(e);
            }

            WriteIpcError(e);
        }
        catch (OperationCanceledException) when (StopToken.IsCancellationRequested)
        {
            throw Stopped();
        }
    }

    /// <summary>The timeout a -TimeoutSec parameter gives: none when the parameter was not bound.</summary>
    protected TimeSpan? BoundTimeout(double seconds, string parameter = "TimeoutSec") =>
        MyInvocation.BoundParameters.ContainsKey(parameter) ? TimeSpan.FromSeconds(seconds) : null;

    protected void ThrowIpcError(PosixIpcException exception) => ThrowTerminatingError(IpcErrorRecord.From(exception));

    /// <summary>
    /// Runs the action for every queue, segment or semaphore name the -Name patterns stand for (a
    /// name without wildcards as it is, after the name rule; a pattern against the listing). A failure
    /// is written as an error for its name and the others go on; with a wildcard, an object that went
    /// away between the listing and the action (an ObjectNotFound error, when skipGone) is skipped quietly.
    /// </summary>
    protected void ForEachNamed(IEnumerable<string> patterns, IpcNameKind kind, Func<IReadOnlyList<string>> list,
        Action<string> action, bool skipGone = false)
    {
        foreach (string pattern in patterns)
        {
            RunForItem(() =>
            {
                foreach (string name in IpcNamePattern.Resolve(pattern, kind, list, out bool wildcard))
                {
                    try
                    {
                        action(name);
                    }
                    catch (PosixIpcException e) when (skipGone && wildcard && e.Category == IpcErrorCategory.ObjectNotFound)
                    {
                    }
                    catch (PosixIpcException e)
                    {
                        WriteIpcError(e);
                    }
                }
            });
        }
    }

    /// <summary>
    /// Writes the object that a received message's CliXml text holds (-Deserialize), or an InvalidData
    /// error with the message as its target when the text is not CliXml.
    /// </summary>
    /// <remarks>
    /// The error is the message's delivery: once ReportedAsError is set, the message has reached the
    /// user (as the error's target), even when -ErrorAction Stop makes writing the error throw.
    /// </remarks>
    protected void WriteDeserialized(string? cliXml, object message, int length, string from, string errorId, string sender)
    {
        ReportedAsError = false;
        object value;
        try
        {
            value = PSSerializer.Deserialize(cliXml);
        }
        catch (Exception e) when (e is System.Xml.XmlException or InvalidOperationException or ArgumentException)
        {
            ReportedAsError = true;
            WriteError(new ErrorRecord(
                new InvalidOperationException($"A message of {length} bytes from {from} is not CliXml, so it could not be deserialized: {e.Message} Send with {sender} -Serialize, or receive without -Deserialize. The message is the error's TargetObject.", e),
                errorId, ErrorCategory.InvalidData, message));
            return;
        }

        WriteObject(value);
    }

    /// <summary>Whether the last WriteDeserialized reported its message as an error instead of emitting an object.</summary>
    protected bool ReportedAsError { get; private set; }

    /// <summary>-Force reuses an object as it is: says so when -Mode asked for another mode than it has.</summary>
    protected void WarnIfModeKept(string what, UnixFileMode? existing, UnixFileMode asked)
    {
        if (existing is { } mode && mode != asked && MyInvocation.BoundParameters.ContainsKey("Mode"))
        {
            WriteWarning($"{what} already existed with mode {UnixPermissions.ToOctal(mode)}; -Force reuses it as it is and did not change it to {UnixPermissions.ToOctal(asked)}.");
        }
    }

    protected static PipelineStoppedException Stopped() => new();

    /// <summary>
    /// Whether a write that ended in the pipeline stop had passed the object on. The stop refuses a
    /// write at its start (the stop came between a check of Stopping and the write): then the pipe that
    /// hands objects to the next command is not on the exception's stack. When it is, the next
    /// command was stopped while it worked on the object, which it had been given: delivered.
    /// </summary>
    protected static bool WasPassedOn(PipelineStoppedException e)
    {
        foreach (System.Diagnostics.StackFrame frame in new System.Diagnostics.StackTrace(e, false).GetFrames())
        {
            Type? type = frame.GetMethod()?.DeclaringType;
            if (type != null && type.FullName == "System.Management.Automation.Internal.Pipe")
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Reports what a stopped command took and could neither deliver nor give back. A stopping
    /// pipeline refuses the error stream, so the error (its TargetObject the content) goes where a
    /// script finds it after the stop, $Error[0], and a warning goes to the host.
    /// </summary>
    protected void ReportWhileStopping(PosixIpcException exception)
    {
        if (!Stopping)
        {
            WriteError(RecordOf(exception));
            return;
        }

        ReportOutsidePipeline(SessionState, Host, exception);
    }

    private static ErrorRecord RecordOf(PosixIpcException exception) =>
        new(exception, exception.ErrorId, IpcErrorRecord.CategoryOf(exception.Category), exception.Unsent ?? exception.ObjectName);

    /// <summary>
    /// Reports a loss where no error stream is (a stopping pipeline, an Unregister-Event): the error,
    /// its TargetObject the content, goes to $Error[0] of the session, and a warning to the host.
    /// Call it on the session's pipeline thread.
    /// </summary>
    internal static void ReportOutsidePipeline(SessionState session, PSHost? host, PosixIpcException exception)
    {
        try
        {
            if (session.PSVariable.GetValue("global:Error") is System.Collections.ArrayList errors)
            {
                errors.Insert(0, RecordOf(exception));
            }

            host?.UI?.WriteWarningLine(exception.Message);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The host may be gone already (the process is exiting); the $Error entry is what stays.
        }
    }

    public void Dispose()
    {
        Dispose(true);
        _stopping.Dispose();
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
    }
}
