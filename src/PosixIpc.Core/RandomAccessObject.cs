using System.Buffers.Binary;

namespace PosixIpc;

/// <summary>
/// An object read and written at offsets, as a shared memory segment or a mapped file is: the
/// byte[] and little-endian integer forms that scripts use, on top of the span copies each object does.
/// </summary>
public abstract class RandomAccessObject : IDisposable
{
    /// <summary>Copies bytes from offset into the destination, all or nothing.</summary>
    public abstract void Read(long offset, Span<byte> destination);

    /// <summary>Copies the bytes to offset.</summary>
    public abstract void Write(long offset, ReadOnlySpan<byte> bytes);

    /// <summary>Copies the bytes to offset (for scripts: byte[]).</summary>
    public void Write(long offset, byte[] bytes) => Write(offset, (ReadOnlySpan<byte>)bytes);

    public long ReadInt64(long offset) => BinaryPrimitives.ReadInt64LittleEndian(ReadInto(offset, stackalloc byte[sizeof(long)]));

    public void WriteInt64(long offset, long value)
    {
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, value);
        Write(offset, bytes);
    }

    public int ReadInt32(long offset) => BinaryPrimitives.ReadInt32LittleEndian(ReadInto(offset, stackalloc byte[sizeof(int)]));

    public void WriteInt32(long offset, int value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(bytes, value);
        Write(offset, bytes);
    }

    public abstract void Dispose();

    /// <summary>Fills the destination from offset and returns it.</summary>
    private Span<byte> ReadInto(long offset, Span<byte> destination)
    {
        Read(offset, destination);
        return destination;
    }
}
