using System;
using System.Globalization;
using System.IO;

namespace PosixIpc.Inventory;

/// <summary>
/// One pass over the processes of the host: the targets of their /proc/PID/fd links and, when asked,
/// the file-backed mappings of /proc/PID/maps. Used by the inventory and by Get-UnixSocket.
/// A process that ends meanwhile is skipped silently; one this user may not look into (EACCES) is counted.
/// </summary>
public static class ProcessScan
{
    /// <summary>Where the process entries are read: /proc.</summary>
    internal static string ProcRoot { get; set; } = "/proc";

    /// <summary>Called for each descriptor: pid, descriptor number, link target (such as "socket:[123]" or a path).</summary>
    public delegate void DescriptorVisitor(int pid, int fd, string target);

    /// <summary>Called for each file-backed mapping line: pid, the mapped path (with any " (deleted)"), the inode column.</summary>
    public delegate void MappingVisitor(int pid, string path, ulong inode);

    /// <summary>
    /// Visits every process's descriptors, and its mappings when onMapping is given and one of mappingFilters
    /// (prefixes of the mapped path, such as "/dev/shm/") starts the path. Returns how many processes
    /// could not be inspected because this user may not look into them. progress, when given, is called
    /// on the calling thread before each directory of /proc with (directories done, directories in all).
    /// </summary>
    public static int Visit(DescriptorVisitor onDescriptor, MappingVisitor? onMapping = null, string[]? mappingFilters = null,
        Action<int, int>? progress = null)
    {
        int denied = 0;
        string[] dirs = Directory.GetDirectories(ProcRoot);
        for (int i = 0; i < dirs.Length; i++)
        {
            progress?.Invoke(i, dirs.Length);
            string dir = dirs[i];
            string file = System.IO.Path.GetFileName(dir);
            if (file.Length == 0 || !char.IsAsciiDigit(file[0]) ||
                !int.TryParse(file, NumberStyles.None, CultureInfo.InvariantCulture, out int pid))
            {
                continue;
            }

            bool refused = false;
            try
            {
                foreach (string fdPath in Directory.EnumerateFileSystemEntries(dir + "/fd"))
                {
                    // readlink keeps the bytes of a name that is not UTF-8, so such a FIFO's holders are found too; null: the descriptor was closed meanwhile.
                    string? target = Interop.Unistd.ReadLink(fdPath);

                    if (target != null &&
                        int.TryParse(System.IO.Path.GetFileName(fdPath.AsSpan()), NumberStyles.None, CultureInfo.InvariantCulture, out int fd))
                    {
                        onDescriptor(pid, fd, target);
                    }
                }
            }
            catch (UnauthorizedAccessException)
            {
                refused = true;
            }
            catch (IOException)
            {
                continue; // The process ended meanwhile.
            }

            if (onMapping != null)
            {
                try
                {
                    VisitMappings(pid, dir + "/maps", onMapping, mappingFilters);
                }
                catch (UnauthorizedAccessException)
                {
                    refused = true;
                }
                catch (IOException)
                {
                }
            }

            if (refused)
            {
                denied++;
            }
        }

        return denied;
    }

    /// <summary>
    /// A maps line: "address perms offset dev inode   path". Only lines whose path starts with one of the
    /// filters (prefixes) are parsed.
    /// </summary>
    private static void VisitMappings(int pid, string mapsPath, MappingVisitor onMapping, string[]? filters)
    {
        string text = File.ReadAllText(mapsPath);
        int start = 0;
        while (start < text.Length)
        {
            int end = text.IndexOf('\n', start);
            if (end < 0)
            {
                end = text.Length;
            }

            ReadOnlySpan<char> line = text.AsSpan(start, end - start);
            start = end + 1;
            int slash = line.IndexOf('/');
            if (slash < 0)
            {
                continue;
            }

            ReadOnlySpan<char> path = line.Slice(slash);
            if (filters != null && !Matches(path, filters))
            {
                continue;
            }

            // The inode is the fifth field, before the path.
            ReadOnlySpan<char> head = line.Slice(0, slash).TrimEnd(' ');
            int space = head.LastIndexOf(' ');
            if (space < 0 || !ulong.TryParse(head.Slice(space + 1), NumberStyles.None, CultureInfo.InvariantCulture, out ulong inode))
            {
                continue;
            }

            onMapping(pid, path.ToString(), inode);
        }
    }

    private static bool Matches(ReadOnlySpan<char> path, string[] filters)
    {
        foreach (string f in filters)
        {
            if (path.StartsWith(f, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The command name of a process (/proc/PID/comm), or empty when it is gone.</summary>
    public static string ProcessName(int pid)
    {
        try
        {
            return pid > 0 ? File.ReadAllText($"{ProcRoot}/{pid}/comm").TrimEnd('\n') : string.Empty;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return string.Empty;
        }
    }
}
