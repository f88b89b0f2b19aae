using System.Collections;

namespace PosixIpc.Commands;

/// <summary>Pipeline items as bytes for -AsByteStream: a byte[] as it is, one byte, or a number from 0 to 255.</summary>
internal static class ByteInput
{
    /// <summary>Returns false when the item cannot be bytes; single bytes land in the scratch buffer.</summary>
    public static bool TryGetBytes(object? item, byte[] scratch, out ReadOnlyMemory<byte> bytes)
    {
        object? value = item is PSObject wrapped ? wrapped.BaseObject : item;
        switch (value)
        {
            case byte[] array:
                bytes = array;
                return true;
            case byte single:
                scratch[0] = single;
                bytes = scratch.AsMemory(0, 1);
                return true;
            case ArraySegment<byte> segment:
                bytes = segment;
                return true;
            case ReadOnlyMemory<byte> memory:
                bytes = memory;
                return true;
            case null:
                bytes = ReadOnlyMemory<byte>.Empty;
                return false;
            default:
                if (LanguagePrimitives.TryConvertTo(value, out byte converted) && !(value is string))
                {
                    scratch[0] = converted;
                    bytes = scratch.AsMemory(0, 1);
                    return true;
                }

                bytes = ReadOnlyMemory<byte>.Empty;
                return false;
        }
    }

    /// <summary>
    /// The items of a -Value: it binds as one object, so that a byte[] given by name stays one block;
    /// any other collection given by name is written item by item, as the pipeline would.
    /// </summary>
    public static IEnumerable<object?> Items(object? value)
    {
        object? bare = value is PSObject wrapped ? wrapped.BaseObject : value;
        if (bare is IEnumerable many and not string and not byte[])
        {
            foreach (object? item in many)
            {
                yield return item;
            }
        }
        else
        {
            yield return value;
        }
    }
}
