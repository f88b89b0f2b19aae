using System.Runtime.InteropServices;
using Tmds.Linux;

namespace PosixIpc.Interop;

/// <summary>
/// signal.h: kill(2), killpg(3) and sigqueue(3) from Tmds.LibC, and the C library's real-time signal
/// range, which Tmds.LibC does not have. Each send retries EINTR and reports failure as false with the errno.
/// </summary>
internal static partial class Signal
{
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
