using PosixIpc.Inventory;

namespace PosixIpc.Commands;

[Cmdlet(VerbsCommon.Get, "IpcObject", DefaultParameterSetName = "Path")]
[OutputType(typeof(IpcObject))]
public sealed class GetIpcObjectCommand : PosixIpcCmdlet
{
    /// <summary>Only these kinds (wildcards: SysV*); all of them by default (FIFOs only with -Path).</summary>
    [Parameter]
    [SupportsWildcards]
    [IpcObjectKindTransformation]
    public IpcObjectKind[]? Kind { get; set; }

    /// <summary>Only objects whose Name (or, for System V, key or id) matches; wildcards; a POSIX name matches with or without its slash.</summary>
    [Parameter(Position = 0)]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(IpcObjectNameCompleter))]
    [ValidateNotNullOrEmpty]
    public string[]? Name { get; set; }

    /// <summary>Where to look for FIFOs: FIFOs themselves or directories (wildcards). Without it no FIFOs are listed.</summary>
    [Parameter(ParameterSetName = "Path", ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[]? Path { get; set; }

    /// <summary>Where to look for FIFOs, exactly as given (no wildcards); Get-ChildItem's PSPath binds here.</summary>
    [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "LP", "FullName")]
    [ValidateNotNullOrEmpty]
    public string[]? LiteralPath { get; set; }

    /// <summary>Looks for FIFOs in the subdirectories of -Path too.</summary>
    [Parameter]
    public SwitchParameter Recurse { get; set; }

    /// <summary>Only the objects that no process holds.</summary>
    [Parameter]
    public SwitchParameter Orphaned { get; set; }

    private readonly List<string> _fifoRoots = new();

    protected override void ProcessRecord()
    {
        bool literal = ParameterSetName == LiteralPathSet;
        if ((literal ? LiteralPath : Path) is not { } paths)
        {
            return;
        }

        foreach (string p in paths)
        {
            foreach (string resolved in ResolveExistingPaths(p, ErrorIds.IpcObjectNotFound, literal))
            {
                _fifoRoots.Add(resolved);
            }
        }
    }

    protected override void EndProcessing()
    {
        IReadOnlyCollection<IpcObjectKind> kinds = Kind is { Length: > 0 } ? Kind.Distinct().ToArray() : IpcInventory.AllKinds;
        if (Path == null && LiteralPath == null && Kind != null && kinds.Count == 1 && kinds.Contains(IpcObjectKind.Fifo))
        {
            WriteWarning("FIFOs are listed only under -Path: give the FIFOs or the directories to search (with -Recurse for their subdirectories).");
        }

        List<IpcObject> objects = IpcInventory.List(kinds, _fifoRoots, Recurse, out IReadOnlyList<string> warnings);
        foreach (string warning in warnings)
        {
            WriteWarning(warning);
        }

        if (Name != null)
        {
            var patterns = Name.Select(n => new WildcardPattern(n, WildcardOptions.IgnoreCase)).ToArray();
            objects = objects.Where(o => patterns.Any(p => NameMatches(o, p))).ToList();
        }

        var progress = new ProgressThrottle(this, 1, "Get-IpcObject: looking for holders in /proc");
        int denied = ProcessScan.FindHolders(objects, (done, total) => progress.Report(done, total, $"Process {done} of {total}"));
        progress.Complete();
        if (denied > 0)
        {
            string remedy = AccountNames.ActingAsRoot
                ? "Even root may not look into these (a process of another PID namespace, or one the kernel protects such as a sandbox's init); holders among them cannot be shown from here."
                : "Run as root to see them all.";
            WriteWarning($"{denied} process(es) could not be fully inspected (their /proc/PID/fd or /proc/PID/maps is not readable), so holders among them are not shown and objects they hold may appear orphaned. {remedy}");
        }

        foreach (IpcObject o in objects.OrderBy(o => o.Kind).ThenBy(o => o.Name, StringComparer.Ordinal).ThenBy(o => o.Id))
        {
            if (!Orphaned || o.IsOrphaned)
            {
                WriteObject(o);
            }
        }
    }

    private static bool NameMatches(IpcObject o, WildcardPattern pattern) =>
        pattern.IsMatch(o.Name) ||
        (o.Name.Length > 1 && o.Name[0] is '/' or '@' && pattern.IsMatch(o.Name.Substring(1))) ||
        (o.Id is long id && o.Key != null && pattern.IsMatch(id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
}
