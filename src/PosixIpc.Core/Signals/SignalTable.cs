using System.Globalization;
using PosixIpc.Interop;

namespace PosixIpc.Signals;

/// <summary>
/// The one table of Linux signal names and numbers (x86-64 and arm64 numbering), real-time signals
/// included, and the parsing of a signal given by name (with or without SIG, any case) or number.
/// </summary>
public static class SignalTable
{
    private static readonly SignalInfo[] Standard =
    {
        new(1, "HUP", SignalDefaultAction.Terminate, "Hangup: the controlling terminal closed; daemons reload their configuration"),
        new(2, "INT", SignalDefaultAction.Terminate, "Interrupt from the keyboard (Ctrl+C)"),
        new(3, "QUIT", SignalDefaultAction.CoreDump, "Quit from the keyboard (Ctrl+\\)"),
        new(4, "ILL", SignalDefaultAction.CoreDump, "Illegal instruction"),
        new(5, "TRAP", SignalDefaultAction.CoreDump, "Trace or breakpoint trap"),
        new(6, "ABRT", SignalDefaultAction.CoreDump, "Abort, as abort(3) raises it", "IOT"),
        new(7, "BUS", SignalDefaultAction.CoreDump, "Bus error (bad memory access)"),
        new(8, "FPE", SignalDefaultAction.CoreDump, "Arithmetic error, such as an integer division by zero"),
        new(9, "KILL", SignalDefaultAction.Terminate, "Kill: cannot be caught, blocked or ignored"),
        new(10, "USR1", SignalDefaultAction.Terminate, "User-defined signal 1"),
        new(11, "SEGV", SignalDefaultAction.CoreDump, "Segmentation fault (invalid memory reference)"),
        new(12, "USR2", SignalDefaultAction.Terminate, "User-defined signal 2"),
        new(13, "PIPE", SignalDefaultAction.Terminate, "Broken pipe: write to a pipe or socket with no reader"),
        new(14, "ALRM", SignalDefaultAction.Terminate, "Timer signal from alarm(2)"),
        new(15, "TERM", SignalDefaultAction.Terminate, "Termination request: the polite way to end a process"),
        new(16, "STKFLT", SignalDefaultAction.Terminate, "Stack fault on coprocessor (unused)"),
        new(17, "CHLD", SignalDefaultAction.Ignore, "Child process stopped or ended", "CLD"),
        new(18, "CONT", SignalDefaultAction.Continue, "Continue if stopped"),
        new(19, "STOP", SignalDefaultAction.Stop, "Stop the process: cannot be caught, blocked or ignored"),
        new(20, "TSTP", SignalDefaultAction.Stop, "Stop typed at the terminal (Ctrl+Z)"),
        new(21, "TTIN", SignalDefaultAction.Stop, "Terminal input for a background process"),
        new(22, "TTOU", SignalDefaultAction.Stop, "Terminal output for a background process"),
        new(23, "URG", SignalDefaultAction.Ignore, "Urgent condition on a socket"),
        new(24, "XCPU", SignalDefaultAction.CoreDump, "CPU time limit exceeded (setrlimit)"),
        new(25, "XFSZ", SignalDefaultAction.CoreDump, "File size limit exceeded (setrlimit)"),
        new(26, "VTALRM", SignalDefaultAction.Terminate, "Virtual alarm clock (setitimer)"),
        new(27, "PROF", SignalDefaultAction.Terminate, "Profiling timer expired"),
        new(28, "WINCH", SignalDefaultAction.Ignore, "Terminal window size changed"),
        new(29, "IO", SignalDefaultAction.Terminate, "I/O is possible on a descriptor", "POLL"),
        new(30, "PWR", SignalDefaultAction.Terminate, "Power failure"),
        new(31, "SYS", SignalDefaultAction.CoreDump, "Bad system call (seccomp)", "UNUSED"),
    };

    private static readonly SignalInfo[] All = Build();

    private static readonly SignalInfo?[] ByNumber = Index(All);

    private static readonly SignalInfo NullSignal = new(0, "0", SignalDefaultAction.Ignore,
        "No signal: only checks that the process exists and may be signalled");

