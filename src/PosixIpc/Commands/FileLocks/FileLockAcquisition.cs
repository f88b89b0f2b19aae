using PosixIpc.FileLocks;

namespace PosixIpc.Commands;

/// <summary>How Lock-IpcFile and Use-IpcFileLock take a lock from their -Shared, -Mode and -NoCreate, saying with -Verbose what they wait for.</summary>
internal static class FileLockAcquisition
{
    public static FileLock Take(Cmdlet cmdlet, string path, bool shared, TimeSpan? timeout, UnixFileMode mode, bool noCreate, CancellationToken stop) =>
        FileLock.Acquire(path, shared, timeout, stop, mode, create: !noCreate,
            onWait: holders => cmdlet.WriteVerbose(
                $"Waiting for {(shared ? "a shared" : "an exclusive")} lock on '{path}' " +
                (timeout is { } t ? $"for up to {t.TotalSeconds:0.###} s" : "until it is free (or Ctrl+C)") +
                $": it is locked{(holders.Length > 0 ? holders : " by another process")}."));
}
