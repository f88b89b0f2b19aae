using System.Text;
using PosixIpc.Text;
using Xunit;

namespace PosixIpc.Tests;

/// <summary>Names as bytes: decoding to a string that maps back to exactly those bytes, and the escaped form views show.</summary>
public class RawNameTests
{
    [Theory]
    [InlineData(new byte[] { 0x66, 0x69, 0x66, 0x6F, 0x2D, 0xFF })]
    [InlineData(new byte[] { 0xFF, 0xFE })]
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 })] // An encoded surrogate, which is not valid UTF-8.
    [InlineData(new byte[] { 0xC3, 0xA9, 0x0A, 0xF0, 0x9F, 0x98, 0x80, 0xC3 })]
    public void RoundTripsAnyBytes(byte[] bytes) => Assert.Equal(bytes, RawName.Encode(RawName.Decode(bytes)));

    [Fact]
    public void LeavesValidUtf8AsItIs()
    {
        Assert.Equal("é\n😀", RawName.Decode(Encoding.UTF8.GetBytes("é\n😀")));
        Assert.Equal(Encoding.UTF8.GetBytes("é😀"), RawName.Encode("é😀"));
    }

    [Fact]
    public void NeverDecodesTwoNamesToTheSameString()
    {
        string invalid = RawName.Decode(new byte[] { 0x71, 0xFF });
        string replacement = RawName.Decode(Encoding.UTF8.GetBytes("q\uFFFD"));
        Assert.NotEqual(invalid, replacement);
        Assert.NotEqual(invalid, RawName.Decode(Encoding.UTF8.GetBytes(@"q\xff")));
    }

    [Fact]
    public void EscapesForOneLine()
    {
        Assert.Equal(@"a\nb\tc\\d\x01\xff", RawName.Escape(RawName.Decode(new byte[] { 0x61, 0x0A, 0x62, 0x09, 0x63, 0x5C, 0x64, 0x01, 0xFF })));
        Assert.Equal("/plain/name 😀", RawName.Escape("/plain/name 😀"));
    }
}
