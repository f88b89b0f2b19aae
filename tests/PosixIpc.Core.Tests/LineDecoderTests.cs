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

    /// <summary>A UTF-8 decoder that takes lines of at most maxLineLength characters, and the list it decodes into.</summary>
    private static (LineDecoder Decoder, List<string> Lines) Limited(int maxLineLength) =>
        (new LineDecoder(Encoding.UTF8, maxLineLength), new List<string>());

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

    [Fact]
    public void TakesLinesUpToTheMaximumWithTheirCarriageReturnAside()
    {
        var (decoder, lines) = Limited(3);
        decoder.Decode(Encoding.UTF8.GetBytes("abc\r"), lines);
        Assert.False(decoder.Overlong);
        decoder.Decode(Encoding.UTF8.GetBytes("\nxyz\n"), lines);
        decoder.Finish(lines);
        Assert.False(decoder.Overlong);
        Assert.Equal(new[] { "abc", "xyz" }, lines);
    }

    [Fact]
    public void StopsAtALineLongerThanTheMaximumAndKeepsItAndWhatFollowsPending()
    {
        var (decoder, lines) = Limited(4);
        decoder.Decode(Encoding.UTF8.GetBytes("ok\ntoo long\nafter\n"), lines);
        Assert.True(decoder.Overlong);
        Assert.Equal(new[] { "ok" }, lines);
        Assert.Equal("too long\nafter\n", decoder.TakePending());
        Assert.Throws<System.InvalidOperationException>(() => decoder.Decode(new byte[] { 0x41 }, lines));
    }

    [Fact]
    public void HoldsNoMoreThanTheMaximumAndOnePieceOfALineWithoutEnd()
    {
        var (decoder, lines) = Limited(1000);
        byte[] piece = Encoding.UTF8.GetBytes(new string('x', 300));
        int pieces = 0;
        while (!decoder.Overlong)
        {
            decoder.Decode(piece, lines);
            pieces++;
        }

        Assert.Equal(4, pieces);
        Assert.Empty(lines);
        Assert.Equal(1200, decoder.PendingLength);
    }

    [Fact]
    public void WindowTakesNoMoreThanOneCharacterPastTheMaximumOfTheLineBeingDecoded()
    {
        var decoder = new LineDecoder(Encoding.UTF8, maxLineLength: 10);
        var lines = new List<string>();
        byte[] buffer = new byte[64];
        Assert.Equal(11, decoder.Window(buffer).Length);

        decoder.Decode(Encoding.UTF8.GetBytes("ab\ncdef"), lines);
        Assert.Equal(7, decoder.Window(buffer).Length);

        // At the maximum only the one character that decides the line may be taken, never none.
        decoder.Decode(Encoding.UTF8.GetBytes("ghijkl"), lines);
        Assert.Equal(1, decoder.Window(buffer).Length);
        Assert.Equal(64, new LineDecoder(Encoding.UTF8).Window(buffer).Length);
    }
}
