using System.Runtime.InteropServices;

namespace PosixIpc.Interop;

/// <summary>
/// sys/uio.h: process_vm_writev (not in Tmds.LibC, declared here against libc with SetLastError =
/// true), aimed at this very process. The kernel does the copy and touches the destination pages
/// itself: a page it cannot provide (a mapping past the end of a file that was truncated, a hole the
/// file system has no space to fill) ends the copy with a short count or EFAULT, where a copy by the
/// CPU would raise SIGBUS and end the process.
/// </summary>
internal static unsafe partial class Uio
{
    [StructLayout(LayoutKind.Sequential)]
    private struct IoVec
    {
        public void* Base;
        public nuint Length;
    }

    [LibraryImport("libc", EntryPoint = "process_vm_writev", SetLastError = true)]
    private static partial nint ProcessVmWritev(int pid, IoVec* local, nuint localCount, IoVec* remote, nuint remoteCount, nuint flags);

    private static readonly int OwnPid = Environment.ProcessId;

    /// <summary>
    /// Copies source to destination (memory of this process) with process_vm_writev. Returns how many
    /// bytes were copied: all of them, or fewer when a destination page could not be written, with the
    /// errno of the call that stopped (EFAULT for such a page; ENOSYS or EPERM where a sandbox forbids
    /// the call, before anything was copied).
    /// </summary>
    public static long CopyInto(byte* destination, ReadOnlySpan<byte> source, out int errno)
    {
        errno = 0;
        long done = 0;
        fixed (byte* from = source)
        {
            while (done < source.Length)
            {
                var local = new IoVec { Base = from + done, Length = (nuint)(source.Length - done) };
                var remote = new IoVec { Base = destination + done, Length = local.Length };
                nint n = ProcessVmWritev(OwnPid, &local, 1, &remote, 1, 0);
                if (n > 0)
                {
                    done += n;
                    continue;
                }

                errno = n == 0 ? Errno.EFAULT : Errno.Last;
                if (errno != Errno.EINTR)
                {
                    break;
                }
            }
        }

        return done;
    }
}
