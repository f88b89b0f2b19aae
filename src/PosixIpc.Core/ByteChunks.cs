using System.Diagnostics;

namespace PosixIpc;

/// <summary>
/// The one rule for the byte[] chunks a reading cmdlet emits (Read-IpcFifo, Receive-UnixSocketMessage,
/// Read-SharedMemory and Read-MappedFile -AsByteStream): a new array each time, since the pipeline may keep it;
/// not zeroed, since the read fills it; read into directly, never copied unless the read came up short;
/// 80 KiB, the largest round size below the large object heap's threshold (85,000 bytes); gathered
/// from what arrives within a few milliseconds, so that a fast stream goes out in whole chunks.
/// </summary>
/// <remarks>
/// Measured in a fresh pwsh reading 1 GiB from a C writer (2 cores): arrays from 85 KB to below about
/// 1 MB make a full collection every 3 MB or so (337 per GiB, 2 to 3 times the CPU of 64 KiB chunks);
/// 1 MiB arrays one every 10 to 30 MB and page faults for the memory the collector hands back, more
/// CPU in all than 64 KiB chunks despite 16 times fewer pipeline items. Below the threshold the
/// youngest generation's memory is reused and nothing survives a collection.
/// </remarks>
public static class ByteChunks
{
    /// <summary>The size of a chunk when the data comes faster than it is taken.</summary>
    public const int Size = 80 * 1024;

    /// <summary>How long a chunk that has data waits for more before it is emitted as it is.</summary>
    public const int GatherMs = 5;

    /// <summary>A new, not zeroed array for the next chunk: Size bytes, or fewer when fewer are wanted.</summary>
    public static byte[] Allocate(long wanted) => New((int)Math.Min(Size, wanted));

    /// <summary>A new, not zeroed array of count bytes, for a read that fills all of it (the caller checks the range first: SharedMemorySegment.Read and MappedFile.Read do).</summary>
    public static byte[] New(int count) => GC.AllocateUninitializedArray<byte>(count);

    /// <summary>The chunk itself when it is full, else a copy of the part that was filled.</summary>
    public static byte[] Trim(byte[] chunk, int filled) => filled == chunk.Length ? chunk : chunk.AsSpan(0, filled).ToArray();

    /// <summary>The timestamp until which a chunk whose first bytes came now gathers more.</summary>
    public static long GatherUntil() => Stopwatch.GetTimestamp() + GatherMs * Stopwatch.Frequency / 1000;

    /// <summary>Milliseconds left to gather until the timestamp (0 once it has passed).</summary>
    public static int GatherLeftMs(long until)
    {
        long left = until - Stopwatch.GetTimestamp();
        return left <= 0 ? 0 : (int)Math.Max(1, left * 1000 / Stopwatch.Frequency);
    }
}
