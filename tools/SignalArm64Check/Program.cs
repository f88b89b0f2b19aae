// Catches SIGUSR2 and SIGRTMIN+4 with the module's handler, starts the sender given on the command
// line (an argument PID becomes this process's pid), then prints each signal's sender, code and value,
// checks them against what the sender says it is, sends one to itself through a pidfd with a value,
// and reports OK or FAILED. Exit code 0 only when every figure matched.
using System;
using System.Diagnostics;
using System.Linq;
using System.Runtime.InteropServices;
using System.Threading;
using PosixIpc.Signals;

SignalInfo usr2 = SignalTable.Parse("USR2"), rt = SignalTable.Parse("RTMIN+4");
Console.WriteLine($"architecture {RuntimeInformation.ProcessArchitecture}, pid {Environment.ProcessId}");
using var waiter = new SignalWaiter(new[] { usr2, rt });
bool ok = true;

if (args.Length > 0)
{
    var start = new ProcessStartInfo(args[0]) { RedirectStandardOutput = true };
    foreach (string a in args.Skip(1)) start.ArgumentList.Add(a == "PID" ? Environment.ProcessId.ToString() : a);
    using Process sender = Process.Start(start)!;
    string said = sender.StandardOutput.ReadToEnd().Trim();   // pid=N uid=U sent=3 failed=0
    sender.WaitForExit();
    Console.WriteLine($"sender says: {said}; exit code {sender.ExitCode} (reaped: the runtime's SIGCHLD handler still works)");
    int senderPid = int.Parse(said.Split(' ')[0][4..]);
    var values = new System.Collections.Generic.List<int>();
    for (int i = 0; i < 3; i++)
    {
        ReceivedSignal s = waiter.Wait(TimeSpan.FromSeconds(30), CancellationToken.None);
        Console.WriteLine($"received {s.Signal} code {s.Code} from pid {s.SenderProcessId} uid {s.SenderUserId} value {s.Value}");
        ok &= s.Code == "SI_QUEUE" && s.SenderProcessId == senderPid && s.SenderUserId == uint.Parse(said.Split(' ')[1][4..]);
        values.Add(s.Value ?? -1);
    }

    // Every value once; the order is not checked here: qemu-user hands queued real-time signals to the
    // guest last first (the order in which the kernel queues them is checked natively by tests/Signal.Tests.ps1).
    ok &= values.OrderBy(v => v).SequenceEqual(new[] { 500, 501, 502 });
}

SignalSender.Send(Environment.ProcessId, usr2, 4242);
ReceivedSignal self = waiter.Wait(TimeSpan.FromSeconds(30), CancellationToken.None);
Console.WriteLine($"received {self.Signal} code {self.Code} from pid {self.SenderProcessId} value {self.Value} (sent to itself through a pidfd)");
ok &= self.Code == "SI_QUEUE" && self.SenderProcessId == Environment.ProcessId && self.Value == 4242 && waiter.Lost == 0;
Console.WriteLine(ok ? "SIGNALS OK" : "SIGNALS FAILED");
return ok ? 0 : 1;
