namespace PosixIpc.Sockets;

/// <summary>What Send-UnixSocketMessage -PassThru reports: how many messages and bytes went to the socket, and how fast.</summary>
/// <param name="Socket">The socket's path, or "@name".</param>
/// <param name="ReceiverPid">The receiving process (SO_PEERCRED of a stream connection), or 0 for datagrams.</param>
/// <param name="Messages">Messages sent.</param>
/// <param name="Bytes">Bytes sent.</param>
/// <param name="Elapsed">Time from the connection to the last byte.</param>
public sealed record UnixSocketSendResult(string Socket, int ReceiverPid, long Messages, long Bytes, TimeSpan Elapsed)
{
    public double MegabytesPerSecond => Elapsed.TotalSeconds > 0 ? Bytes / 1e6 / Elapsed.TotalSeconds : 0;
}
