using System.Diagnostics;

namespace PosixIpc.Sockets;

/// <summary>
/// The replies a serving listener holds for one client until the client's socket takes them: sends
/// never wait, so a client that reads slowly (or never) holds up only itself, and the listener can
/// tell how long it has taken nothing.
/// </summary>
internal sealed class ReplyOutbox
{
    private readonly Queue<byte[]> _chunks = new();
    private int _offset;
    private long _lastProgress;

    /// <summary>Bytes not sent yet.</summary>
    public long Pending { get; private set; }

    public bool IsEmpty => Pending == 0;

    /// <summary>How long the client has taken nothing while replies waited (zero when none wait).</summary>
    public TimeSpan Stalled => IsEmpty ? TimeSpan.Zero : Stopwatch.GetElapsedTime(_lastProgress);

    public void Add(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty)
        {
            return;
        }

        if (IsEmpty)
        {
            _lastProgress = Stopwatch.GetTimestamp();
        }

        _chunks.Enqueue(data.ToArray());
        Pending += data.Length;
    }

    /// <summary>Sends what the connection takes now; false when its peer has gone.</summary>
    public bool Flush(UnixSocketConnection connection)
    {
        while (_chunks.Count > 0)
        {
            byte[] chunk = _chunks.Peek();
            int n = connection.SendAvailable(chunk.AsSpan(_offset));
            if (n < 0)
            {
                return false;
            }

            if (n == 0)
            {
                return true;
            }

            _lastProgress = Stopwatch.GetTimestamp();
            _offset += n;
            Pending -= n;
            if (_offset == chunk.Length)
            {
                _chunks.Dequeue();
                _offset = 0;
            }
        }

        return true;
    }
}
