using System.Collections.Concurrent;
using System.Globalization;
using PosixIpc.Interop;

namespace PosixIpc;

/// <summary>User and group names by id, looked up once each; the number when the system has no name.</summary>
public static class AccountNames
{
    private static readonly ConcurrentDictionary<uint, string> Users = new();
    private static readonly ConcurrentDictionary<uint, string> Groups = new();

    public static string User(uint uid) =>
        Users.GetOrAdd(uid, id => Pwd.UserName(id) ?? id.ToString(CultureInfo.InvariantCulture));

    /// <summary>The uid a user name or number stands for; null when it is neither a number nor a known user.</summary>
    public static uint? UserId(string nameOrNumber) =>
        uint.TryParse(nameOrNumber, NumberStyles.None, CultureInfo.InvariantCulture, out uint uid) ? uid : Pwd.UserId(nameOrNumber);

    /// <summary>True when this process acts as root (effective uid 0), which passes every permission check.</summary>
    public static bool ActingAsRoot => Unistd.EffectiveUid == 0;

    public static string Group(uint gid) =>
        Groups.GetOrAdd(gid, id => Pwd.GroupName(id) ?? id.ToString(CultureInfo.InvariantCulture));
}
