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
    private static int _backgroundCatchers;

    private sealed class Slot
    {
        public Interop.Signal.SigAction Previous;
        public PosixSignalRegistration? Registration;
        public volatile SignalCatcher[] Catchers = Array.Empty<SignalCatcher>();
    }

    /// <summary>The pipe's buffer, in siginfo records: a burst larger than this while the reader is behind is counted as lost.</summary>
    public static int Capacity { get; private set; }

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

        return slot;
    }

    private static void Uninstall(int n, Slot slot)
    {
        SignalHandlerStub.SetActive(n, false);
        if (Interop.Signal.GetAction(n, out Interop.Signal.SigAction current, out _) && current.Handler == SignalHandlerStub.Code)
        {
            Interop.Signal.SetAction(n, slot.Previous, out _);
        }

        // Otherwise someone installed a handler over ours after us and chains to it: the stub stays as a
        // pass-through to the previous handler (its pages are never unmapped), and theirs stays theirs.
        slot.Registration?.Dispose();
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
        Poll.Wait(_readEnd!, Poll.POLLIN, timeoutMs, out _);
        if (!ReadsInBackground)
        {
            ReadAvailable(wait: true);
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

                if (Poll.Wait(_readEnd!, Poll.POLLIN, Deadline.SliceMs, out _) < 0)
                {
                    Thread.Sleep(100);
                    continue;
                }

                ReadAvailable(wait: true);
            }
            catch (Exception)
            {
                // Nothing may escape this thread; a catcher that fails loses this one signal.
            }
        }
    }

    /// <summary>Hands what is in the pipe now to the current catchers, unless someone else is reading it already.</summary>
    private static void Drain()
    {
        if (!PauseReader)
        {
            ReadAvailable(wait: false);
        }
    }

    /// <summary>Reads every record in the pipe (non-blocking) and dispatches each; with wait false, only when no one else is reading.</summary>
    private static void ReadAvailable(bool wait)
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
            DateTime? now = null;
            while (true)
            {
                // The handler writes whole 128-byte records atomically (less than PIPE_BUF), so a read of
                // a multiple of 128 bytes returns whole records.
                int n = Unistd.Read(_readEnd!, ReadBuffer, out _);
                if (n <= 0)
                {
                    return;
                }

                now ??= DateTime.Now;
                for (int at = 0; at + RecordSize <= n; at += RecordSize)
                {
                    Dispatch(ReadBuffer.AsSpan(at, RecordSize), now.Value);
                }

                if (n < ReadBuffer.Length)
                {
                    return;
                }
            }
        }
        finally
        {
            Monitor.Exit(ReadGate);
        }
    }

    private static void Dispatch(ReadOnlySpan<byte> record, DateTime now)
    {
        var info = SignalRecord.Read(record);
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
