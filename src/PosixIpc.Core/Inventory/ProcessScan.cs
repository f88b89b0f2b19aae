using System.Buffers.Text;
using System.Text;
using PosixIpc.Interop;
using PosixIpc.SharedMemory;
using PosixIpc.Sockets;

namespace PosixIpc.Inventory;

/// <summary>
/// One pass over the processes of the host: what each descriptor in /proc/PID/fd is open on (device and
/// inode, by statx, never a link text to parse) and, when asked, the /dev/shm and System V mappings of
/// /proc/PID/maps; and FindHolders, which matches them to listed objects. Directories are read with
/// getdents64 and names are bytes, so the scan makes no string per process or descriptor. A process
/// that ends meanwhile is skipped silently; one this user may not look into (EACCES) is counted.
/// </summary>
public static class ProcessScan
{
    /// <summary>Where the process entries are read: /proc.</summary>
    internal static string ProcRoot { get; set; } = "/proc";

    /// <summary>Called for each descriptor: pid, descriptor number, and what it is open on.</summary>
    internal delegate void DescriptorVisitor(int pid, int fd, in FileKey file);

    /// <summary>Called for each mapping of a /dev/shm file (its device and inode) or, with sysV, of a System V segment (inode = shmid).</summary>
    internal delegate void MappingVisitor(int pid, in FileKey file, bool sysV);

    /// <summary>
    /// Fills in the holders of the objects (descriptors, mappings, System V attachments). Returns how
    /// many processes could not be inspected. progress is called on the calling thread with
    /// (processes looked at, processes in all).
    /// </summary>
    public static int FindHolders(IReadOnlyCollection<IpcObject> objects, Action<int, int>? progress = null) =>
        FindHolders(objects, o => o.Held, (o, holders) => o.Holders = holders, progress);

    /// <summary>Fills in the processes that hold the sockets open; returns how many processes could not be inspected.</summary>
    public static int FindHolders(IReadOnlyCollection<UnixSocketInfo> sockets) =>
        FindHolders(sockets, s => HolderKey.ForSocket(s.Inode), (s, holders) => s.Holders = holders, null);

    private static int FindHolders<T>(IReadOnlyCollection<T> objects, Func<T, HolderKey> keyOf, Action<T, IReadOnlyList<IpcObjectHolder>> setHolders, Action<int, int>? progress)
        where T : class
    {
        var byFile = new Dictionary<FileKey, int>();
        var bySocket = new Dictionary<ulong, int>();
        var bySegment = new Dictionary<ulong, int>();
        var targets = new List<T>(objects.Count);
        bool wantMaps = false;
        foreach (T o in objects)
        {
            HolderKey key = keyOf(o);
            Dictionary<ulong, int>? byNumber = key.Through switch
            {
                HeldThrough.Socket => bySocket,
                HeldThrough.Attachment => bySegment,
                _ => null,
            };
            if (key.Through == HeldThrough.None)
            {
                continue;
            }

            if (byNumber != null)
            {
                byNumber[key.File.Inode] = targets.Count;
            }
            else
            {
                byFile[key.File] = targets.Count;
            }

            wantMaps |= key.Through is HeldThrough.DescriptorOrMapping or HeldThrough.Attachment;
            targets.Add(o);
        }

        if (targets.Count == 0)
        {
            return 0;
        }

        // The visitors run on two threads at once: they only collect matches, under a lock (they are few).
        var matches = new List<(int Index, int Pid, IpcHoldKind How, int? Fd)>();
        int denied = Visit(
            byFile.Count > 0 || bySocket.Count > 0
                ? (int pid, int fd, in FileKey file) =>
                {
                    if (file.IsSocket ? bySocket.TryGetValue(file.Inode, out int index) : byFile.TryGetValue(file with { Type = 0 }, out index))
                    {
                        lock (matches)
                        {
                            matches.Add((index, pid, IpcHoldKind.Fd, fd));
                        }
                    }
                }
                : null,
            wantMaps
                ? (int pid, in FileKey file, bool sysV) =>
                {
                    if (sysV ? bySegment.TryGetValue(file.Inode, out int index) : byFile.TryGetValue(file, out index))
                    {
                        lock (matches)
                        {
                            matches.Add((index, pid, sysV ? IpcHoldKind.Attached : IpcHoldKind.Map, null));
                        }
                    }
                }
                : null,
            progress,
            parallel: true);

        // In the order of a scan on one thread: by pid, then descriptors before mappings, by descriptor number.
        matches.Sort((x, y) => (x.Pid, x.How, x.Fd ?? 0).CompareTo((y.Pid, y.How, y.Fd ?? 0)));
        var found = new List<IpcObjectHolder>?[targets.Count];
        var names = new Dictionary<int, string>();
        foreach ((int index, int pid, IpcHoldKind how, int? fd) in matches)
        {
            List<IpcObjectHolder> list = found[index] ??= new List<IpcObjectHolder>();
            if (how != IpcHoldKind.Fd && list.Exists(h => h.Pid == pid && h.HeldBy == how))
            {
                continue; // One mapping per process is enough to say it is held.
            }

            if (!names.TryGetValue(pid, out string? comm))
            {
                names[pid] = comm = ProcessName(pid);
            }

            list.Add(new IpcObjectHolder(pid, comm, how, fd));
        }

        for (int i = 0; i < targets.Count; i++)
        {
            if (found[i] is { } holders)
            {
                setHolders(targets[i], holders);
            }
        }

        return denied;
    }

