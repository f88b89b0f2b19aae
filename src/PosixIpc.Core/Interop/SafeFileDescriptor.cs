using System.Runtime.InteropServices;
using Tmds.Linux;

namespace PosixIpc.Interop;

/// <summary>An open file descriptor, closed exactly once.</summary>
internal sealed class SafeFileDescriptor : SafeHandle
{
    public SafeFileDescriptor(int fd) : base(new IntPtr(-1), ownsHandle: true) => SetHandle(new IntPtr(fd));

    public override bool IsInvalid => handle.ToInt64() < 0;

    protected override bool ReleaseHandle() => LibC.close(handle.ToInt32()) == 0;

    /// <summary>The raw descriptor, kept from being closed until the lease is disposed.</summary>
    public HandleLease Borrow() => new(this);
}
