using System.Runtime.InteropServices;
using PosixIpc.Interop;

namespace PosixIpc.Signals;

/// <summary>
/// The signal handler: a few bytes of machine code per architecture, written at run time into a page
/// that is then made read + execute only, with a writable data page right after it. The handler
/// (void h(int sig, siginfo_t *info, void *ctx), installed with SA_SIGINFO) does only async-signal-safe
/// work: when its signal is active it write(2)s the 128-byte siginfo to a non-blocking pipe, with the raw
/// system call, so errno is untouched; a write that fails (the pipe is full) adds one to the signal's
/// lost counter with an atomic increment; then it tail-calls the handler that was there before, unless
/// that was SIG_DFL or SIG_IGN. No managed code ever runs in it. The assembly source of each variant is
/// in Signals/Stub/ (handler-x64.S, handler-arm64.S), with a C test that runs both (arm64 under qemu).
/// The pages are mapped once and never unmapped, so a handler left installed by someone is always valid.
/// Data page: +0 the pipe's write fd; +64 one 16-byte entry per signal (previous handler, active flag);
/// +2048 one 8-byte lost counter per signal.
/// </summary>
internal static unsafe class SignalHandlerStub
{
    private const int PageSize = 4096;
    private const int TableOffset = 64;
    private const int LostOffset = 2048;

    // handler-x64.S, assembled with `as --64` (76 bytes).
    private static readonly byte[] X64 =
    {
        0x4c, 0x8d, 0x05, 0xf9, 0x0f, 0x00, 0x00, 0x48, 0x63, 0xc7, 0x48, 0xc1,
        0xe0, 0x04, 0x4d, 0x8d, 0x4c, 0x00, 0x40, 0x41, 0x83, 0x79, 0x08, 0x00,
        0x74, 0x26, 0x57, 0x56, 0x52, 0xb8, 0x01, 0x00, 0x00, 0x00, 0x41, 0x8b,
        0x38, 0xba, 0x80, 0x00, 0x00, 0x00, 0x0f, 0x05, 0x5a, 0x5e, 0x5f, 0x48,
        0x85, 0xc0, 0x79, 0x0c, 0x48, 0x63, 0xc7, 0xf0, 0x49, 0xff, 0x84, 0xc0,
        0x00, 0x08, 0x00, 0x00, 0x49, 0x8b, 0x01, 0x48, 0x83, 0xf8, 0x01, 0x76,
        0x02, 0xff, 0xe0, 0xc3,
    };

    // handler-arm64.S, assembled with `aarch64-linux-gnu-as` (112 bytes).
    private static readonly byte[] Arm64 =
    {
        0x09, 0x80, 0x00, 0x10, 0x2a, 0x01, 0x01, 0x91, 0x4a, 0xd1, 0x20, 0x8b,
        0x4b, 0x09, 0x40, 0xb9, 0x6b, 0x02, 0x00, 0x34, 0xec, 0x03, 0x00, 0xaa,
        0xed, 0x03, 0x01, 0xaa, 0xee, 0x03, 0x02, 0xaa, 0x20, 0x01, 0x40, 0xb9,
        0x02, 0x10, 0x80, 0xd2, 0x08, 0x08, 0x80, 0xd2, 0x01, 0x00, 0x00, 0xd4,
        0xef, 0x03, 0x00, 0xaa, 0xe0, 0x03, 0x0c, 0xaa, 0xe1, 0x03, 0x0d, 0xaa,
        0xe2, 0x03, 0x0e, 0xaa, 0xef, 0x00, 0xf8, 0xb6, 0x2f, 0x01, 0x20, 0x91,
        0xef, 0xcd, 0x20, 0x8b, 0xf0, 0x7d, 0x5f, 0xc8, 0x10, 0x06, 0x00, 0x91,
        0xf0, 0x7d, 0x11, 0xc8, 0xb1, 0xff, 0xff, 0x35, 0x50, 0x01, 0x40, 0xf9,
        0x1f, 0x06, 0x00, 0xf1, 0x49, 0x00, 0x00, 0x54, 0x00, 0x02, 0x1f, 0xd6,
        0xc0, 0x03, 0x5f, 0xd6,
    };

    private static readonly object Gate = new();
    private static nint _code;
    private static byte* _data;

    /// <summary>The handler's address (for sa_sigaction), made on first use.</summary>
    public static nint Code
    {
        get
        {
            lock (Gate)
            {
                if (_code == 0)
                {
                    _code = Make();
                    _data = (byte*)_code + PageSize;
                }

                return _code;
            }
        }
    }

    private static byte* Data => _data != null ? _data : (byte*)Code + PageSize;

    /// <summary>The fd the handler writes each siginfo to (the write end of a non-blocking pipe).</summary>
    public static void SetPipe(int writeFd) => Volatile.Write(ref *(int*)Data, writeFd);

    /// <summary>The handler the stub tail-calls after its own work (SIG_DFL and SIG_IGN: none).</summary>
    public static void SetPrevious(int signal, nint handler) => Volatile.Write(ref *(nint*)(Data + TableOffset + 16 * signal), handler);

    /// <summary>Whether the stub reports the signal (writes it to the pipe); when not, it only chains.</summary>
    public static void SetActive(int signal, bool active) => Volatile.Write(ref *(int*)(Data + TableOffset + 16 * signal + 8), active ? 1 : 0);

    /// <summary>How many of this signal the handler could not write because the pipe was full, since the process began.</summary>
    public static long Lost(int signal) => Volatile.Read(ref *(long*)(Data + LostOffset + 8 * signal));

    private static nint Make()
    {
        byte[] code = RuntimeInformation.ProcessArchitecture switch
        {
            Architecture.X64 => X64,
            Architecture.Arm64 => Arm64,
            Architecture other => throw SignalErrors.ArchitectureNotSupported(other.ToString()),
        };
        nint page = ExecutableMemory.MapReadWrite(2 * PageSize, out int errno);
        if (page == 0)
        {
            throw SignalErrors.HandlerSetupFailed(errno, "mmap", "map the signal handler's pages");
        }

        Marshal.Copy(code, 0, page, code.Length);
        if (!ExecutableMemory.MakeExecutable(page, PageSize, out errno))
        {
            throw SignalErrors.HandlerSetupFailed(errno, "mprotect", "make the signal handler's page executable");
        }

        return page;
    }
}
