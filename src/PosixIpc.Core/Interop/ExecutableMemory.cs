using System.Runtime.InteropServices;

namespace PosixIpc.Interop;

/// <summary>
/// sys/mman.h for code made at run time: an anonymous mapping, mprotect(2) to make its first page
/// executable and never again writable, and the instruction cache flush arm64 needs before running
/// freshly written code (__clear_cache from libgcc_s, which every .NET process already has loaded).
/// </summary>
internal static unsafe partial class ExecutableMemory
{
    private const int PROT_READ = 1, PROT_WRITE = 2, PROT_EXEC = 4;
    private const int MAP_PRIVATE = 2, MAP_ANONYMOUS = 0x20;

    [LibraryImport("libc", EntryPoint = "mmap", SetLastError = true)]
    private static partial nint Mmap(nint addr, nuint length, int prot, int flags, int fd, long offset);

    [LibraryImport("libc", EntryPoint = "mprotect", SetLastError = true)]
    private static partial int Mprotect(nint addr, nuint length, int prot);

    /// <summary>Maps readable, writable, zeroed memory; 0 and the errno on failure.</summary>
    public static nint MapReadWrite(int length, out int errno)
    {
        nint p = Mmap(0, (nuint)length, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        errno = p == -1 ? Marshal.GetLastPInvokeError() : 0;
        return p == -1 ? 0 : p;
    }

    /// <summary>Makes written code runnable: flushes the instruction cache over it, then read + execute only.</summary>
    public static bool MakeExecutable(nint start, int length, out int errno)
    {
        if (RuntimeInformation.ProcessArchitecture == Architecture.Arm64)
        {
            var clearCache = (delegate* unmanaged<nint, nint, void>)NativeLibrary.GetExport(
                NativeLibrary.Load("libgcc_s.so.1"), "__clear_cache");
            clearCache(start, start + length);
        }

        int rc = Mprotect(start, (nuint)length, PROT_READ | PROT_EXEC);
        errno = rc == 0 ? 0 : Marshal.GetLastPInvokeError();
        return rc == 0;
    }
}
