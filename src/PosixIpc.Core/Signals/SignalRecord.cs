using System.Buffers.Binary;

namespace PosixIpc.Signals;

/// <summary>
/// The fields of one siginfo_t that the handler wrote to the pipe (the 64-bit layout, the same on x86-64
/// and arm64): si_signo at 0, si_code at 8, then the union at 16 whose meaning depends on si_code.
/// </summary>
internal readonly struct SignalRecord
{
    public int Signal { get; init; }

    public int Code { get; init; }

    /// <summary>si_pid, when the code says a process sent it.</summary>
    public int? SenderProcessId { get; init; }

    /// <summary>si_uid, when the code says a process sent it.</summary>
    public uint? SenderUserId { get; init; }

    /// <summary>si_value.sival_int, when the code says the signal carries a value.</summary>
    public int? Value { get; init; }

    public static SignalRecord Read(ReadOnlySpan<byte> r)
    {
        int signo = BinaryPrimitives.ReadInt32LittleEndian(r);
        int code = BinaryPrimitives.ReadInt32LittleEndian(r[8..]);
        int pid = BinaryPrimitives.ReadInt32LittleEndian(r[16..]);
        uint uid = BinaryPrimitives.ReadUInt32LittleEndian(r[20..]);
        int value = BinaryPrimitives.ReadInt32LittleEndian(r[24..]);
        bool fromProcess = SignalCodes.HasSender(signo, code);
        return new SignalRecord
        {
            Signal = signo,
            Code = code,
            SenderProcessId = fromProcess ? pid : null,
            SenderUserId = fromProcess ? uid : null,
            Value = SignalCodes.HasValue(code) ? value : null,
        };
    }
}
