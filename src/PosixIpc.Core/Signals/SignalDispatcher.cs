using System.Runtime.InteropServices;
using PosixIpc.Interop;

namespace PosixIpc.Signals;

/// <summary>
/// The one place that installs and removes this process's signal handler (SignalHandlerStub) and reads
/// what it reports. Each signal is installed when its first catcher comes and put back exactly as it was
/// (the previous sigaction, whatever it was) when its last catcher goes. The handler's siginfo
/// records go into a pipe. A waiter (SignalWaiter) reads the pipe itself, on its own thread, so a signal
/// reaches it without a hop between threads; the background reader thread reads only while some catcher
/// needs it (an event source). Whoever reads hands each record to the catchers of its signal, in order.
/// The signals the .NET runtime relies on keep reaching its handler: the stub chains to it, and a
/// PosixSignalRegistration tells the runtime not to end or stop the process for the ones that would.
/// A signal with no handler to chain to (it was SIG_DFL or SIG_IGN) is also in a signalfd, which the
/// reader polls with the pipe: the kernel wakes a reader in poll as it queues the signal, while the
/// handler waits for pwsh's main thread to be woken and run it. Whichever takes the signal off the
/// kernel's queue first has it, so the reader no longer waits for a second wake-up most of the time.
/// </summary>
internal static class SignalDispatcher
{
    private const int RecordSize = 128;

    /// <summary>The signals the .NET runtime handles itself (console, child processes, terminal).</summary>
    private static readonly int[] RuntimeOwned = { 2, 3, 15, 17, 18, 20, 21, 22, 28 };

    private static readonly object Gate = new();

    // Held while records are read and handed on, so that the records of one read reach the catchers in order.
    private static readonly object ReadGate = new();
    private static readonly Slot?[] Slots = new Slot?[Interop.Signal.KernelMax + 1];
    private static readonly byte[] ReadBuffer = new byte[RecordSize * 64];
    private static readonly ManualResetEventSlim BackgroundNeeded = new(false);
    private static SafeFileDescriptor? _readEnd;

    // The signals that may be read from the kernel's queue directly (no previous handler to chain to), and their signalfd.
    private static SafeFileDescriptor? _signalFd;
    private static ulong _signalFdMask;
    private static long _takenByHandler;
    private static long _takenBySignalFd;
    private static int _backgroundCatchers;

    private sealed class Slot
    {
        public Interop.Signal.SigAction Previous;
        public PosixSignalRegistration? Registration;
        public volatile SignalCatcher[] Catchers = Array.Empty<SignalCatcher>();
    }

    /// <summary>The pipe's buffer, in siginfo records: a burst larger than this while the reader is behind is counted as lost.</summary>
    public static int Capacity { get; private set; }

    /// <summary>How many signal records came through the handler's pipe since the process began.</summary>
    public static long TakenByHandler => Interlocked.Read(ref _takenByHandler);

    /// <summary>How many signal records the signalfd took off the kernel's queue before the handler could, since the process began.</summary>
    public static long TakenBySignalFd => Interlocked.Read(ref _takenBySignalFd);

    /// <summary>Test hook: while true nobody reads the pipe, so it fills (the overflow test).</summary>
    public static bool PauseReader { get; internal set; }

    /// <summary>True while the background thread reads the pipe: waiters then take their signals from what it hands them.</summary>
    public static bool ReadsInBackground => Volatile.Read(ref _backgroundCatchers) > 0;

    public static void Add(SignalInfo signal, SignalCatcher catcher)
    {
        lock (Gate)
        {
            EnsureReader();

            // What came before this catcher is not its: hand it to the catchers that were there.
            Drain();
            Slot? slot = Slots[signal.Number];
            if (slot == null)
            {
                slot = Install(signal);
                Slots[signal.Number] = slot;
            }

            slot.Catchers = slot.Catchers.Append(catcher).ToArray();
            if (!catcher.ReadsItself && ++_backgroundCatchers == 1)
            {
                BackgroundNeeded.Set();
            }
        }
    }

    public static void Remove(SignalInfo signal, SignalCatcher catcher)
    {
        lock (Gate)
        {
            Slot? slot = Slots[signal.Number];
            if (slot == null || Array.IndexOf(slot.Catchers, catcher) < 0)
            {
                return;
            }

            slot.Catchers = slot.Catchers.Where(c => c != catcher).ToArray();
            if (slot.Catchers.Length == 0)
            {
                Slots[signal.Number] = null;
                Uninstall(signal.Number, slot);
            }

            if (!catcher.ReadsItself && --_backgroundCatchers == 0)
            {
                BackgroundNeeded.Reset();
            }

            // Nothing of this signal stays in the pipe for a catcher that comes later.
            Drain();
        }
    }

