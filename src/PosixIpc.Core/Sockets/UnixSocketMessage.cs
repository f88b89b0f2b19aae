using System.Text;

namespace PosixIpc.Sockets;

/// <summary>
/// A message a receiver took from a Unix socket: a line of a stream connection or one datagram,
/// with the credentials of the process that sent it (SO_PEERCRED or SCM_CREDENTIALS).
/// </summary>
public sealed class UnixSocketMessage
{
    private readonly Encoding _encoding;
    private string? _text;
    private byte[]? _body;
    private string? _processName;

    internal UnixSocketMessage(string socket, long connection, Interop.PeerCredentials peer, string? text, byte[]? body, Encoding encoding)
    {
        Socket = socket;
        Connection = connection;
        Pid = peer.Pid;
        Uid = peer.Uid;
        Gid = peer.Gid;
        _text = text;
        _body = body;
        _encoding = encoding;
        ReceivedAt = DateTime.Now;
    }

    /// <summary>The receiving socket: its path, or "@name" for an abstract name.</summary>
    public string Socket { get; }

    /// <summary>Which connection of the receiver the message came through (1, 2 ...); 0 for datagrams.</summary>
    public long Connection { get; }

    /// <summary>Process id of the sender.</summary>
    public int Pid { get; }

    public uint Uid { get; }

    public uint Gid { get; }

    /// <summary>The sender's user name (the number when it has none).</summary>
    public string User => AccountNames.User(Uid);

    /// <summary>The sender's command name from /proc (empty once it has ended).</summary>
    public string ProcessName => _processName ??= ReadProcessName(Pid);

    /// <summary>The message as text: a line without its line feed, or a datagram decoded (one trailing line feed dropped).</summary>
    public string Text => _text ??= DecodeDatagram(_body!, _encoding);

    /// <summary>The bytes: a datagram exactly as sent, or the line encoded again.</summary>
    public byte[] Body => _body ??= _encoding.GetBytes(_text!);

    public int Length => Body.Length;

    public DateTime ReceivedAt { get; }

    /// <summary>The connection a reply goes back through (a serving receiver only).</summary>
    public UnixSocketConnection? ReplyTo { get; internal init; }

    public override string ToString() => Text;

    private static string DecodeDatagram(byte[] body, Encoding encoding)
    {
        string text = encoding.GetString(body);
        if (text.Length > 0 && text[0] == '\uFEFF')
        {
            text = text.Substring(1);
        }

        if (text.EndsWith('\n'))
        {
            text = text.Substring(0, text.Length - (text.EndsWith("\r\n", StringComparison.Ordinal) ? 2 : 1));
        }

        return text;
    }

    internal static string ReadProcessName(int pid)
    {
        try
        {
            return pid > 0 ? File.ReadAllText($"/proc/{pid}/comm").TrimEnd('\n') : string.Empty;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return string.Empty;
        }
    }
}
