using PosixIpc.Interop;
using PosixIpc.Text;
using Tmds.Linux;

namespace PosixIpc.Sockets;

/// <summary>
/// Where a Unix socket is: a file-system path, or a name in Linux's abstract namespace (no file;
/// gone with the last socket bound to it). Abstract names are shown as "@name", as ss(8) does.
/// </summary>
public sealed class UnixSocketAddress
{
    private readonly sockaddr_un _native;

    private UnixSocketAddress(string? path, string? name, sockaddr_un native, int length)
    {
        Path = path;
        AbstractName = name;
        _native = native;
        NativeLength = length;
    }

    /// <summary>The socket file's path, or null for an abstract name.</summary>
    public string? Path { get; }

    /// <summary>The abstract name without the leading "@", or null for a path.</summary>
    public string? AbstractName { get; }

    public bool IsAbstract => AbstractName != null;

    /// <summary>The path, or "@name" for an abstract name.</summary>
    public string Display => IsAbstract ? "@" + AbstractName : Path!;

    internal ref readonly sockaddr_un Native => ref _native;

    internal int NativeLength { get; }

    /// <summary>An absolute path (made absolute by the caller); bytes that are not UTF-8 given as ByteName escapes them.</summary>
    public static UnixSocketAddress FromPath(string path)
    {
        byte[] bytes = ByteName.FromExact(path);
        if (path.IndexOf('\0') >= 0)
        {
            throw UnixSocketErrors.InvalidName(path, "a path cannot hold a NUL character.");
        }

        if (!Socket.TryMakeAddress(bytes, isAbstract: false, out sockaddr_un native, out int length))
        {
            throw UnixSocketErrors.InvalidName(path, $"the path is {bytes.Length} bytes long.");
        }

        return new UnixSocketAddress(path, null, native, length);
    }

    /// <summary>A name in the abstract namespace; one leading "@" is taken as the display prefix and dropped.</summary>
    public static UnixSocketAddress FromAbstract(string name)
    {
        string bare = name.StartsWith('@') ? name.Substring(1) : name;
        byte[] bytes = ByteName.FromExact(bare);
        if (bytes.Length == 0)
        {
            throw UnixSocketErrors.InvalidName(name, "an abstract name cannot be empty.");
        }

        if (!Socket.TryMakeAddress(bytes, isAbstract: true, out sockaddr_un native, out int length))
        {
            throw UnixSocketErrors.InvalidName("@" + bare, $"the name is {bytes.Length} bytes long.");
        }

        return new UnixSocketAddress(null, bare, native, length);
    }

    /// <summary>The address of exact name bytes, as a listing gives them (an abstract name without its leading NUL).</summary>
    internal static UnixSocketAddress FromBytes(byte[] bytes, bool isAbstract)
    {
        string text = ByteName.ToExact(bytes);
        if (!Socket.TryMakeAddress(bytes, isAbstract, out sockaddr_un native, out int length))
        {
            throw UnixSocketErrors.InvalidName(ByteName.Escape(text), $"the name is {bytes.Length} bytes long.");
        }

        return isAbstract ? new UnixSocketAddress(null, text, native, length) : new UnixSocketAddress(text, null, native, length);
    }

    public override string ToString() => Display;
}
