using System.Collections;
using System.Globalization;
using System.Text;

namespace PosixIpc.Commands;

/// <summary>
/// What Send-MqMessage and Send-UnixSocketMessage share: how a pipeline value becomes messages. A
/// collection given by name is sent item by item, as the pipeline would; a byte[] is one message
/// as it is; anything else is text as PowerShell converts it, or with -Serialize its CliXml on one
/// line, serialized into a buffer no larger than the largest message the channel takes, so that an
/// object too large fails fast (tooLarge) in bounded memory.
/// </summary>
internal sealed class MessageEncoder
{
    private readonly Encoding _encoding;
    private readonly int _maxBytes;
    private readonly int _maxSerializedChars;
    private readonly bool _serialize;
    private readonly int _depth;
    private readonly byte[] _terminator;
    private readonly Func<object?, long?, Exception> _tooLarge;
    private byte[] _buffer = Array.Empty<byte>();

    /// <param name="maxBytes">The largest message the channel takes (int.MaxValue: none), terminator included.</param>
    /// <param name="maxSerializedChars">The most characters one object's CliXml may have, at most maxBytes.</param>
    /// <param name="terminator">What ends each text message: "\n" on a stream, nothing for a queue or a datagram.</param>
    /// <param name="tooLarge">The error for an item larger than maxBytes: its size in bytes, or null when its serialization stopped at the maximum.</param>
    public MessageEncoder(Encoding encoding, int maxBytes, int maxSerializedChars, bool serialize, int depth, string terminator, Func<object?, long?, Exception> tooLarge)
    {
        _encoding = encoding;
        _maxBytes = maxBytes;
        _maxSerializedChars = Math.Min(maxSerializedChars, maxBytes);
        _serialize = serialize;
        _depth = depth;
        _terminator = encoding.GetBytes(terminator);
        _tooLarge = tooLarge;
    }

    /// <summary>Whether a pipeline value stands for its items: a collection (not a string, a byte[] or a dictionary) given by name.</summary>
    public static bool IsCollection(object? value, out IEnumerable items)
    {
        object? bare = value is PSObject wrapped ? wrapped.BaseObject : value;
        items = bare as IEnumerable ?? Array.Empty<object>();
        return bare is IEnumerable and not string and not byte[] and not IDictionary;
    }

    /// <summary>The bytes of one item's message; valid until the next call.</summary>
    public ReadOnlyMemory<byte> Encode(object? item)
    {
        object? bare = item is PSObject wrapped ? wrapped.BaseObject : item;
        if (bare is byte[] bytes && !_serialize)
        {
            return bytes;
        }

        string text;
        if (_serialize)
        {
            // Any encoding takes at least a byte a character: CliXml longer than the maximum in characters cannot fit.
            text = BoundedCliXml.Serialize(item, _depth, _maxSerializedChars) ?? throw _tooLarge(item, null);
        }
        else
        {
            text = bare switch
            {
                null => string.Empty,
                string s => s,
                // What PowerShell's conversion gives for integers, without its per-call lookup.
                int i => i.ToString(CultureInfo.InvariantCulture),
                long l => l.ToString(CultureInfo.InvariantCulture),
                _ => LanguagePrimitives.ConvertTo<string>(item),
            };
        }

        long max = (long)_encoding.GetMaxByteCount(text.Length) + _terminator.Length;
        if (max > _maxBytes)
        {
            long length = (long)_encoding.GetByteCount(text) + _terminator.Length;
            if (length > _maxBytes)
            {
                throw _tooLarge(item, length);
            }

            max = length;
        }

        if (_buffer.Length < max)
        {
            _buffer = new byte[max];
        }

        int n = _encoding.GetBytes(text, _buffer);
        _terminator.CopyTo(_buffer, n);
        return _buffer.AsMemory(0, n + _terminator.Length);
    }
}
