using System.Text;

namespace PosixIpc.Mq;

/// <summary>A message taken from a queue: its bytes, priority and when it came.</summary>
public sealed class MqMessage(string queue, uint priority, byte[] body, DateTime receivedAt, Encoding encoding) : EventArgs
{
    private string? _text;

    /// <summary>The queue's name.</summary>
    public string Queue { get; } = queue;

    public uint Priority { get; } = priority;

    /// <summary>Length of the body in bytes.</summary>
    public int Length => Body.Length;

    /// <summary>The bytes exactly as sent.</summary>
    public byte[] Body { get; } = body;

    /// <summary>The body decoded as text (UTF-8 unless -Encoding said otherwise).</summary>
    public string Text => _text ??= encoding.GetString(Body);

    public DateTime ReceivedAt { get; } = receivedAt;

    public override string ToString() => Text;
}