    /// <summary>
    /// Visits every process's descriptors (when onDescriptor is given) and its /dev/shm and /SYSV
    /// mappings (when onMapping is). Returns how many processes could not be inspected because this
    /// user may not look into them. progress, when given, is called on the calling thread with
    /// (processes done, processes in all). With parallel, a second thread takes every other process
    /// (reading /proc is mostly the kernel's work, which two cores do side by side), so the visitors
    /// must then be safe to call from two threads.
    /// </summary>
    internal static int Visit(DescriptorVisitor? onDescriptor, MappingVisitor? onMapping = null, Action<int, int>? progress = null, bool parallel = false)
    {
        using SafeFileDescriptor proc = OpenProc();
        List<int> pids = new Scanner(proc, null, null).Pids();
        int done = 0;
        int Scan(int first, int step, bool report)
        {
            var scan = new Scanner(proc, onDescriptor, onMapping);
            int denied = 0;
            for (int i = first; i < pids.Count; i += step)
            {
                if (report)
                {
                    progress?.Invoke(Volatile.Read(ref done), pids.Count);
                }

                if (!scan.Process(pids[i]))
                {
                    denied++;
                }

                Interlocked.Increment(ref done);
            }

            return denied;
        }

        if (!parallel || Environment.ProcessorCount < 2 || pids.Count < 2)
        {
            return Scan(0, 1, report: true);
        }

        Task<int> other = Task.Run(() => Scan(1, 2, report: false));
        int mine;
        try
        {
            mine = Scan(0, 2, report: true);
        }
        finally
        {
            ((IAsyncResult)other).AsyncWaitHandle.WaitOne(); // The other half ends before its visitors' state goes.
        }

        return mine + other.GetAwaiter().GetResult();
    }

    /// <summary>Visits the descriptors of one process; false when this user may not look into it (or it is gone).</summary>
    internal static bool VisitProcess(int pid, DescriptorVisitor onDescriptor)
    {
        using SafeFileDescriptor proc = OpenProc();
        return new Scanner(proc, onDescriptor, null).Process(pid);
    }

    private static SafeFileDescriptor OpenProc() =>
        Fcntl.Open(ProcRoot, Fcntl.O_RDONLY | Fcntl.O_DIRECTORY, out int errno) ?? throw new IOException($"{ProcRoot}: {Errno.Describe(errno)}");

    /// <summary>The buffers of one scan, reused from process to process.</summary>
    private sealed class Scanner
    {
        private static readonly byte[] SysVPrefix = "/SYSV"u8.ToArray();

        private readonly SafeFileDescriptor _proc;
        private readonly DescriptorVisitor? _onDescriptor;
        private readonly MappingVisitor? _onMapping;
        private readonly byte[] _shmPrefix = Encoding.UTF8.GetBytes(SharedMemorySegment.Directory.TrimEnd('/') + "/");
        private readonly byte[] _entries = new byte[32 * 1024];
        private byte[] _maps = Array.Empty<byte>(); // Grown to the largest maps file met.

        public Scanner(SafeFileDescriptor proc, DescriptorVisitor? onDescriptor, MappingVisitor? onMapping)
        {
            _proc = proc;
            _onDescriptor = onDescriptor;
            _onMapping = onMapping;
        }

        /// <summary>The numeric entries of /proc.</summary>
        public List<int> Pids()
        {
            var pids = new List<int>(512);
            while (true)
            {
                int n = Dirent.Read(_proc, _entries, out int errno);
                if (n < 0)
                {
                    throw new IOException($"{ProcRoot}: {Errno.Describe(errno)}");
                }

                if (n == 0)
                {
                    return pids;
                }

                foreach (ReadOnlySpan<byte> name in new Dirent.Entries(_entries.AsSpan(0, n)))
                {
                    if (TryNumber(name, out int pid))
                    {
                        pids.Add(pid);
                    }
                }
            }
        }

        /// <summary>Looks at one process; false when this user may not look into it.</summary>
        public bool Process(int pid)
        {
            bool allowed = true;
            if (_onDescriptor != null)
            {
                allowed &= Descriptors(pid);
            }

            if (_onMapping != null)
            {
                allowed &= Mappings(pid);
            }

            return allowed;
        }

