using PosixIpc.MappedFiles;

namespace PosixIpc.Commands;

/// <summary>What Read-MappedFile and Search-MappedFile share: each -Path opened, used and closed in turn.</summary>
public abstract class MappedFileReadingCommand : PosixIpcCmdlet
{
    private MappedFile? _file;

    /// <summary>
    /// Opens, read-only, every file the patterns (or, literal, the paths) name and runs the action on it. A failure is written
    /// as an error for its file and the next goes on; Ctrl+C stops the pipeline.
    /// </summary>
    protected void ForEachMappedFile(IEnumerable<string> patterns, bool literal, Action<MappedFile> action)
    {
        foreach (string pattern in patterns)
        {
            foreach (string path in ResolveExistingPaths(pattern, ErrorIds.MappedFileNotFound, literal))
            {
                try
                {
                    RunForItem(() =>
                    {
                        using (_file = MappedFile.Open(path))
                        {
                            action(_file);
                        }
                    });
                }
                finally
                {
                    _file = null;
                }
            }
        }
    }

    protected override void Dispose(bool disposing) => _file?.Dispose();
}
