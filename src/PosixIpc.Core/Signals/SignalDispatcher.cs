using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.InteropServices;
using System.Threading;
using PosixIpc.Interop;

namespace PosixIpc.Signals;

/// <summary>
/// The one place that installs and removes this process's signal handler (SignalHandlerStub) and reads
/// what it reports. Each signal is installed when its first catcher comes and put back exactly as it was
/// (the previous sigaction, whatever it was) when its last catcher goes. A dedicated background thread
/// reads the siginfo records from the pipe and hands each to the catchers of its signal, in order.
/// The signals the .NET runtime relies on keep reaching its handler: the stub chains to it, and a
/// PosixSignalRegistration tells the runtime not to end or stop the process for the ones that would.
/// </summary>
internal static class SignalDispatcher
{
    private const int RecordSize = 128;

    /// <summary>The signals the .NET runtime handles itself (console, child processes, terminal).</summary>
    private static readonly int[] RuntimeOwned = { 2, 3, 15, 17, 18, 20, 21, 22, 28 };

    private static readonly object Gate = new();
    private static readonly Slot?[] Slots = new Slot?[Interop.Signal.KernelMax + 1];
    private static int _readFd = -1;

    private sealed class Slot
    {
        public Interop.Signal.SigAction Previous;
        public PosixSignalRegistration? Registration;
        public volatile SignalCatcher[] Catchers = Array.Empty<SignalCatcher>();
    }

    /// <summary>The pipe's buffer, in siginfo records: a burst larger than this while the reader is behind is counted as lost.</summary>
    public static int Capacity { get; private set; }

    /// <summary>Test hook: while true the reader thread does not read, so the pipe fills (the overflow test).</summary>
    public static bool PauseReader { get; internal set; }

    public static void Add(SignalInfo signal, SignalCatcher catcher)
    {
        lock (Gate)
        {
            EnsureReader();
            Slot? slot = Slots[signal.Number];
            if (slot == null)
            {
                slot = Install(signal);
                Slots[signal.Number] = slot;
            }

            slot.Catchers = slot.Catchers.Append(catcher).ToArray();
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
        if (_readFd >= 0)
        {
            return;
        }

        if (!Unistd.Pipe(nonBlockingWriteEnd: true, out int readFd, out int writeFd, out int errno))
        {
            throw SignalErrors.HandlerSetupFailed(errno, "pipe2", "make the pipe the signal handler writes to");
        }

        using (var writeEnd = new SafeFileDescriptor(writeFd))
        {
            // 1 MiB when allowed (8192 records), else what the kernel gives (64 KiB: 512).
            Fcntl.SetPipeSize(writeEnd, 1 << 20);
            Capacity = Math.Max(Fcntl.GetPipeSize(writeEnd), 4096) / RecordSize;
            writeEnd.SetHandleAsInvalid();
        }

        SignalHandlerStub.SetPipe(writeFd);
        _readFd = readFd;
        var reader = new Thread(() => ReadLoop(readFd)) { IsBackground = true, Name = "PosixIpc signal reader" };
        reader.Start();
    }

    private static unsafe void ReadLoop(int fd)
    {
        byte[] buffer = new byte[RecordSize * 64];
        int have = 0;
        while (true)
        {
            try
            {
                while (PauseReader)
                {
                    Thread.Sleep(10);
                }

                int n;
                fixed (byte* p = buffer)
                {
                    n = (int)Tmds.Linux.LibC.read(fd, p + have, buffer.Length - have);
                }

                if (n <= 0)
                {
                    if (n < 0 && Errno.Last != Errno.EINTR)
                    {
                        Thread.Sleep(100);
                    }

                    continue;
                }

                have += n;
                DateTime now = DateTime.Now;
                int at = 0;
                for (; at + RecordSize <= have; at += RecordSize)
                {
                    Dispatch(buffer.AsSpan(at, RecordSize), now);
                }

                Buffer.BlockCopy(buffer, at, buffer, 0, have - at);
                have -= at;
            }
            catch (Exception)
            {
                // Nothing may escape this thread; a catcher that fails loses this one signal.
            }
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
