using PosixIpc.Interop;
using PosixIpc.Text;

namespace PosixIpc;

/// <summary>File-system questions the path cmdlets ask before they resolve wildcards.</summary>
public static class IpcPaths
{
    /// <summary>Whether anything exists at the path itself (a symbolic link counts; it is not followed).</summary>
    public static bool Exists(string path) => Stat.TryStat(path, followLinks: false, out _, out _);

    /// <summary>
    /// The entries of a directory whose names need escaping (ByteName: bytes that are not UTF-8, control
    /// characters, backslashes), as their exact paths and the escaped text of their names; empty when the
    /// directory cannot be read. These are the entries a PowerShell wildcard cannot be matched against.
    /// </summary>
    public static IReadOnlyList<(string Path, string EscapedName)> EscapedEntries(string directory)
    {
        var result = new List<(string, string)>();
        foreach ((byte[] name, _) in Dirent.List(directory, out _) ?? new())
        {
            string exact = ByteName.ToExact(name);
            string escaped = ByteName.Escape(name);
            if (exact != escaped)
            {
                result.Add((Path.Join(directory, exact), escaped));
            }
        }

        return result;
    }

    /// <summary>The names of the entries of a directory that are not directories, as bytes; IOException when it cannot be read.</summary>
    internal static IEnumerable<byte[]> FileNames(string directory)
    {
        List<(byte[] Name, byte Type)> entries = Dirent.List(directory, out int errno)
            ?? throw new IOException($"Cannot list the directory '{directory}': {Errno.Describe(errno)}.");
        foreach ((byte[] name, byte type) in entries)
        {
            if (type != Dirent.DT_DIR)
            {
                yield return name;
            }
        }
    }
}