        private bool Descriptors(int pid)
        {
            Span<byte> path = stackalloc byte[32];
            using SafeFileDescriptor? fds = Fcntl.OpenAt(_proc, ProcPath(path, pid, "/fd"u8), Fcntl.O_RDONLY | Fcntl.O_DIRECTORY, out int errno);
            if (fds == null)
            {
                return errno is not (Errno.EACCES or Errno.EPERM); // Else gone meanwhile.
            }

            Span<byte> fdName = stackalloc byte[16];
            int n;
            while ((n = Dirent.Read(fds, _entries, out errno)) > 0)
            {
                foreach (ReadOnlySpan<byte> name in new Dirent.Entries(_entries.AsSpan(0, n)))
                {
                    if (name.Length >= fdName.Length || !TryNumber(name, out int fd))
                    {
                        continue;
                    }

                    name.CopyTo(fdName);
                    fdName[name.Length] = 0;
                    if (Stat.TryIdentifyAt(fds, fdName.Slice(0, name.Length + 1), out FileKey file))
                    {
                        _onDescriptor!(pid, fd, file);
                    }
                }
            }

            return n == 0 || errno is not (Errno.EACCES or Errno.EPERM);
        }

        /// <summary>
        /// A maps line: "address perms offset dev inode   path". Only lines whose path starts with the
        /// /dev/shm or /SYSV prefix are parsed; the device (hex major:minor) and inode say which file.
        /// </summary>
        private bool Mappings(int pid)
        {
            Span<byte> path = stackalloc byte[32];
            using SafeFileDescriptor? maps = Fcntl.OpenAt(_proc, ProcPath(path, pid, "/maps"u8), Fcntl.O_RDONLY, out int errno);
            if (maps == null)
            {
                return errno is not (Errno.EACCES or Errno.EPERM);
            }

            int length = 0;
            while (true)
            {
                if (length == _maps.Length)
                {
                    Array.Resize(ref _maps, Math.Max(256 * 1024, _maps.Length * 2));
                }

                int n = Unistd.Read(maps, _maps.AsSpan(length), out errno);
                if (n < 0)
                {
                    return errno is not (Errno.EACCES or Errno.EPERM);
                }

                if (n == 0)
                {
                    break;
                }

                length += n;
            }

            ReadOnlySpan<byte> text = _maps.AsSpan(0, length);
            FindMappings(pid, text, _shmPrefix, sysV: false);
            FindMappings(pid, text, SysVPrefix, sysV: true);
            return true;
        }

        private void FindMappings(int pid, ReadOnlySpan<byte> text, ReadOnlySpan<byte> prefix, bool sysV)
        {
            int from = 0;
            int hit;
            while ((hit = text.Slice(from).IndexOf(prefix)) >= 0)
            {
                hit += from;
                from = hit + prefix.Length;
                if (hit == 0 || text[hit - 1] != ' ')
                {
                    continue; // Inside a longer path.
                }

                int start = text.Slice(0, hit).LastIndexOf((byte)'\n') + 1;
                if (TryDeviceAndInode(text.Slice(start, hit - start), out FileKey file))
                {
                    _onMapping!(pid, file, sysV);
                }
            }
        }

        /// <summary>The fourth and fifth fields of a maps line: "MM:mm" in hex and the inode.</summary>
        private static bool TryDeviceAndInode(ReadOnlySpan<byte> head, out FileKey file)
        {
            file = default;
            ReadOnlySpan<byte> rest = head;
            ReadOnlySpan<byte> device = default, inode = default;
            for (int field = 0; field < 5; field++)
            {
                rest = rest.TrimStart((byte)' ');
                int space = rest.IndexOf((byte)' ');
                ReadOnlySpan<byte> value = space < 0 ? rest : rest.Slice(0, space);
                if (value.IsEmpty)
                {
                    return false;
                }

                if (field == 3)
                {
                    device = value;
                }
                else if (field == 4)
                {
                    inode = value;
                }

                rest = space < 0 ? default : rest.Slice(space);
            }

            int colon = device.IndexOf((byte)':');
            if (colon < 0 ||
                !Utf8Parser.TryParse(device.Slice(0, colon), out uint major, out int used, 'x') || used != colon ||
                !Utf8Parser.TryParse(device.Slice(colon + 1), out uint minor, out used, 'x') || used != device.Length - colon - 1 ||
                !Utf8Parser.TryParse(inode, out ulong number, out used) || used != inode.Length)
            {
                return false;
            }

            file = new FileKey(major, minor, number);
            return true;
        }

        /// <summary>"PID" + suffix + NUL, in the buffer.</summary>
        private static ReadOnlySpan<byte> ProcPath(Span<byte> buffer, int pid, ReadOnlySpan<byte> suffix)
        {
            pid.TryFormat(buffer, out int written, provider: System.Globalization.CultureInfo.InvariantCulture);
            suffix.CopyTo(buffer.Slice(written));
            buffer[written + suffix.Length] = 0;
            return buffer.Slice(0, written + suffix.Length + 1);
        }

        private static bool TryNumber(ReadOnlySpan<byte> name, out int value) =>
            Utf8Parser.TryParse(name, out value, out int used) && used == name.Length && name.Length > 0 && name[0] is >= (byte)'0' and <= (byte)'9';
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
