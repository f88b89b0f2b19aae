using System.Buffers.Binary;

namespace PosixIpc.Signals;

/// <summary>
/// The fields of one signal's siginfo: as the handler wrote it to the pipe (a siginfo_t, the 64-bit layout,
/// the same on x86-64 and arm64: si_signo at 0, si_code at 8, then the union at 16 whose meaning depends
/// on si_code), or as a signalfd read it (a struct signalfd_siginfo: ssi_signo at 0, ssi_code at 8,
/// ssi_pid at 12, ssi_uid at 16, ssi_int at 44).
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

    /// <summary>A siginfo_t, as the handler writes it.</summary>
    public static SignalRecord Read(ReadOnlySpan<byte> r) => From(r, pidAt: 16, uidAt: 20, valueAt: 24);

    /// <summary>A struct signalfd_siginfo, as a signalfd reads it.</summary>
    public static SignalRecord ReadSignalFd(ReadOnlySpan<byte> r) => From(r, pidAt: 12, uidAt: 16, valueAt: 44);

    private static SignalRecord From(ReadOnlySpan<byte> r, int pidAt, int uidAt, int valueAt)
    {
        int signo = BinaryPrimitives.ReadInt32LittleEndian(r);
        int code = BinaryPrimitives.ReadInt32LittleEndian(r[8..]);
        int pid = BinaryPrimitives.ReadInt32LittleEndian(r[pidAt..]);
        uint uid = BinaryPrimitives.ReadUInt32LittleEndian(r[uidAt..]);
        int value = BinaryPrimitives.ReadInt32LittleEndian(r[valueAt..]);
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
