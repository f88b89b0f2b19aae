namespace PosixIpc.Sockets;

/// <summary>What a receiver hands out for each read of a stream connection.</summary>
public enum UnixSocketReadMode
{
    /// <summary>One message per line.</summary>
    Lines,

    /// <summary>One message per chunk read, as the bytes came (see ByteChunks).</summary>
    Bytes,
}
