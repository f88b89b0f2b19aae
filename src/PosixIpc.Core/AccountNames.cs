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

    public static string Group(uint gid) =>
        Groups.GetOrAdd(gid, id => Pwd.GroupName(id) ?? id.ToString(CultureInfo.InvariantCulture));
}
