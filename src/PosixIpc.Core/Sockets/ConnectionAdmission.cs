namespace PosixIpc.Sockets;

/// <summary>
/// When a stream listener takes new clients. It stops accepting (clients wait in the backlog, those
/// connected are still served) at its connection cap, when the process's descriptor budget is spent
/// (the runtime keeps its reserve), and for a moment after accept says EMFILE or ENFILE; each reason
/// is reported once per listener through the warning callback.
/// </summary>
internal sealed class ConnectionAdmission
{
    /// <summary>How long accepting pauses after EMFILE/ENFILE, and how often a spent budget is looked at again.</summary>
    public const int PauseMs = 500;

    private readonly string _display;
    private int _descriptorCap;
    private long _pausedUntil;
    private long _recheckAt;
    private bool _warnedCap;
    private bool _warnedBudget;
    private bool _warnedExhausted;

    public ConnectionAdmission(string display)
    {
        _display = display;
        _descriptorCap = DescriptorBudget.Available();
    }

    /// <summary>The most clients connected at once.</summary>
    public int MaxConnections { get; set; } = UnixSocketListener.DefaultMaxConnections;

    /// <summary>Called with each notice (on the receiving thread).</summary>
    public Action<string>? Warning { get; set; }

    /// <summary>Times accepting paused for want of descriptors (EMFILE/ENFILE).</summary>
    public int Pauses { get; private set; }

    /// <summary>Whether to watch the listening socket now, with this many connections open.</summary>
    public bool MayAccept(int open)
    {
        long now = Environment.TickCount64;
        if (now < _pausedUntil)
        {
            return false;
        }

        if (open >= MaxConnections)
        {
            Warn(ref _warnedCap, $"{open} clients are connected to '{_display}', the most -MaxConnections allows; further clients wait in the backlog until one leaves.");
            return false;
        }

        if (open >= _descriptorCap && now >= _recheckAt)
        {
            _descriptorCap = open + DescriptorBudget.Available();
            _recheckAt = now + PauseMs;
        }

        if (open >= _descriptorCap)
        {
            Warn(ref _warnedBudget, $"{open} clients are connected to '{_display}' and this process may open few more descriptors (ulimit -n {DescriptorBudget.Limit()}, some kept for pwsh itself); further clients wait in the backlog until one leaves. Raise the limit (ulimit -n) to serve more at once.");
            return false;
        }

        return true;
    }

    /// <summary>accept said EMFILE or ENFILE: pause, and take no more than are open until the budget is looked at again.</summary>
    public void OutOfDescriptors(int open, bool systemWide)
    {
        Pauses++;
        long now = Environment.TickCount64;
        _pausedUntil = now + PauseMs;
        _recheckAt = _pausedUntil;
        _descriptorCap = Math.Min(_descriptorCap, open);
        Warn(ref _warnedExhausted, systemWide
            ? $"The system is out of open files (ENFILE); '{_display}' stops accepting for a moment and serves the {open} clients connected."
            : $"This process is out of descriptors (EMFILE, ulimit -n {DescriptorBudget.Limit()}); '{_display}' stops accepting for a moment and serves the {open} clients connected.");
    }

    private void Warn(ref bool warned, string text)
    {
        if (warned)
        {
            return;
        }

        warned = true;
        Warning?.Invoke(text);
    }
}
