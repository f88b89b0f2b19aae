using PosixIpc.Interop;

namespace PosixIpc.Semaphores;

/// <summary>
/// An open POSIX named semaphore (sem_open), the same object C's sem_open and Python's posix_ipc
/// open by name. Waits are taken in short slices so that cancellation ends them promptly.
/// POSIX semaphores have no owner: any process may release, so release only what you acquired.
/// </summary>
public sealed class IpcSemaphore : IDisposable
{
    /// <summary>SEM_VALUE_MAX on Linux.</summary>
    public const int MaxValue = int.MaxValue;

    private readonly SafeSemaphoreHandle _sem;

    private IpcSemaphore(string name, SafeSemaphoreHandle sem, bool created)
    {
        Name = name;
        _sem = sem;
        Created = created;
    }

    /// <summary>The semaphore's name, "/name".</summary>
    public string Name { get; }

    /// <summary>True when Create made it; false when it opened one that existed (force).</summary>
    public bool Created { get; }

    /// <summary>Where glibc keeps a semaphore "/name": the file /dev/shm/sem.name.</summary>
    public static string PathOf(string name) => IpcName.FileIn(SharedMemory.SharedMemorySegment.Directory, name, "sem.");

    /// <summary>What glibc puts before a semaphore's name in /dev/shm.</summary>
    internal static ReadOnlySpan<byte> FilePrefix => "sem."u8;

    /// <summary>Opens an existing semaphore by name ("/name" or a bare name).</summary>
    public static IpcSemaphore Open(string name)
    {
        string full = IpcName.Normalize(name, IpcNameKind.Semaphore);
        RequireSemaphoreFile(full);
        SafeSemaphoreHandle sem = Interop.Semaphore.Open(full, 0, 0, 0, out int errno)
            ?? throw IpcErrors.Failed(IpcMechanism.Semaphore, ErrorIds.SemaphoreOpenFailed, errno, "sem_open", full, $"The semaphore '{full}' could not be opened");
        return new IpcSemaphore(full, sem, false);
    }

    /// <summary>
    /// Creates a semaphore with the initial value and exactly the given mode (the umask does not
    /// apply), or with force opens an existing one as it is (its value is left alone).
    /// </summary>
    public static IpcSemaphore Create(string name, long initialValue = 1, UnixFileMode mode = UnixPermissions.OwnerOnly, bool force = false)
    {
        string full = IpcName.Normalize(name, IpcNameKind.Semaphore);
        if (initialValue < 0 || initialValue > MaxValue)
        {
            throw SemaphoreErrors.InvalidValue(full, initialValue);
        }

        SafeSemaphoreHandle? sem = Interop.Semaphore.Open(full, Mman.O_CREAT | Mman.O_EXCL, (uint)mode, (uint)initialValue, out int errno);
        if (sem != null)
        {
            // sem_open applies the umask; set the mode the caller asked for.
            if (!Stat.Chmod(PathOf(full), (uint)mode, out errno))
            {
                sem.Dispose();
                Interop.Semaphore.Unlink(full, out _);
                throw IpcErrors.Failed(IpcMechanism.Semaphore, ErrorIds.SemaphoreCreateFailed, errno, "chmod", full, $"The mode of the semaphore '{full}' could not be set");
            }

            return new IpcSemaphore(full, sem, true);
        }

        if (errno == Errno.EEXIST && force)
        {
            // sem_open gives no descriptor: its file is looked at once it is open.
            IpcSemaphore existing = Open(full);
            try
            {
                if (Stat.TryStat(PathOf(full), followLinks: false, out FileStatus st, out _))
                {
                    ForeignOwner.Check(ErrorIds.SemaphoreForeignOwner, "semaphore", full, st.Uid, "Remove-IpcSemaphore");
                }
            }
            catch
            {
                existing.Dispose();
                throw;
            }

            return existing;
        }

        throw IpcErrors.Failed(IpcMechanism.Semaphore, ErrorIds.SemaphoreCreateFailed, errno, "sem_open", full, $"The semaphore '{full}' could not be created");
    }

    /// <summary>Removes the semaphore's name (sem_unlink); processes that have it open keep using it.</summary>
    public static void Unlink(string name)
    {
        string full = IpcName.Normalize(name, IpcNameKind.Semaphore);
        if (!Interop.Semaphore.Unlink(full, out int errno))
        {
            throw IpcErrors.Failed(IpcMechanism.Semaphore, ErrorIds.SemaphoreRemoveFailed, errno, "sem_unlink", full, $"The semaphore '{full}' could not be removed");
        }
    }

    /// <summary>
    /// A semaphore's value, mode and owner. The mode and owner come from its file; the value needs
    /// sem_open, and is null (not an error) when this process may not open it.
    /// </summary>
    public static SemaphoreInfo Get(string name)
    {
        string full = IpcName.Normalize(name, IpcNameKind.Semaphore);
        if (!Stat.TryStat(PathOf(full), followLinks: false, out FileStatus st, out int errno))
        {
            throw IpcErrors.Failed(IpcMechanism.Semaphore, ErrorIds.SemaphoreGetFailed, errno, "stat", full, $"The semaphore '{full}' could not be looked up");
        }

        int? value = null;
        SafeSemaphoreHandle? sem = LooksLikeSemaphore(st) ? Interop.Semaphore.Open(full, 0, 0, 0, out _) : null;
        if (sem != null)
        {
            using (sem)
            {
                if (Interop.Semaphore.GetValue(sem, out int v, out _))
                {
                    value = v;
                }
            }
        }

        return new SemaphoreInfo(full, value, st);
    }

