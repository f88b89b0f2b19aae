using PosixIpc.Inventory;
using PosixIpc.Signals;
using PosixIpc.Sockets;
using Xunit;

namespace PosixIpc.Tests;

/// <summary>The parsers of /proc files, on lines as the kernel writes them.</summary>
public class ProcParserTests
{
    [Fact]
    public void ReadsASystemVSegmentLine()
    {
        const string line = "    305419896      32770   640               4096  1234  1300      2     0     0     0     0          0          0 1700000000                  4096                     0";
        IpcObject o = SysVSource.Parse(IpcObjectKind.SysVSharedMemory, line)!;
        Assert.Equal("0x12345678", o.Key);
        Assert.Equal(32770, o.Id);
        Assert.Equal("0640", o.OctalMode);
        Assert.Equal(4096, o.Size);
        Assert.Equal(1234, o.CreatorPid);
        Assert.Equal(2, o.Attached);
        Assert.Equal(0u, o.OwnerId);
    }

    [Fact]
    public void ReadsSystemVQueueAndSemaphoreLinesWithNegativeAndPrivateKeys()
    {
        IpcObject q = SysVSource.Parse(IpcObjectKind.SysVMessageQueue,
            "   -1 3 666 12 2 4321 0 1000 1000 1000 1000 0 0 1700000000")!;
        Assert.Equal("0xffffffff", q.Key);
        Assert.Equal(12, q.Size);
        Assert.Equal(2, q.Messages);
        Assert.Equal(1000u, q.OwnerId);
        IpcObject s = SysVSource.Parse(IpcObjectKind.SysVSemaphore, "0 7 600 3 65534 65534 0 0 0 1700000000")!;
        Assert.Equal("0x00000000", s.Key);
        Assert.Equal(3, s.Semaphores);
        Assert.Equal(65534u, s.GroupId);
    }

    [Theory]
    [InlineData("")]
    [InlineData("key shmid perms size")]
    [InlineData("1 2 999 4096 1 1 0 0 0")]
    public void SkipsLinesThatAreNotObjects(string line) => Assert.Null(SysVSource.Parse(IpcObjectKind.SysVSharedMemory, line));

    [Fact]
    public void ReadsUnixSocketLines()
    {
        UnixSocketInfo listening = UnixSockets.Parse("00000000ae5f5baf: 00000002 00000000 00010000 0001 01 155490 /tmp/a socket")!;
        Assert.Equal(155490ul, listening.Inode);
        Assert.True(listening.Listening);
        Assert.Equal("LISTEN", listening.State);
        Assert.Equal("/tmp/a socket", listening.Path);

        UnixSocketInfo abstractDatagram = UnixSockets.Parse("0000000000000000: 00000002 00000000 00000000 0002 01 99 @name")!;
        Assert.Equal("name", abstractDatagram.Name);
        Assert.Null(abstractDatagram.Path);
        Assert.Equal("UNCONN", abstractDatagram.State);

        UnixSocketInfo unnamed = UnixSockets.Parse("00000000734ff447: 00000003 00000000 00000000 0001 03  1205")!;
        Assert.Equal("ESTAB", unnamed.State);
        Assert.Null(unnamed.Path);
        Assert.Null(UnixSockets.Parse("Num       RefCount Protocol Flags    Type St Inode Path"));
    }

    [Fact]
    public void DecodesTheSignalMasksOfAStatusFile()
    {
        ProcessSignalState s = ProcessSignalState.Parse(42, new[]
        {
            "Name:\tworker",
            "SigPnd:\t0000000000000000",
            "ShdPnd:\t0000000000000100",
            "SigBlk:\t0000000000010000",
            "SigIgn:\t0000000000001000",
            "SigCgt:\t0000000180004002",
        });
        Assert.Equal("worker", s.ProcessName);
        // Bit n-1 stands for signal n: 0x4002 is INT (2) and TERM (15); 0x180000000 is 32 and 33.
        // 32 and 33 are glibc's own real-time signals, below SIGRTMIN, so they keep their numbers.
        Assert.Equal(new[] { "SIGINT", "SIGTERM", "SIG32", "SIG33" }, s.Caught);
        Assert.Equal(0x180004002ul, s.CaughtMask);
        Assert.Equal(new[] { "SIGPIPE" }, s.Ignored);
        Assert.Equal(new[] { "SIGCHLD" }, s.Blocked);
        Assert.Equal(new[] { "SIGKILL" }, s.SharedPending);
        Assert.Empty(s.Pending);
    }
}
