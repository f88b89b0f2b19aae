using System;
using System.Threading;
using System.Runtime.InteropServices;
using PosixIpc.Signals;
using Xunit;

namespace PosixIpc.Tests;

/// <summary>
/// The signalfd route, made certain: a signal sent to this thread while this thread blocks it can reach
/// neither the handler (no other thread may take a thread's own signal) nor anyone but a signalfd read
/// on this thread. So the wait must take it through its signalfd, decoded from signalfd_siginfo.
/// Across processes the route is a race (see Signal.Tests.ps1); here it is not.
/// </summary>
public sealed class SignalFdRouteTests
{
    private const int SigBlock = 0;
    private const int SigSetMask = 2;
    private const int SiQueue = -1;

    [Fact]
    public void TakesASignalThatOnlyItsSignalFdCanReadWithSenderAndValue()
    {
        // SIGRTMIN itself is the runtime's activation signal; +5 has SIG_DFL, so the dispatcher uses its signalfd.
        SignalInfo signal = SignalTable.FromNumber(Interop.Signal.RtMin + 5)!;
        using var waiter = new SignalWaiter([signal]);
        long byHandler = SignalWaiter.TakenByHandler;
        long bySignalFd = SignalWaiter.TakenBySignalFd;

        ulong[] block = new ulong[16];
        ulong[] previous = new ulong[16];
        block[0] = 1UL << (signal.Number - 1);
        Assert.Equal(0, pthread_sigmask(SigBlock, block, previous));
        try
        {
            Assert.Equal(0, pthread_sigqueue(pthread_self(), signal.Number, 4711));
            ReceivedSignal received = waiter.Wait(TimeSpan.FromSeconds(10), CancellationToken.None);

            Assert.Equal(signal.Number, received.Number);
            Assert.Equal(SiQueue, received.CodeNumber);
            Assert.Equal(Environment.ProcessId, received.SenderProcessId);
            Assert.Equal(getuid(), received.SenderUserId);
            Assert.Equal(4711, received.Value);
            Assert.Equal(bySignalFd + 1, SignalWaiter.TakenBySignalFd);
            Assert.Equal(byHandler, SignalWaiter.TakenByHandler);
        }
        finally
        {
            Assert.Equal(0, pthread_sigmask(SigSetMask, previous, null));
        }

        // Read once: unblocked, nothing is left for the handler to hand out a second time.
        var error = Assert.Throws<PosixIpcException>(() => waiter.Wait(TimeSpan.FromMilliseconds(200), CancellationToken.None));
        Assert.Equal("SignalWaitTimeout", error.ErrorId);
        Assert.Equal(byHandler, SignalWaiter.TakenByHandler);
    }

    // pthread_sigmask and pthread_sigqueue return the error number itself, not -1 and errno.
    [DllImport("libc")]
    private static extern int pthread_sigmask(int how, ulong[] set, ulong[]? oldSet);

    [DllImport("libc")]
    private static extern nuint pthread_self();

    [DllImport("libc")]
    private static extern int pthread_sigqueue(nuint thread, int sig, nint value);

    [DllImport("libc")]
    private static extern uint getuid();
}
