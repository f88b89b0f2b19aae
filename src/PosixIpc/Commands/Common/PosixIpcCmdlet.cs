using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading;
using PosixIpc.Interop;

namespace PosixIpc.Commands;

/// <summary>
/// What every PosixIpc cmdlet shares: a cancellation token that Ctrl+C (StopProcessing) trips,
/// errors from PosixIpcException, and file-system paths resolved against the PowerShell location.
/// </summary>
public abstract class PosixIpcCmdlet : PSCmdlet, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();

    /// <summary>Cancelled when the user presses Ctrl+C or the pipeline is stopped.</summary>
    protected CancellationToken StopToken => _stopping.Token;

    protected override void StopProcessing() => _stopping.Cancel();

    protected void WriteIpcError(PosixIpcException exception) => WriteError(IpcErrorRecord.From(exception));

    protected void ThrowIpcError(PosixIpcException exception) => ThrowTerminatingError(IpcErrorRecord.From(exception));

    /// <summary>A path that need not exist yet, made absolute against the current PowerShell location.</summary>
    protected string ResolveNewPath(string path)
    {
        string resolved = SessionState.Path.GetUnresolvedProviderPathFromPSPath(path, out ProviderInfo provider, out _);
        RequireFileSystem(path, provider);
        return resolved;
    }

    /// <summary>
    /// The existing paths a -Path names: the literal path when it exists, else its wildcard matches.
    /// Returns nothing, after writing an error, when nothing matches.
    /// </summary>
    protected IReadOnlyList<string> ResolveExistingPaths(string path, string notFoundErrorId)
    {
        string literal = ResolveNewPath(path);
        if (Stat.TryStat(literal, followLinks: false, out _, out _))
        {
            return new[] { literal };
        }

        if (WildcardPattern.ContainsWildcardCharacters(path))
        {
            try
            {
                var matches = SessionState.Path.GetResolvedProviderPathFromPSPath(path, out ProviderInfo provider);
                RequireFileSystem(path, provider);
                if (matches.Count > 0)
                {
                    return matches;
                }
            }
            catch (ItemNotFoundException)
            {
            }
        }

        WriteIpcError(new PosixIpcException(notFoundErrorId, Errno.ENOENT, null, literal,
            $"Nothing exists at '{literal}'. Check the path (wildcards are allowed).") );
        return Array.Empty<string>();
    }

    private void RequireFileSystem(string path, ProviderInfo provider)
    {
        if (!string.Equals(provider.Name, "FileSystem", StringComparison.OrdinalIgnoreCase))
        {
            ThrowTerminatingError(new ErrorRecord(
                new ArgumentException($"'{path}' is on the {provider.Name} provider; PosixIpc works only with file-system paths."),
                "PathNotFileSystem", ErrorCategory.InvalidArgument, path));
        }
    }

    /// <summary>Turns cancellation by Ctrl+C into the pipeline stop PowerShell expects.</summary>
    /// <summary>
    /// Runs the action for every queue, segment or semaphore name the -Name patterns stand for (a
    /// name without wildcards as it is, after the name rule; a pattern against the listing). A failure
    /// is written as an error for its name and the others go on; with a wildcard, an object that went
    /// away between the listing and the action (goneErrorId) is skipped quietly.
    /// </summary>
    protected void ForEachNamed(IEnumerable<string> patterns, IpcNameKind kind, Func<IReadOnlyList<string>> list,
        Action<string> action, string? goneErrorId = null)
    {
        foreach (string pattern in patterns)
        {
            try
            {
                foreach (string name in IpcNamePattern.Resolve(pattern, kind, list, out bool wildcard))
                {
                    try
                    {
                        action(name);
                    }
                    catch (PosixIpcException e) when (wildcard && e.ErrorId == goneErrorId)
                    {
                    }
                    catch (PosixIpcException e)
                    {
                        WriteIpcError(e);
                    }
                }
            }
            catch (PosixIpcException e)
            {
                WriteIpcError(e);
            }
        }
    }

    protected static PipelineStoppedException Stopped() => new();

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
