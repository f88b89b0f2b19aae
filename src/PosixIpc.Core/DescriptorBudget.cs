namespace PosixIpc;

/// <summary>
/// How many more file descriptors this process may open while leaving a reserve for the .NET runtime
/// itself: the runtime needs a few to start threads, read /proc and load code, and a process that has
/// none left crashes inside it (SIGSEGV or an abort), which no caller can catch.
/// </summary>
internal static class DescriptorBudget
{
    /// <summary>The soft RLIMIT_NOFILE, from /proc/self/limits (int.MaxValue when unlimited or unreadable).</summary>
    public static int Limit()
    {
        try
        {
            foreach (string line in File.ReadLines("/proc/self/limits"))
            {
                if (line.StartsWith("Max open files", StringComparison.Ordinal))
                {
                    string[] fields = line.Substring("Max open files".Length).Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    return fields.Length > 0 && int.TryParse(fields[0], out int soft) && soft > 0 ? soft : int.MaxValue;
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }

        return int.MaxValue;
    }

    /// <summary>The descriptors open now (the entries of /proc/self/fd).</summary>
    public static int OpenNow()
    {
        try
        {
            return Directory.EnumerateFileSystemEntries("/proc/self/fd").Count();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
    }

    /// <summary>What is always left to the runtime: 64, or a sixteenth of a large limit.</summary>
    public static int Reserve(int limit) => limit == int.MaxValue ? 1024 : Math.Max(64, limit / 16);

    /// <summary>How many more descriptors may be opened now and leave the reserve (never below 0).</summary>
    public static int Available()
    {
        int limit = Limit();
        if (limit == int.MaxValue)
        {
            return int.MaxValue;
        }

        return Math.Max(0, limit - OpenNow() - Reserve(limit));
    }
}
