using System;

namespace PosixIpc.Mq;

/// <summary>What one Send-MqMessage pipeline put into a queue (-PassThru).</summary>
public sealed class MqSendResult
{
    public MqSendResult(string queue, long messages, long bytes, TimeSpan elapsed)
    {
        Queue = queue;
        Messages = messages;
        Bytes = bytes;
        Elapsed = elapsed;
    }

    public string Queue { get; }

    public long Messages { get; }

    public long Bytes { get; }

    public TimeSpan Elapsed { get; }

    public double MessagesPerSecond => Elapsed.TotalSeconds > 0 ? Messages / Elapsed.TotalSeconds : 0;
}
