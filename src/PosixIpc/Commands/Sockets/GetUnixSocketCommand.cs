using PosixIpc.Inventory;
using PosixIpc.Sockets;

namespace PosixIpc.Commands;

[Cmdlet(VerbsCommon.Get, "UnixSocket", DefaultParameterSetName = "All")]
[OutputType(typeof(UnixSocketInfo))]
public sealed class GetUnixSocketCommand : PosixIpcCmdlet
{
    /// <summary>Only sockets whose file path matches (wildcards; a relative path is made absolute).</summary>
    [Parameter(Position = 0, ParameterSetName = "Path", ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[]? Path { get; set; }

    /// <summary>Only the sockets at these paths, exactly as given (no wildcards).</summary>
    [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "LP")]
    [ValidateNotNullOrEmpty]
    public string[]? LiteralPath { get; set; }

    /// <summary>Only sockets whose abstract name matches (wildcards; with or without the "@").</summary>
    [Parameter(Mandatory = true, ParameterSetName = "Name")]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(AbstractSocketNameCompleter))]
    public string[]? Name { get; set; }

    /// <summary>Only sockets of this type.</summary>
    [Parameter]
    public UnixSocketType[]? Type { get; set; }

    /// <summary>Only listening sockets (servers).</summary>
    [Parameter]
    public SwitchParameter Listening { get; set; }

    /// <summary>Include unnamed sockets (connected ends, socketpairs), which ss -x lists too.</summary>
    [Parameter(ParameterSetName = "All")]
    public SwitchParameter All { get; set; }

    protected override void ProcessRecord()
    {
        IReadOnlyList<UnixSocketInfo> sockets = UnixSockets.List(out string? warning);
        if (warning != null)
        {
            WriteWarning(warning);
        }

        IEnumerable<UnixSocketInfo> selected = sockets;
        if (Path != null || LiteralPath != null)
        {
            var patterns = (Path ?? LiteralPath!).Select(p => new WildcardPattern(Path != null ? ResolveNewPath(p) : WildcardPattern.Escape(ResolveNewPath(p)), WildcardOptions.None)).ToArray();
            selected = selected.Where(s => s.Path != null && patterns.Any(p => p.IsMatch(s.Path)));
        }
        else if (Name != null)
        {
            var patterns = Name.Select(n => new WildcardPattern(n.StartsWith('@') ? n.Substring(1) : n, WildcardOptions.None)).ToArray();
            selected = selected.Where(s => s.Name != null && patterns.Any(p => p.IsMatch(s.Name)));
        }
        else if (!All)
        {
            selected = selected.Where(s => s.Path != null || s.Name != null);
        }

        if (Type != null)
        {
            selected = selected.Where(s => Type.Contains(s.Type));
        }

        if (Listening)
        {
            selected = selected.Where(s => s.Listening);
        }

        var list = selected.ToList();
        ProcessScan.FindHolders(list);
        foreach (UnixSocketInfo s in list.OrderBy(s => s.Address, System.StringComparer.Ordinal).ThenBy(s => s.Inode))
        {
            WriteObject(s);
        }
    }
}
