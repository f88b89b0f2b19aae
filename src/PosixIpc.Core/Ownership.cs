using PosixIpc.Interop;

namespace PosixIpc;

/// <summary>Who owns an object and its permission bits, as stat(2) shows them for the file behind it.</summary>
public readonly record struct Ownership(UnixFileMode Mode, uint OwnerId, uint GroupId)
{
    /// <summary>Permission bits in octal, as chmod takes them (0600).</summary>
    public string OctalMode => UnixPermissions.ToOctal(Mode);

    public string Owner => AccountNames.User(OwnerId);

    public string Group => AccountNames.Group(GroupId);

    internal static Ownership Of(FileStatus status) => new((UnixFileMode)status.Permissions, status.Uid, status.Gid);

    internal static Ownership? Of(FileStatus? status) => status is { } s ? Of(s) : null;
}

/// <summary>
/// What every listed object shows of its ownership: mode, octal mode, owner and group by name and
/// by id. Each is null where the object could not be looked at (or, like an abstract socket, has none).
/// </summary>
public abstract class OwnedObject
{
    /// <summary>The owner and mode in one value; null where they are not known.</summary>
    public Ownership? Ownership { get; internal init; }

    /// <summary>Permission bits.</summary>
    public UnixFileMode? Mode => Ownership?.Mode;

    /// <summary>Permission bits in octal (0600).</summary>
    public string? OctalMode => Ownership?.OctalMode;

    public string? Owner => Ownership?.Owner;

    public string? Group => Ownership?.Group;

    public uint? OwnerId => Ownership?.OwnerId;

    public uint? GroupId => Ownership?.GroupId;
}
