using PosixIpc;
using Xunit;

namespace PosixIpc.Tests;

public class IpcNameTests
{
    [Theory]
    [InlineData("jobs", "/jobs")]
    [InlineData("/jobs", "/jobs")]
    [InlineData("/a.b-c_d", "/a.b-c_d")]
    [InlineData("/q\\xff\\xFE", "/q\\xFF\\xFE")]
    [InlineData("q\\x41", "/qA")]
    [InlineData("/a\\\\b", "/a\\\\b")]
    public void AddsTheLeadingSlashReadsEscapesAndWritesTheCanonicalForm(string given, string expected) =>
        Assert.Equal(expected, IpcName.Normalize(given, IpcNameKind.MqQueue));

    [Theory]
    [InlineData("/a/b")]
    [InlineData("a/b")]
    [InlineData("/")]
    [InlineData("")]
    [InlineData("/.")]
    [InlineData("/..")]
    [InlineData("/a\0b")]
    public void RefusesBrokenNames(string given)
    {
        var e = Assert.Throws<PosixIpcException>(() => IpcName.Normalize(given, IpcNameKind.SharedMemory));
        Assert.Equal(ErrorIds.ShmInvalidName, e.ErrorId);
        Assert.Equal(IpcErrorCategory.InvalidArgument, e.Category);
    }

    [Fact]
    public void CountsTheLimitInBytesAfterTheSlash()
    {
        Assert.Equal("/" + new string('q', 255), IpcName.Normalize(new string('q', 255), IpcNameKind.MqQueue));
        Assert.Throws<PosixIpcException>(() => IpcName.Normalize(new string('q', 256), IpcNameKind.MqQueue));
        // glibc keeps a semaphore as /dev/shm/sem.NAME, so its names are 4 bytes shorter.
        Assert.Equal(ErrorIds.SemaphoreInvalidName,
            Assert.Throws<PosixIpcException>(() => IpcName.Normalize(new string('s', 252), IpcNameKind.Semaphore)).ErrorId);
        // Two bytes a character in UTF-8: 128 of them are 256 bytes.
        Assert.Throws<PosixIpcException>(() => IpcName.Normalize(new string('é', 128), IpcNameKind.MqQueue));
    }

    [Theory]
    [InlineData("/a\\qb")]
    [InlineData("/a\\x2Fb")] // an escaped slash is still a slash
    [InlineData("/a\\x00b")]
    public void RefusesEscapesThatBreakTheRule(string given) =>
        Assert.Equal(ErrorIds.MqInvalidName, Assert.Throws<PosixIpcException>(() => IpcName.Normalize(given, IpcNameKind.MqQueue)).ErrorId);

    [Fact]
    public void CountsAnEscapedByteAsOneByte()
    {
        string name = "/" + string.Concat(System.Linq.Enumerable.Repeat("\\xFF", 255));
        Assert.Equal(name, IpcName.Normalize(name, IpcNameKind.MqQueue));
        Assert.Equal(255, IpcName.BytesOf(name).Length);
        Assert.Throws<PosixIpcException>(() => IpcName.Normalize(name + "\\xFF", IpcNameKind.MqQueue));
    }
}
