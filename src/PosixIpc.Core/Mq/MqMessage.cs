using System;
using System.Text;

namespace PosixIpc.Mq;

/// <summary>A message taken from a queue: its bytes, priority and when it came.</summary>
public sealed class MqMessage : EventArgs
{
    private readonly Encoding _encoding;
    private string? _text;

    public MqMessage(string queue, uint priority, byte[] body, DateTime receivedAt, Encoding encoding)
    {
        Queue = queue;
        Priority = priority;
        Body = body;
        ReceivedAt = receivedAt;
        _encoding = encoding;
    }

    /// <summary>The queue's name.</summary>
    public string Queue { get; }

    public uint Priority { get; }

    /// <summary>Length of the body in bytes.</summary>
    public int Length => Body.Length;

    /// <summary>The bytes exactly as sent.</summary>
    public byte[] Body { get; }

    /// <summary>The body decoded as text (UTF-8 unless -Encoding said otherwise).</summary>
    public string Text => _text ??= _encoding.GetString(Body);

    public DateTime ReceivedAt { get; }

    public override string ToString() => Text;
}
