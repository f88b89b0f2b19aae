using System;
using System.Threading;
using PosixIpc.Fifo;

namespace PosixIpc.Commands;

/// <summary>
/// Gathers bytes that arrive one pipeline item at a time into blocks, so that piping a byte[]
/// unrolled by PowerShell costs one write per 64 KiB instead of one per byte.
/// </summary>
internal sealed class SingleByteBuffer
{
    private const int BlockSize = 64 * 1024;

    private readonly byte[] _block = new byte[BlockSize];
    private int _length;

    public void Add(byte value, FifoWriter writer, CancellationToken cancellation)
    {
        _block[_length++] = value;
        if (_length == BlockSize)
        {
            Flush(writer, cancellation);
        }
    }

    public void Flush(FifoWriter writer, CancellationToken cancellation)
    {
        if (_length > 0)
        {
            int length = _length;
            _length = 0;
            writer.Write(_block.AsSpan(0, length), cancellation);
        }
    }
}
