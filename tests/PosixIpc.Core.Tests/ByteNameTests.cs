using PosixIpc.Text;
using Xunit;

namespace PosixIpc.Tests;

public class ByteNameTests
{
    [Theory]
    [InlineData(new byte[] { (byte)'a', 0xFF, 0xFE }, "a\\xFF\\xFE")]
    [InlineData(new byte[] { (byte)'a', (byte)'\n', (byte)'b' }, "a\\x0Ab")]
    [InlineData(new byte[] { (byte)'a', (byte)'\\', (byte)'b' }, "a\\\\b")]
    [InlineData(new byte[] { 0xC3, 0xA9 }, "é")]
    [InlineData(new byte[] { 0xEF, 0xBF, 0xBD }, "\uFFFD")]
    [InlineData(new byte[] { 0xC2, 0x85 }, "\\xC2\\x85")] // U+0085 NEL, a C1 control
    [InlineData(new byte[] { 0xE2, 0x80, 0xAE }, "\\xE2\\x80\\xAE")] // U+202E, right-to-left override
    [InlineData(new byte[] { 0xC3 }, "\\xC3")] // a sequence cut short
    [InlineData(new byte[] { 0xED, 0xB2, 0x80 }, "\\xED\\xB2\\x80")] // an encoded surrogate is not UTF-8
    public void EscapesWhatIsNotPlainText(byte[] bytes, string escaped)
    {
        Assert.Equal(escaped, ByteName.Escape(bytes));
        Assert.True(ByteName.TryUnescape(escaped, out byte[] back, out _));
        Assert.Equal(bytes, back);
    }

    [Fact]
    public void CarriesBytesThatAreNotUtf8AsLoneSurrogatesAndBack()
    {
        byte[] bytes = { (byte)'f', 0xFF, 0xC3, 0xA9, 0x80 };
        string exact = ByteName.ToExact(bytes);
        Assert.Equal("f\uDCFFé\uDC80", exact);
        Assert.Equal(bytes, ByteName.FromExact(exact));
        Assert.Equal("f\\xFFé\\x80", ByteName.Escape(exact));
        Assert.True(ByteName.NeedsEscape(exact));
        Assert.False(ByteName.NeedsEscape("plain é"));
        Assert.Equal(exact, ByteName.ExactOf("f\\xffé\\x80"));
    }

    [Theory]
    [InlineData("a\\b")]
    [InlineData("a\\")]
    [InlineData("a\\x4")]
    [InlineData("a\\xZZ")]
    public void RefusesABackslashThatStartsNoEscape(string text) =>
        Assert.False(ByteName.TryUnescape(text, out _, out _));

    [Fact]
    public void WritesHexDigitsOfAPatternAsEscapeDoes() =>
        Assert.Equal("q\\xFF*\\\\xab\\x", ByteName.CanonicalEscapes("q\\xfF*\\\\xab\\x"));
}