    private static unsafe Slot Install(SignalInfo signal)
    {
        var slot = new Slot();
        int n = signal.Number;
        if (Array.IndexOf(RuntimeOwned, n) >= 0)
        {
            // Make sure the runtime's own handler is there to chain to, and keep it from ending or stopping pwsh.
            bool cancel = signal.DefaultAction is SignalDefaultAction.Terminate or SignalDefaultAction.CoreDump or SignalDefaultAction.Stop;
            try
            {
                slot.Registration = PosixSignalRegistration.Create((PosixSignal)n, context => context.Cancel = cancel);
            }
            catch (Exception e) when (e is System.IO.IOException or ArgumentException or PlatformNotSupportedException)
            {
                throw SignalErrors.RegistrationFailed(signal, e);
            }
        }

        nint stub = SignalHandlerStub.Code;
        if (!Interop.Signal.GetAction(n, out slot.Previous, out int errno))
        {
            slot.Registration?.Dispose();
            throw SignalErrors.SigactionFailed(signal, errno);
        }

        bool chains = slot.Previous.Handler is not Interop.Signal.SigDefault and not Interop.Signal.SigIgnore;
        Interop.Signal.SigAction mine = default;
        mine.Handler = stub;
        mine.Flags = Interop.Signal.SA_SIGINFO | Interop.Signal.SA_RESTART;
        if (chains)
        {
            // The previous handler runs inside ours: give it the mask and flags it was installed with.
            for (int i = 0; i < 16; i++)
            {
                mine.Mask[i] = slot.Previous.Mask[i];
            }

            mine.Flags |= slot.Previous.Flags & ~(unchecked((int)0x80000000) | 0x40000000); // not SA_RESETHAND, SA_NODEFER
        }

        SignalHandlerStub.SetPrevious(n, slot.Previous.Handler);
        SignalHandlerStub.SetActive(n, true);
        if (!Interop.Signal.SetAction(n, mine, out errno))
        {
            SignalHandlerStub.SetActive(n, false);
            slot.Registration?.Dispose();
            throw SignalErrors.SigactionFailed(signal, errno);
        }

        if (!chains)
        {
            // Taking it off the queue skips no handler of anyone else's: the signalfd may read it.
            SetSignalFdMask(_signalFdMask | Bit(n));
        }

        return slot;
    }

    private static void Uninstall(int n, Slot slot)
    {
        SetSignalFdMask(_signalFdMask & ~Bit(n));
        SignalHandlerStub.SetActive(n, false);
        if (Interop.Signal.GetAction(n, out Interop.Signal.SigAction current, out _) && current.Handler == SignalHandlerStub.Code)
        {
            Interop.Signal.SetAction(n, slot.Previous, out _);
        }

        // Otherwise someone installed a handler over ours after us and chains to it: the stub stays as a
        // pass-through to the previous handler (its pages are never unmapped), and theirs stays theirs.
        slot.Registration?.Dispose();
    }

    private static ulong Bit(int signal) => 1UL << (signal - 1);

    /// <summary>
    /// Gives the signalfd its signals (made on first need, kept for the process's life as the pipe is).
    /// Without one (the descriptor could not be made) every signal goes through the handler, as before.
    /// </summary>
    private static void SetSignalFdMask(ulong mask)
    {
        if (_signalFd == null)
        {
            if (mask == 0)
            {
                return;
            }

            _signalFd = SignalFd.Create(mask, out _);
            _signalFdMask = _signalFd != null ? mask : 0;
            return;
        }

        if (SignalFd.SetMask(_signalFd, mask, out _))
        {
            _signalFdMask = mask;
        }
    }

    private static void EnsureReader()
    {
        if (_readEnd != null)
        {
            return;
        }

        if (!Unistd.Pipe(nonBlocking: true, out int readFd, out int writeFd, out int errno))
        {
            throw SignalErrors.HandlerSetupFailed(errno, "pipe2", "make the pipe the signal handler writes to");
        }

        var readEnd = new SafeFileDescriptor(readFd);
        using (var writeEnd = new SafeFileDescriptor(writeFd))
        {
            // 1 MiB when allowed (8192 records), else what the kernel gives (64 KiB: 512).
            Fcntl.SetPipeSize(writeEnd, 1 << 20);
            Capacity = Math.Max(Fcntl.GetPipeSize(writeEnd), 4096) / RecordSize;
            writeEnd.SetHandleAsInvalid();
        }

        SignalHandlerStub.SetPipe(writeFd);
        _readEnd = readEnd;
        var reader = new Thread(BackgroundLoop) { IsBackground = true, Name = "PosixIpc signal reader" };
        reader.Start();
    }

    /// <summary>
    /// Called by a waiter on its own thread: waits up to timeoutMs for the pipe to have records, then
    /// reads and hands on all there are. Returns at once when the background thread is the reader.
    /// </summary>
    public static void WaitAndRead(int timeoutMs)
    {
        if (PauseReader)
        {
            Thread.Sleep(Math.Min(timeoutMs, 10));
            return;
        }

        // EINTR (the signal came to this very thread) ends the poll early: the record is in the pipe by then.
        Ready ready = WaitForRecords(timeoutMs);
        if (!ReadsInBackground)
        {
            ReadAvailable(wait: true, ready);
        }
    }

