using PosixIpc.Interop;

namespace PosixIpc.Sockets;

/// <summary>
/// The users a listener takes clients and datagrams from, checked against the credentials the
/// kernel reports (SO_PEERCRED, SCM_CREDENTIALS); refusals are counted, and the first is reported.
/// </summary>
internal sealed class PeerFilter
{
    private readonly string _display;
    private readonly Action<string> _warn;

    public PeerFilter(string display, Action<string> warn)
    {
        _display = display;
        _warn = warn;
    }

    /// <summary>The only users taken; null takes everyone the socket's mode lets in.</summary>
    public IReadOnlySet<uint>? AllowedUsers { get; set; }

    public long Refused { get; private set; }

    public bool Allows(PeerCredentials peer, bool datagram)
    {
        if (AllowedUsers == null || AllowedUsers.Contains(peer.Uid))
        {
            return true;
        }

        Refused++;
        if (Refused == 1)
        {
            _warn($"Refused {(datagram ? "a datagram" : "a client")} of {AccountNames.User(peer.Uid)} (uid {peer.Uid}, process {peer.Pid}) on '{_display}': not in -AllowUser. Further refusals are counted, not shown one by one.");
        }

        return false;
    }
}
