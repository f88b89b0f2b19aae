using PosixIpc.FileLocks;
using PosixIpc.Interop;
using Xunit;

namespace PosixIpc.Tests;

/// <summary>/proc/locks and /proc/PID/fdinfo "lock:" lines, as the kernel writes them, and st_dev as /proc/locks prints it.</summary>
public class ProcLocksTests
{
    [Fact]
    public void ReadsFlockPosixAndOfdLines()
    {
        LockEntry f = ProcLocks.Parse("3: FLOCK  ADVISORY  WRITE 22213 fe:00:11658926 0 EOF")!.Value;
        Assert.Equal(FileLockType.Flock, f.Type);
        Assert.False(f.Shared);
        Assert.Equal(22213, f.Pid);
        Assert.Equal("fe:00:11658926", f.FileId);
        Assert.Equal("FLOCK WRITE", f.State);
        Assert.True(f.IsOn(0xfe, 0, 11658926));

        LockEntry p = ProcLocks.Parse("2: POSIX  ADVISORY  READ 17 08:11:123 0 99")!.Value;
        Assert.Equal(FileLockType.Posix, p.Type);
        Assert.True(p.Shared);
        Assert.Equal(0x11u, p.Minor);
        Assert.Equal("99", p.End);

        LockEntry o = ProcLocks.Parse("1: OFDLCK ADVISORY  WRITE -1 00:2b:98765 0 EOF")!.Value;
        Assert.Equal(FileLockType.Ofd, o.Type);
        Assert.Equal(-1, o.Pid);
        Assert.Equal("OFDLCK WRITE", o.State);
    }

    [Theory]
    [InlineData("4: -> FLOCK  ADVISORY  WRITE 999 08:01:123456 0 EOF")] // a waiter, not a holder
    [InlineData("5: LEASE  ACTIVE    READ  1234 08:01:42 0 EOF")]
    [InlineData("6: FLOCK  ADVISORY  UNLCK 1 08:01:42 0 EOF")]
    [InlineData("7: FLOCK  ADVISORY  WRITE x 08:01:42 0 EOF")]
    [InlineData("8: FLOCK  ADVISORY  WRITE 1 0801:42 0 EOF")]
    [InlineData("")]
    public void LeavesOutWaitersLeasesAndAnythingElse(string line) => Assert.Null(ProcLocks.Parse(line));

    [Fact]
    public void ReadsAFdinfoLockLineAfterItsLabel()
    {
        LockEntry e = ProcLocks.Parse("\t1: POSIX  ADVISORY  WRITE 22217 fe:00:11657395 0 EOF")!.Value;
        Assert.Equal(22217, e.Pid);
    }

    [Theory]
    [InlineData(0xfe00UL, 0xfeu, 0u)]         // 254:0, as stat prints fe00
    [InlineData(0x0811UL, 8u, 0x11u)]
    [InlineData(0x1000_0000_0103UL, 0x1001u, 0x03u)] // a major above 4095 (glibc's encoding)
    public void SplitsStDevAsGlibcMajorAndMinorDo(ulong device, uint major, uint minor)
    {
        var st = new FileStatus(0, 0, 0, 0, default, 0, device);
        Assert.Equal(major, st.DeviceMajor);
        Assert.Equal(minor, st.DeviceMinor);
    }
}
