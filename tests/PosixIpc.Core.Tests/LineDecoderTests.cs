using System.Collections.Generic;
using System.Text;
using PosixIpc.Text;
using Xunit;

namespace PosixIpc.Tests;

public class LineDecoderTests
{
    private static List<string> Decode(Encoding encoding, params byte[][] pieces)
    {
        var decoder = new LineDecoder(encoding);
        var lines = new List<string>();
        foreach (byte[] piece in pieces)
        {
            decoder.Decode(piece, lines);
        }

        decoder.Finish(lines);
        return lines;
    }

    [Fact]
    public void SplitsAtLineFeedsAndDropsTheCarriageReturnBefore()
    {
        Assert.Equal(new[] { "a", "b", "", "c" }, Decode(Encoding.UTF8, Encoding.UTF8.GetBytes("a\r\nb\n\nc")));
    }

    [Fact]
    public void KeepsACharacterSplitAcrossPieces()
    {
        byte[] euro = Encoding.UTF8.GetBytes("€\n");
        Assert.Equal(new[] { "€" }, Decode(Encoding.UTF8, euro[..1], euro[1..2], euro[2..]));
    }

    [Fact]
    public void KeepsALineSplitAcrossPieces()
    {
        Assert.Equal(new[] { "abcdef", "xyz" }, Decode(Encoding.UTF8, Encoding.UTF8.GetBytes("abc"), Encoding.UTF8.GetBytes("def\nxyz\n")));
    }

    [Fact]
    public void DropsAByteOrderMarkOnlyAtTheStart()
    {
        byte[] bom = { 0xEF, 0xBB, 0xBF };
        List<string> lines = Decode(Encoding.UTF8, bom, Encoding.UTF8.GetBytes("x\n"), bom, Encoding.UTF8.GetBytes("y\n"));
        Assert.Equal(2, lines.Count);
        Assert.Equal("x", lines[0]);
        Assert.Equal("\uFEFFy", lines[1]);
    }

    [Fact]
    public void DecodesOtherEncodings()
    {
        Assert.Equal(new[] { "ü", "ß" }, Decode(Encoding.Latin1, new byte[] { 0xFC, 0x0A, 0xDF }));
        Assert.Equal(new[] { "hi" }, Decode(Encoding.Unicode, Encoding.Unicode.GetBytes("hi\n")));
    }
}
