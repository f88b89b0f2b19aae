using System;

namespace PosixIpc.Sockets;

/// <summary>What Send-UnixSocketMessage -PassThru reports: how many messages and bytes went to the socket, and how fast.</summary>
public sealed class UnixSocketSendResult
{
    public UnixSocketSendResult(string socket, int receiverPid, long messages, long bytes, TimeSpan elapsed)
    {
        Socket = socket;
        ReceiverPid = receiverPid;
        Messages = messages;
        Bytes = bytes;
        Elapsed = elapsed;
    }

    /// <summary>The socket's path, or "@name".</summary>
    public string Socket { get; }

    /// <summary>The receiving process (SO_PEERCRED of a stream connection), or 0 for datagrams.</summary>
    public int ReceiverPid { get; }

    public long Messages { get; }

    public long Bytes { get; }

    public TimeSpan Elapsed { get; }

    public double MegabytesPerSecond => Elapsed.TotalSeconds > 0 ? Bytes / 1e6 / Elapsed.TotalSeconds : 0;
}
