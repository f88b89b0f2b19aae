namespace PosixIpc.SharedMemory;

/// <summary>What Write-SharedMemory -PassThru reports: where the bytes went and how many.</summary>
/// <param name="Name">The segment's name, "/name".</param>
/// <param name="Offset">Where the first byte went.</param>
/// <param name="Length">Bytes written, one after the other from Offset.</param>
/// <param name="Items">Pipeline items written.</param>
public sealed record SharedMemoryWriteResult(string Name, long Offset, long Length, long Items);
