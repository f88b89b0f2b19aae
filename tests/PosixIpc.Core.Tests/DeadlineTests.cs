using System;
using System.Threading;
using PosixIpc;
using Xunit;

namespace PosixIpc.Tests;

public class DeadlineTests
{
    [Fact]
    public void WithoutATimeoutNeverPassesAndWaitsInWholeSlices()
    {
        Deadline d = Deadline.After(null);
        Assert.True(d.IsInfinite);
        Assert.False(d.HasPassed);
        Assert.Equal(Deadline.SliceMs, d.NextSliceMs());
    }

    [Fact]
    public void ShortensTheLastSliceAndThenHasPassed()
    {
        Deadline d = Deadline.After(TimeSpan.FromMilliseconds(30));
        Assert.InRange(d.NextSliceMs(), 0, 30);
        Thread.Sleep(60);
        Assert.True(d.HasPassed);
        Assert.Equal(0, d.NextSliceMs());
    }

    [Fact]
    public void AZeroTimeoutHasPassedAtOnce() => Assert.True(Deadline.After(TimeSpan.Zero).HasPassed);
}
