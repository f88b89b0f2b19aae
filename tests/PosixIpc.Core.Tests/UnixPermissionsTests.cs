using System.IO;
using PosixIpc;
using Xunit;

namespace PosixIpc.Tests;

public class UnixPermissionsTests
{
    [Theory]
    [InlineData("0640", 0b110_100_000)]
    [InlineData("640", 0b110_100_000)]
    [InlineData("0o640", 0b110_100_000)]
    [InlineData(" 0600 ", 0b110_000_000)]
    [InlineData("0", 0)]
    [InlineData("7777", 0xFFF)]
    public void ReadsOctalText(string text, int expected)
    {
        Assert.True(UnixPermissions.TryParse(text, out UnixFileMode mode));
        Assert.Equal((UnixFileMode)expected, mode);
    }

    [Fact]
    public void ReadsTheDigitsOfANumberAsOctal()
    {
        Assert.True(UnixPermissions.TryParse(640, out UnixFileMode mode));
        Assert.Equal("0640", UnixPermissions.ToOctal(mode));
        Assert.True(UnixPermissions.TryParse(755L, out mode));
        Assert.Equal("0755", UnixPermissions.ToOctal(mode));
    }

    [Theory]
    [InlineData("0800")]
    [InlineData("abc")]
    [InlineData("17777")]
    [InlineData("")]
    [InlineData(-1)]
    public void RefusesWhatIsNotAMode(object value) => Assert.False(UnixPermissions.TryParse(value, out _));

    [Fact]
    public void WritesModesAsChmodAndLsDo()
    {
        var mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead;
        Assert.Equal("0640", UnixPermissions.ToOctal(mode));
        Assert.Equal("prw-r-----", UnixPermissions.ToSymbolic('p', mode));
    }
}
