using System.Runtime.InteropServices;

namespace PosixIpc.Interop;

/// <summary>
/// A SafeHandle's raw value, kept from being released until the lease is disposed: the one way the
/// module hands a descriptor or a mapping address to a call that takes a raw value (Tmds.LibC's
/// declarations take int descriptors and pointers). Borrowing a closed handle throws ObjectDisposedException.
/// </summary>
internal ref struct HandleLease
{
    private readonly SafeHandle _owner;
    private readonly bool _added;

    public HandleLease(SafeHandle owner)
    {
        _owner = owner;
        _added = false;
        owner.DangerousAddRef(ref _added);
        Handle = owner.DangerousGetHandle();
    }

    public IntPtr Handle { get; }

    /// <summary>The handle as a file descriptor.</summary>
    public int Fd => Handle.ToInt32();

    /// <summary>The handle as an address (a mapping's start).</summary>
    public IntPtr Address => Handle;

    public void Dispose()
    {
        if (_added)
        {
            _owner.DangerousRelease();
        }
    }
}
