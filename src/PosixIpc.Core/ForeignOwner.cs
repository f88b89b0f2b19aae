using PosixIpc.Interop;

namespace PosixIpc;

/// <summary>
/// The rule of -Force: an existing object is reused only when it belongs to the user this process acts
/// as. Another user's object of the same name (planted in a shared namespace: /dev/mqueue, /dev/shm, a
/// sticky directory) would read what is written to it, so it is an error naming its owner, and is left alone.
/// </summary>
internal static class ForeignOwner
{
    /// <summary>Throws the mechanism's ForeignOwner error unless ownerUid is this process's effective uid.</summary>
    public static void Check(string errorId, string what, string name, uint ownerUid, string remover)
    {
        uint me = Unistd.EffectiveUid;
        if (ownerUid == me)
        {
            return;
        }

        throw new PosixIpcException(errorId, Errno.EPERM, null, name,
            $"The {what} '{name}' exists and belongs to {AccountNames.User(ownerUid)} (uid {ownerUid}), not to {AccountNames.User(me)}; -Force reuses only an object of one's own, so it was neither used nor changed. Remove it ({remover}, as its owner or root) or choose another name.")
        { Category = IpcErrorCategory.PermissionDenied };
    }
}