    /// <summary>
    /// glibc maps sem.NAME without checking its size, so a file too short to hold a sem_t (anyone may
    /// put one in /dev/shm) would make the first access raise SIGBUS. Such files are refused unopened.
    /// </summary>
    private static bool LooksLikeSemaphore(FileStatus st) =>
        st.Type == FileStatus.S_IFREG && st.Size >= 4 * IntPtr.Size;

    private static void RequireSemaphoreFile(string full)
    {
        if (Stat.TryStat(PathOf(full), followLinks: false, out FileStatus st, out _) && !LooksLikeSemaphore(st))
        {
            throw new PosixIpcException(ErrorIds.SemaphoreInvalid, Errno.EINVAL, null, full,
                $"{PathOf(full)} is not a semaphore (it is not a regular file of at least {4 * IntPtr.Size} bytes), so it was not opened. Remove it with Remove-IpcSemaphore if it should not be there.");
        }
    }

    /// <summary>The names of the semaphores in /dev/shm (files "sem.NAME"), sorted.</summary>
    public static IReadOnlyList<string> Names()
    {
        var names = new List<string>();
        foreach (byte[] file in IpcPaths.FileNames(SharedMemory.SharedMemorySegment.Directory))
        {
            if (file.AsSpan().StartsWith(FilePrefix) && file.Length > FilePrefix.Length)
            {
                names.Add(IpcName.FromFile(file, FilePrefix.Length));
            }
        }

        names.Sort(StringComparer.Ordinal);
        return names;
    }

    /// <summary>How many more holders it lets in now (sem_getvalue).</summary>
    public int Value
    {
        get
        {
            if (!Interop.Semaphore.GetValue(_sem, out int value, out int errno))
            {
                throw IpcErrors.Failed(IpcMechanism.Semaphore, ErrorIds.SemaphoreGetFailed, errno, "sem_getvalue", Name, $"The value of the semaphore '{Name}' could not be read");
            }

            return value;
        }
    }

    /// <summary>This semaphore's value, mode and owner now.</summary>
    public SemaphoreInfo GetInfo()
    {
        Stat.TryStat(PathOf(Name), followLinks: false, out FileStatus st, out int errno);
        return new SemaphoreInfo(Name, Value, errno == 0 ? st : null);
    }

    /// <summary>Takes one unit without waiting; false when the value is 0.</summary>
    public bool TryAcquire()
    {
        if (Interop.Semaphore.Wait(_sem, TimeSpan.Zero, out int errno))
        {
            return true;
        }

        return errno == Errno.EAGAIN ? false
            : throw IpcErrors.Failed(IpcMechanism.Semaphore, ErrorIds.SemaphoreAcquireFailed, errno, "sem_trywait", Name, $"The semaphore '{Name}' could not be acquired");
    }

    /// <summary>
    /// Takes one unit, waiting until it is free: without a timeout for as long as it takes, with a
    /// zero timeout not at all (SemaphoreBusy), else up to the timeout (SemaphoreTimeout). Cancellation
    /// ends the wait with OperationCanceledException, within about 100 ms. onWait is called once, on
    /// the calling thread, when the unit was not free within the first slice, with what the wait is for.
    /// </summary>
    public void Acquire(TimeSpan? timeout = null, CancellationToken cancellation = default, Action<string>? onWait = null)
    {
        if (timeout is { } t && t <= TimeSpan.Zero)
        {
            if (!TryAcquire())
            {
                throw SemaphoreErrors.Busy(Name);
            }

            return;
        }

        Deadline deadline = Deadline.After(timeout);
        bool told = false;
        while (true)
        {
            cancellation.ThrowIfCancellationRequested();
            int slice = deadline.NextSliceMs();
            if (slice <= 0)
            {
                throw SemaphoreErrors.Timeout(Name, timeout!.Value.TotalSeconds);
            }

            if (Interop.Semaphore.Wait(_sem, TimeSpan.FromMilliseconds(slice), out int errno))
            {
                return;
            }

            if (errno != Errno.ETIMEDOUT)
            {
                throw IpcErrors.Failed(IpcMechanism.Semaphore, ErrorIds.SemaphoreAcquireFailed, errno, "sem_timedwait", Name, $"The semaphore '{Name}' could not be acquired");
            }

            if (!told)
            {
                told = true;
                onWait?.Invoke($"for the semaphore '{Name}': its value is 0 until a holder releases it (Unlock-IpcSemaphore)");
            }
        }
    }

    /// <summary>Gives one unit back (sem_post).</summary>
    public void Release()
    {
        if (!Interop.Semaphore.Post(_sem, out int errno))
        {
            throw IpcErrors.Failed(IpcMechanism.Semaphore, ErrorIds.SemaphoreReleaseFailed, errno, "sem_post", Name, $"The semaphore '{Name}' could not be released");
        }
    }

    public void Dispose() => _sem.Dispose();

    public override string ToString() => Name;
}
