using System.Runtime.InteropServices;
using Tmds.Linux;

namespace PosixIpc.Interop;

/// <summary>
/// signal.h: kill(2), killpg(3) and sigqueue(3) from Tmds.LibC, the C library's real-time signal
/// range and sigaction(2) with glibc's struct sigaction, which Tmds.LibC does not have. Each send
/// retries EINTR and reports failure as false with the errno.
/// </summary>
internal static unsafe partial class Signal
{
    public const int SA_SIGINFO = 0x4;
    public const int SA_ONSTACK = 0x08000000;
    public const int SA_RESTART = 0x10000000;

    /// <summary>SIG_DFL and SIG_IGN as sa_handler values.</summary>
    public const nint SigDefault = 0, SigIgnore = 1;

    /// <summary>glibc's struct sigaction, the same on x86-64 and arm64 (152 bytes).</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct SigAction
    {
        public nint Handler;
        public fixed ulong Mask[16];
        public int Flags;
        public nint Restorer;
    }

    [LibraryImport("libc", EntryPoint = "sigaction", SetLastError = true)]
    private static partial int SigActionCall(int signum, SigAction* act, SigAction* oldact);

    /// <summary>sigaction(signum, NULL, &amp;old): the disposition a signal has now.</summary>
    public static bool GetAction(int signum, out SigAction current, out int errno)
    {
        SigAction old;
        int rc = SigActionCall(signum, null, &old);
        errno = rc == 0 ? 0 : Marshal.GetLastPInvokeError();
        current = old;
        return rc == 0;
    }

    /// <summary>sigaction(signum, &amp;act, NULL).</summary>
    public static bool SetAction(int signum, in SigAction action, out int errno)
    {
        SigAction act = action;
        int rc = SigActionCall(signum, &act, null);
        errno = rc == 0 ? 0 : Marshal.GetLastPInvokeError();
        return rc == 0;
    }

    /// <summary>The highest signal number Linux knows (SIGRTMAX of the kernel).</summary>
    public const int KernelMax = 64;

    [LibraryImport("libc", EntryPoint = "__libc_current_sigrtmin")]
    private static partial int CurrentSigRtMin();

    [LibraryImport("libc", EntryPoint = "__libc_current_sigrtmax")]
    private static partial int CurrentSigRtMax();

    /// <summary>SIGRTMIN as the C library reports it (34 with glibc, which keeps 32 and 33 for itself).</summary>
    public static int RtMin { get; } = CurrentSigRtMin();

    /// <summary>SIGRTMAX as the C library reports it (64).</summary>
    public static int RtMax { get; } = CurrentSigRtMax();

    /// <summary>kill(pid, signo).</summary>
    public static bool Kill(int pid, int signo, out int errno)
    {
        while (true)
        {
            if (LibC.kill(pid, signo) == 0)
            {
                errno = 0;
                return true;
            }

            errno = Errno.Last;
            if (errno != Errno.EINTR)
            {
                return false;
            }
        }
    }

    /// <summary>killpg(pgrp, signo): every process of the group; pgrp 0 is the caller's own group.</summary>
    public static bool KillGroup(int pgrp, int signo, out int errno)
    {
        while (true)
        {
            if (LibC.killpg(pgrp, signo) == 0)
            {
                errno = 0;
                return true;
            }

            errno = Errno.Last;
            if (errno != Errno.EINTR)
            {
                return false;
            }
        }
    }

    /// <summary>sigqueue(pid, signo, value): the receiver finds the integer in si_value (si_int) of its siginfo_t.</summary>
    public static bool Queue(int pid, int signo, int value, out int errno)
    {
        sigval sv = default;
        sv.sigval_int = value;
        while (true)
        {
            if (LibC.sigqueue(pid, signo, sv) == 0)
            {
                errno = 0;
                return true;
            }

            errno = Errno.Last;
            if (errno != Errno.EINTR)
            {
                return false;
            }
        }
    }
}
