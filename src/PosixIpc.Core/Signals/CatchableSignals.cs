namespace PosixIpc.Signals;

/// <summary>Which signals Wait-IpcSignal and Register-IpcSignalEvent accept, for their tab completion.</summary>
public static class CatchableSignals
{
    /// <summary>True for a signal this process may catch (not KILL, STOP, the runtime's fault signals, 32, 33 or RTMIN).</summary>
    public static bool IsCatchable(SignalInfo signal)
    {
        try
        {
            SignalCatcher.CheckCatchable(signal);
            return true;
        }
        catch (PosixIpcException)
        {
            return false;
        }
    }
}
