using PosixIpc.Interop;

namespace PosixIpc;

/// <summary>File-system questions the path cmdlets ask before they resolve wildcards.</summary>
public static class IpcPaths
{
    /// <summary>Whether anything exists at the path itself (a symbolic link counts; it is not followed).</summary>
    public static bool Exists(string path) => Stat.TryStat(path, followLinks: false, out _, out _);
}