    private static void BackgroundLoop()
    {
        while (true)
        {
            try
            {
                BackgroundNeeded.Wait();
                if (PauseReader)
                {
                    Thread.Sleep(10);
                    continue;
                }

                Ready ready = WaitForRecords(Deadline.SliceMs);
                if (ready == Ready.Failed)
                {
                    Thread.Sleep(100);
                    continue;
                }

                ReadAvailable(wait: true, ready);
            }
            catch (Exception)
            {
                // Nothing may escape this thread; a catcher that fails loses this one signal.
            }
        }
    }

    [Flags]
    private enum Ready
    {
        None = 0,
        Pipe = 1,
        SignalFd = 2,
        Both = Pipe | SignalFd,
        Failed = 4,
    }

    /// <summary>
    /// Polls the pipe and the signalfd: which have records (None on a timeout or EINTR), or Failed when
    /// poll itself failed. Polls without sleeping first while signals come in quick succession (SignalSpin).
    /// </summary>
    private static Ready WaitForRecords(int timeoutMs)
    {
        long spinUntil = SignalSpin.Until(timeoutMs);
        while (true)
        {
            bool spinning = spinUntil != 0 && !SignalSpin.IsOver(spinUntil);
            Ready ready = PollRecords(spinning ? 0 : timeoutMs);
            if (ready != Ready.None || !spinning)
            {
                return ready;
            }
        }
    }

    private static Ready PollRecords(int timeoutMs)
    {
        int errno;
        if (Volatile.Read(ref _signalFd) is { } signalFd)
        {
            int which = Poll.WaitEither(_readEnd!, signalFd, Poll.POLLIN, timeoutMs, out errno);
            return which < 0 && errno != Errno.EINTR ? Ready.Failed : (Ready)Math.Max(which, 0);
        }

        int events = Poll.Wait(_readEnd!, Poll.POLLIN, timeoutMs, out _);
        return events < 0 ? Ready.Failed : events > 0 ? Ready.Pipe : Ready.None;
    }

    /// <summary>Hands what is in the pipe now to the current catchers, unless someone else is reading it already.</summary>
    private static void Drain()
    {
        if (!PauseReader)
        {
            ReadAvailable(wait: false, Ready.Both);
        }
    }

    /// <summary>
    /// Reads every record in the pipe and the signalfd (non-blocking) and dispatches each; with wait false,
    /// only when no one else is reading. After a poll that found records only in the signalfd the pipe is
    /// not read: that read would find it empty and give pwsh's main thread the time to take the signal first.
    /// </summary>
    private static void ReadAvailable(bool wait, Ready ready)
    {
        if (!wait && !Monitor.TryEnter(ReadGate))
        {
            return;
        }

        if (wait)
        {
            Monitor.Enter(ReadGate);
        }

        try
        {
            // The pipe first: what the handler took off the kernel's queue came before what is still on it.
            DateTime? now = null;
            if (ready != Ready.SignalFd)
            {
                ReadRecords(_readEnd!, fromSignalFd: false, ref now);
            }

            if (Volatile.Read(ref _signalFd) is { } signalFd)
            {
                ReadRecords(signalFd, fromSignalFd: true, ref now);
            }
        }
        finally
        {
            Monitor.Exit(ReadGate);
        }
    }

    /// <summary>Reads and dispatches every record the descriptor has now (both are non-blocking).</summary>
    private static void ReadRecords(SafeFileDescriptor fd, bool fromSignalFd, ref DateTime? now)
    {
        while (true)
        {
            // The handler writes whole 128-byte records atomically (less than PIPE_BUF), and a signalfd
            // reads whole 128-byte records, so a read of a multiple of 128 bytes returns whole records.
            int n = Unistd.Read(fd, ReadBuffer, out _);
            if (n <= 0)
            {
                return;
            }

            now ??= DateTime.Now;
            SignalSpin.RecordsRead();
            Interlocked.Add(ref fromSignalFd ? ref _takenBySignalFd : ref _takenByHandler, n / RecordSize);
            for (int at = 0; at + RecordSize <= n; at += RecordSize)
            {
                ReadOnlySpan<byte> record = ReadBuffer.AsSpan(at, RecordSize);
                Dispatch(fromSignalFd ? SignalRecord.ReadSignalFd(record) : SignalRecord.Read(record), now.Value);
            }

            if (n < ReadBuffer.Length)
            {
                return;
            }
        }
    }

    private static void Dispatch(in SignalRecord info, DateTime now)
    {
        if (info.Signal <= 0 || info.Signal >= Slots.Length || Volatile.Read(ref Slots[info.Signal]) is not { } slot)
        {
            return;
        }

        foreach (SignalCatcher catcher in slot.Catchers)
        {
            try
            {
                catcher.Deliver(info, now);
            }
            catch (Exception)
            {
                // A subscriber that fails loses this signal; the others still get it.
            }
        }
    }
}
