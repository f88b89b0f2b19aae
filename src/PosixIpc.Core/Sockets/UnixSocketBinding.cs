using PosixIpc.Interop;

namespace PosixIpc.Sockets;

/// <summary>
/// A socket bound to a path or an abstract name (and for a stream socket, listening): the file
/// made room for, created with its mode before anyone can connect, and removed again on Dispose
/// if it is still the one this binding made. What is received through it is UnixSocketListener's.
/// </summary>
public sealed class UnixSocketBinding : IDisposable
{
    public const int Backlog = 128;

    private bool _disposed;

    private UnixSocketBinding()
    {
    }

    public UnixSocketAddress Address { get; private init; } = null!;

    public bool IsDatagram { get; private init; }

    internal SafeFileDescriptor Descriptor { get; private init; } = null!;

    // The inode of the socket file this binding made (0: none), by which Dispose knows it is still that file.
    private ulong FileInode { get; init; }

    /// <summary>
    /// Binds and (for a stream socket) listens. A path that exists is never replaced when it is not
    /// a socket or when a process listens on it; a stale socket file is replaced only with force.
    /// The file gets the mode exactly, before anyone can connect.
    /// </summary>
    public static UnixSocketBinding Bind(UnixSocketAddress address, bool datagram, bool force, UnixFileMode mode)
    {
        string display = address.Display;
        if (address.Path != null)
        {
            PrepareFile(address, datagram, force);
        }

        SafeFileDescriptor fd = Socket.Create(datagram ? Socket.SOCK_DGRAM : Socket.SOCK_STREAM, out int errno)
            ?? throw IpcErrors.Failed(IpcMechanism.Socket, ErrorIds.SocketCreateFailed, errno, "socket", display, "Cannot create a socket");
        try
        {
            if (datagram)
            {
                // Before bind, so that no datagram can come without its sender's credentials.
                if (!Socket.PassCredentials(fd, out errno))
                {
                    throw IpcErrors.Failed(IpcMechanism.Socket, ErrorIds.SocketCreateFailed, errno, "setsockopt", display,
                        "Cannot ask for the senders' credentials (SO_PASSCRED), without which every datagram would show uid 4294967295");
                }

                Socket.SetBufferSize(fd, send: false, 4 << 20, out _);
            }

            if (!Socket.Bind(fd, address.Native, address.NativeLength, out errno))
            {
                throw errno switch
                {
                    Errno.EADDRINUSE when address.IsAbstract => UnixSocketErrors.AbstractNameTaken(display),
                    Errno.EADDRINUSE => UnixSocketErrors.InUse(display),
                    Errno.ENOENT or Errno.ENOTDIR => UnixSocketErrors.ParentNotFound(display),
                    _ => IpcErrors.Failed(IpcMechanism.Socket, ErrorIds.SocketBindFailed, errno, "bind", display, $"Cannot bind the socket '{display}'"),
                };
            }

            var binding = new UnixSocketBinding
            {
                Address = address, Descriptor = fd, IsDatagram = datagram, FileInode = address.Path != null ? SetMode(address.Path, mode) : 0,
            };
            if (!datagram && !Socket.Listen(fd, Backlog, out errno))
            {
                binding.Dispose();
                throw IpcErrors.Failed(IpcMechanism.Socket, ErrorIds.SocketListenFailed, errno, "listen", display, $"Cannot listen on the socket '{display}'");
            }

            return binding;
        }
        catch
        {
            fd.Dispose();
            throw;
        }
    }

    /// <summary>Gives the socket file just bound its mode; returns its inode.</summary>
    private static ulong SetMode(string path, UnixFileMode mode)
    {
        // Through the object itself: in a directory others can write, the path may hold something else by now.
        if (Stat.ChmodOwnObject(path, FileStatus.S_IFSOCK, (uint)mode, out FileStatus status, out int errno))
        {
            return status.Inode;
        }

        if (errno == Errno.EXDEV)
        {
            throw new PosixIpcException(ErrorIds.SocketBindFailed, errno, "chmod", path,
                $"The socket file '{path}' was replaced by something else right after it was bound (another user can write to its directory); nothing's mode was changed and it was left there. Bind sockets in a directory only you can write to.")
            { Category = IpcErrorCategory.PermissionDenied };
        }

        Unistd.Unlink(path, out _);
        throw IpcErrors.Failed(IpcMechanism.Socket, ErrorIds.SocketBindFailed, errno, "chmod", path, $"Cannot set the mode of the socket '{path}'");
    }

    /// <summary>Makes room for the socket file: nothing there, or a stale socket removed with force.</summary>
    private static void PrepareFile(UnixSocketAddress address, bool datagram, bool force)
    {
        string path = address.Path!;
        if (!Stat.TryStat(path, followLinks: false, out FileStatus status, out int errno))
        {
            if (errno is Errno.ENOENT)
            {
                string? parent = System.IO.Path.GetDirectoryName(path);
                if (parent != null && !Directory.Exists(parent))
                {
                    throw UnixSocketErrors.ParentNotFound(path);
                }

                return;
            }

            throw IpcErrors.Failed(IpcMechanism.Socket, ErrorIds.SocketStatFailed, errno, "lstat", path, $"Cannot look at '{path}'");
        }

        if (status.Type != FileStatus.S_IFSOCK)
        {
            throw UnixSocketErrors.PathTaken(path, status);
        }

        int probe = ProbeListener(address, datagram);
        if (probe is Errno.EACCES or Errno.EPERM)
        {
            // Without write permission on the socket nobody can tell whether a process listens on it:
            // it is left alone, and the error says why (not SocketInUse, which would claim a listener).
            throw IpcErrors.Failed(IpcMechanism.Socket, ErrorIds.SocketPermissionDenied, probe, "connect", path,
                $"Cannot tell whether a process listens on the socket '{path}', as this user may not connect to it; it was left untouched");
        }

        if (probe is 0 or Errno.EPROTOTYPE or Errno.EAGAIN)
        {
            throw UnixSocketErrors.InUse(path);
        }

        if (!force)
        {
            throw UnixSocketErrors.StaleExists(path);
        }

        if (!Unistd.Unlink(path, out errno) && errno != Errno.ENOENT)
        {
            throw IpcErrors.Failed(IpcMechanism.Socket, ErrorIds.SocketRemoveFailed, errno, "unlink", path, $"Cannot remove the stale socket file '{path}'");
        }
    }

    /// <summary>
    /// Connects to the socket file to learn whether a process has it bound: 0 when the connect succeeds,
    /// else its errno. EPROTOTYPE (bound by a socket of the other type) and EAGAIN (a listener with a
    /// full backlog) also mean bound; EACCES/EPERM mean this user cannot tell; ECONNREFUSED means stale.
    /// </summary>
    private static int ProbeListener(UnixSocketAddress address, bool datagram)
    {
        using SafeFileDescriptor? probe = Socket.Create(datagram ? Socket.SOCK_DGRAM : Socket.SOCK_STREAM, out int errno);
        if (probe == null)
        {
            return Errno.ECONNREFUSED;
        }

        return Socket.Connect(probe, address.Native, address.NativeLength, out errno) ? 0 : errno;
    }

    /// <summary>Closes the socket and removes the socket file if it is still the one this binding made.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (Address.Path != null && FileInode != 0 &&
            Stat.TryStat(Address.Path, followLinks: false, out FileStatus status, out _) &&
            status.Inode == FileInode && status.Type == FileStatus.S_IFSOCK)
        {
            Unistd.Unlink(Address.Path, out _);
        }

        Descriptor.Dispose();
    }
}
