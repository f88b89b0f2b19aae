using System;
using System.Collections.Generic;
using System.Text;
using PosixIpc.Sockets;
using Xunit;

namespace PosixIpc.Tests;

/// <summary>The parser of sock_diag answers (unix_diag_msg and its attributes), on bytes laid out as the kernel sends them.</summary>
public class SockDiagTests
{
    /// <summary>unix_diag_msg (family, type, state, pad, inode, cookie) followed by the attributes.</summary>
    private static byte[] Answer(byte type, byte state, uint inode, params (ushort Type, byte[] Value)[] attributes)
    {
        var bytes = new List<byte> { 1, type, state, 0 };
        bytes.AddRange(BitConverter.GetBytes(inode));
        bytes.AddRange(new byte[8]);
        foreach ((ushort t, byte[] value) in attributes)
        {
            bytes.AddRange(BitConverter.GetBytes((ushort)(4 + value.Length)));
            bytes.AddRange(BitConverter.GetBytes(t));
            bytes.AddRange(value);
            while (bytes.Count % 4 != 0)
            {
                bytes.Add(0);
            }
        }

        return bytes.ToArray();
    }

    [Fact]
    public void KeepsAnAbstractNameWithANewlineWhole()
    {
        byte[] name = Encoding.ASCII.GetBytes("\0svc\n0: 2 0 10000 1 1 4242 /forged");
        UnixSocketInfo s = UnixSockets.ParseDiag(Answer(1, 10, 155490, (0, name), (2, BitConverter.GetBytes(0u)), (7, BitConverter.GetBytes(65534u))))!;
        Assert.True(s.IsAbstract);
        Assert.Equal("svc\n0: 2 0 10000 1 1 4242 /forged", s.Name);
        Assert.Null(s.Path);
        Assert.Equal(@"@svc\x0A0: 2 0 10000 1 1 4242 /forged", s.Display);
        Assert.Equal("LISTEN", s.State);
        Assert.True(s.Listening);
        Assert.Equal(UnixSocketType.Stream, s.Type);
        Assert.Equal(155490UL, s.Inode);
        Assert.Null(s.PeerInode);
        Assert.Equal(65534u, s.OwnerId);
    }

    [Fact]
    public void ReadsAPathUpToItsNulAndAConnectedPeer()
    {
        UnixSocketInfo s = UnixSockets.ParseDiag(Answer(2, 1, 99, (0, Encoding.ASCII.GetBytes("/run/a\0")), (1, new byte[8]), (2, BitConverter.GetBytes(98u))))!;
        Assert.Equal("/run/a", s.Path);
        Assert.False(s.IsAbstract);
        Assert.Equal("ESTAB", s.State);
        Assert.Equal(UnixSocketType.Datagram, s.Type);
        Assert.Equal(98UL, s.PeerInode);
    }

    [Fact]
    public void KeepsTheBytesOfANameThatIsNotUtf8()
    {
        UnixSocketInfo s = UnixSockets.ParseDiag(Answer(2, 7, 5, (0, new byte[] { 0, (byte)'q', 0xFF, 0xFE })))!;
        Assert.Equal(new byte[] { (byte)'q', 0xFF, 0xFE }, s.AddressBytes);
        Assert.Equal(@"@q\xFF\xFE", s.Display);
        Assert.Equal("UNCONN", s.State);
        Assert.Equal(new byte[] { (byte)'q', 0xFF, 0xFE }, Text.ByteName.FromExact(s.Name!));
    }

    [Fact]
    public void LeavesAnUnnamedSocketWithoutAddress()
    {
        UnixSocketInfo s = UnixSockets.ParseDiag(Answer(1, 1, 7))!;
        Assert.Equal(string.Empty, s.Address);
        Assert.Null(s.AddressBytes);
        Assert.Null(UnixSockets.ParseDiag(new byte[8]));
    }
}