    /// <summary>Every signal, standard then real-time, in number order.</summary>
    public static IReadOnlyList<SignalInfo> Signals => All;

    private static SignalInfo[] Build()
    {
        var list = new List<SignalInfo>(Standard);
        int min = Signal.RtMin, max = Signal.RtMax, middle = min + (max - min) / 2;
        for (int n = min; n <= max; n++)
        {
            string name = n == min ? "RTMIN"
                : n == max ? "RTMAX"
                : n <= middle ? $"RTMIN+{n - min}"
                : $"RTMAX-{max - n}";
            list.Add(new SignalInfo(n, name, SignalDefaultAction.Terminate,
                $"Real-time signal {n - min} (queued, delivered in order, carries its sigqueue value)"));
        }

        return list.ToArray();
    }

    /// <summary>The signal of a number, or null when no signal has it.</summary>
    public static SignalInfo? FromNumber(int number) => number >= 0 && number < ByNumber.Length ? ByNumber[number] : null;

    private static SignalInfo?[] Index(SignalInfo[] signals)
    {
        var byNumber = new SignalInfo?[Signal.KernelMax + 1];
        foreach (SignalInfo s in signals)
        {
            byNumber[s.Number] = s;
        }

        return byNumber;
    }

    /// <summary>The short names of every signal, for messages and tab completion.</summary>
    public static IEnumerable<string> ShortNames => All.Select(s => s.ShortName);

    /// <summary>
    /// A signal by name (TERM, sigterm, SIGUSR1, RTMIN+2, SIGRTMAX-1, the aliases IOT, POLL, CLD) or by
    /// number (1..64). allowNull accepts 0, the null signal that kill(2) uses to test a process.
    /// </summary>
    public static SignalInfo Parse(string text, bool allowNull = false)
    {
        string trimmed = (text ?? string.Empty).Trim();
        if (int.TryParse(trimmed, NumberStyles.Integer, CultureInfo.InvariantCulture, out int number) ||
            (trimmed.Length > 0 && trimmed.TrimStart('-', '+').All(char.IsDigit) && (number = int.MinValue) == int.MinValue))
        {
            if (number == 0 && allowNull)
            {
                return NullSignal;
            }

            if (number >= 1 && number <= Signal.KernelMax)
            {
                return FromNumber(number) ?? new SignalInfo(number, number.ToString(CultureInfo.InvariantCulture),
                    SignalDefaultAction.Terminate, "Reserved by the C library for its own threads");
            }

            throw SignalErrors.OutOfRange(trimmed, allowNull);
        }

        string name = trimmed.ToUpperInvariant();
        if (name.StartsWith("SIG", StringComparison.Ordinal))
        {
            name = name[3..];
        }

        foreach (SignalInfo signal in All)
        {
            if (signal.ShortName == name || Array.IndexOf(signal.Aliases, name) >= 0)
            {
                return signal;
            }
        }

        // RTMIN+n and RTMAX-n beyond the names the table spells (RTMIN+20, RTMAX-3 ...).
        if (TryRealTime(name, "RTMIN+", Signal.RtMin, +1, out SignalInfo? rt) ||
            TryRealTime(name, "RTMAX-", Signal.RtMax, -1, out rt))
        {
            return rt!;
        }

        throw SignalErrors.Unknown(text ?? string.Empty);
    }

    private static bool TryRealTime(string name, string prefix, int origin, int direction, out SignalInfo? signal)
    {
        signal = null;
        if (name.StartsWith(prefix, StringComparison.Ordinal) &&
            int.TryParse(name.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out int offset))
        {
            signal = FromNumber(origin + direction * offset);
        }

        return signal != null;
    }

    /// <summary>The names of the signals whose bits are set in a mask as /proc/PID/status shows it (bit n-1 is signal n).</summary>
    public static string[] Decode(ulong mask)
    {
        var names = new List<string>();
        for (int n = 1; n <= Signal.KernelMax; n++)
        {
            if ((mask & (1UL << (n - 1))) != 0)
            {
                names.Add(FromNumber(n)?.Name ?? "SIG" + n.ToString(CultureInfo.InvariantCulture));
            }
        }

        return names.ToArray();
    }
}
