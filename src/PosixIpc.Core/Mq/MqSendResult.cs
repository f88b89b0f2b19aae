namespace PosixIpc.Mq;

/// <summary>What one Send-MqMessage pipeline put into a queue (-PassThru).</summary>
/// <param name="Queue">The queue's name, "/name".</param>
/// <param name="Messages">Messages sent.</param>
/// <param name="Bytes">Bytes sent, all messages together.</param>
/// <param name="Elapsed">Time from opening the queue to the last message.</param>
public sealed record MqSendResult(string Queue, long Messages, long Bytes, TimeSpan Elapsed)
{
    public double MessagesPerSecond => Elapsed.TotalSeconds > 0 ? Messages / Elapsed.TotalSeconds : 0;
}
