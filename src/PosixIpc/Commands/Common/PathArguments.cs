
namespace PosixIpc.Commands;

/// <summary>
/// The one way path cmdlets read -Path and -LiteralPath, against the current PowerShell location
/// ($PWD), never the process's directory. -LiteralPath is taken as it is (no wildcards; a PSPath such
/// as Get-ChildItem emits works too). -Path is the path as it is when something exists there, else
/// what its wildcards match, and also the entries whose names need escaping (bytes that are not
/// UTF-8, control characters, backslashes; ByteName) whose escaped text the last part matches, so
/// "fifo-\xFF" addresses the FIFO named with the byte FF.
/// </summary>
public abstract partial class PosixIpcCmdlet
{
    /// <summary>Whether the command runs in a -LiteralPath parameter set (LiteralPath, or LiteralText and LiteralBytes where Text and Bytes sets take -Path).</summary>
    protected bool InLiteralSet => ParameterSetName.StartsWith("Literal", StringComparison.Ordinal);

    /// <summary>Whether the path was given as -LiteralPath (or its aliases PSPath, LP, FullName).</summary>
    protected bool IsLiteralPath => MyInvocation.BoundParameters.ContainsKey("LiteralPath");

    /// <summary>
    /// For a cmdlet whose Path and LiteralPath sit in every parameter set (Write-IpcFifo and
    /// Write-MappedFile, whose Text and Bytes sets come from ByteSinkCommand; neither binds a path from the pipeline):
    /// the one that was given. Neither, or both, ends the command (PathMissing, PathAmbiguous).
    /// </summary>
    protected T OnePathArgument<T>(T? path, T? literalPath)
        where T : class
    {
        if ((path == null) == (literalPath == null))
        {
            ThrowTerminatingError(new ErrorRecord(
                new ArgumentException(path == null
                    ? "Give the file as -Path (wildcards allowed) or -LiteralPath."
                    : "Give the file as -Path or as -LiteralPath, not both."),
                path == null ? ErrorIds.PathMissing : ErrorIds.PathAmbiguous, ErrorCategory.InvalidArgument, path ?? literalPath));
        }

        return (path ?? literalPath)!;
    }

    /// <summary>A path that need not exist yet, made absolute against the current PowerShell location.</summary>
    protected string ResolveNewPath(string path)
    {
        string resolved = SessionState.Path.GetUnresolvedProviderPathFromPSPath(path, out ProviderInfo provider, out _);
        RequireFileSystem(path, provider);
        return resolved;
    }

    /// <summary>
    /// The path of a cmdlet that addresses one file: a -LiteralPath (literal set) as it is; a -Path
    /// as it is when something exists there, else the one existing path its wildcards or escapes
    /// match. Several matches end the command (PathAmbiguous); none gives the path as written, for
    /// the cmdlet's own error (or for a file it creates).
    /// </summary>
    protected string ResolveOnePath(string path, bool literal)
    {
        string resolved = ResolveNewPath(path);
        if (literal || IpcPaths.Exists(resolved))
        {
            return resolved;
        }

        IReadOnlyList<string> matches = Matches(path);
        if (matches.Count > 1)
        {
            ThrowTerminatingError(new ErrorRecord(
                new ArgumentException($"'{path}' matches {matches.Count} files ({string.Join(", ", matches.Take(3).Select(Text.ByteName.Escape))}{(matches.Count > 3 ? ", ..." : "")}); this command takes one. Narrow the pattern or use -LiteralPath."),
                ErrorIds.PathAmbiguous, ErrorCategory.InvalidArgument, path));
        }

        return matches.Count == 1 ? matches[0] : resolved;
    }

    /// <summary>
    /// The existing paths a -Path (or, with literal, a -LiteralPath) names. Returns nothing, after
    /// writing an error, when nothing matches.
    /// </summary>
    protected IReadOnlyList<string> ResolveExistingPaths(string path, string notFoundErrorId, bool literal = false)
    {
        string resolved = ResolveNewPath(path);
        if (IpcPaths.Exists(resolved))
        {
            return new[] { resolved };
        }

        IReadOnlyList<string> matches = literal ? Array.Empty<string>() : Matches(path);
        if (matches.Count == 0)
        {
            WriteIpcError(IpcErrors.NothingAt(notFoundErrorId, resolved));
        }

        return matches;
    }

    /// <summary>What a -Path that names nothing as written matches: its wildcard matches, and the entries whose escaped names its last part matches.</summary>
    private IReadOnlyList<string> Matches(string path)
    {
        var matches = new List<string>();
        if (WildcardPattern.ContainsWildcardCharacters(path))
        {
            try
            {
                var found = SessionState.Path.GetResolvedProviderPathFromPSPath(path, out ProviderInfo provider);
                RequireFileSystem(path, provider);

                // .NET reads a name that is not UTF-8 with U+FFFD in it: such a match names nothing (or another file), and the escaped match below finds it.
                matches.AddRange(found.Where(IpcPaths.Exists).Distinct(StringComparer.Ordinal));
            }
            catch (ItemNotFoundException)
            {
            }
        }

        // The last part as typed: PowerShell's file-system paths take a backslash for a slash, which would cut "fifo-\xFF" in two.
        int slash = path.LastIndexOf('/');
        string leaf = path[(slash + 1)..];
        if (leaf.Length > 0 && (leaf.Contains('\\') || WildcardPattern.ContainsWildcardCharacters(leaf)))
        {
            string directory = ResolveNewPath(slash < 0 ? "." : slash == 0 ? "/" : path[..slash]);
            if (!WildcardPattern.ContainsWildcardCharacters(leaf))
            {
                // Escaped text names one entry: its bytes, whatever the case of the hex digits.
                string exact = System.IO.Path.Join(directory, Text.ByteName.TryUnescape(leaf, out byte[] bytes, out _) ? Text.ByteName.ToExact(bytes) : leaf);
                if (IpcPaths.Exists(exact))
                {
                    matches.Add(exact);
                }

                return matches;
            }

            var pattern = new WildcardPattern(Text.ByteName.CanonicalEscapes(leaf), WildcardOptions.None);
            foreach ((string entry, string escaped) in IpcPaths.EscapedEntries(directory))
            {
                if (pattern.IsMatch(escaped) && !matches.Contains(entry, StringComparer.Ordinal))
                {
                    matches.Add(entry);
                }
            }
        }

        return matches;
    }

    private void RequireFileSystem(string path, ProviderInfo provider)
    {
        if (!string.Equals(provider.Name, "FileSystem", StringComparison.OrdinalIgnoreCase))
        {
            ThrowTerminatingError(new ErrorRecord(
                new ArgumentException($"'{path}' is on the {provider.Name} provider; PosixIpc works only with file-system paths."),
                ErrorIds.PathNotFileSystem, ErrorCategory.InvalidArgument, path));
        }
    }
}
