using System.Globalization;

namespace PosixIpc.Signals;

/// <summary>The names of si_code values (siginfo.h): who or what sent a signal, and so which fields it carries.</summary>
public static class SignalCodes
{
    public const int User = 0, Kernel = 0x80, Queue = -1, Timer = -2, MessageQueue = -3, AsyncIo = -4, SigIo = -5, TKill = -6;

    private const int SigChld = 17;

    /// <summary>The name of a code: SI_USER, SI_QUEUE, SI_TKILL, SI_KERNEL ... (CLD_EXITED ... for SIGCHLD), or the number.</summary>
    public static string Name(int signal, int code) => code switch
    {
        User => "SI_USER",
        Kernel => "SI_KERNEL",
        Queue => "SI_QUEUE",
        Timer => "SI_TIMER",
        MessageQueue => "SI_MESGQ",
        AsyncIo => "SI_ASYNCIO",
        SigIo => "SI_SIGIO",
        TKill => "SI_TKILL",
        -7 => "SI_DETHREAD",
        -60 => "SI_ASYNCNL",
        >= 1 and <= 6 when signal == SigChld => new[] { "CLD_EXITED", "CLD_KILLED", "CLD_DUMPED", "CLD_TRAPPED", "CLD_STOPPED", "CLD_CONTINUED" }[code - 1],
        _ => code.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>True when si_pid and si_uid name the sending process: kill, tgkill, sigqueue, a message queue, or a child for SIGCHLD.</summary>
    internal static bool HasSender(int signal, int code) =>
        code is User or Queue or TKill or MessageQueue || (signal == SigChld && code is >= 1 and <= 6);

    /// <summary>True when si_value holds what the sender attached: sigqueue, a timer or a message queue notification.</summary>
    internal static bool HasValue(int code) => code is Queue or Timer or MessageQueue;
}
