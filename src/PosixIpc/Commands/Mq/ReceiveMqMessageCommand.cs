using System.Text;
using PosixIpc.Mq;

namespace PosixIpc.Commands;

[Cmdlet(VerbsCommunications.Receive, "MqMessage")]
[OutputType(typeof(MqMessage))]
[OutputType(typeof(PSObject))]
public sealed class ReceiveMqMessageCommand : PosixIpcCmdlet
{
    private MqQueue? _queue;

    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(IpcNameCompleter))]
    public string Name { get; set; } = null!;

    /// <summary>How many messages to receive; 1 when not given.</summary>
    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int Count { get; set; } = 1;

    /// <summary>Keep receiving until Ctrl+C (or -TimeoutSec).</summary>
    [Parameter]
    public SwitchParameter Wait { get; set; }

    /// <summary>How long to wait for all the messages; for ever when not given.</summary>
    [Parameter]
    [ValidateRange(0, int.MaxValue)]
    public double TimeoutSec { get; set; }

    /// <summary>Fail at once (MqEmpty) when no message is waiting.</summary>
    [Parameter]
    public SwitchParameter NoWait { get; set; }

    /// <summary>Turns each message, sent with Send-MqMessage -Serialize, back into the object.</summary>
    [Parameter]
    public SwitchParameter Deserialize { get; set; }

    [Parameter]
    [EncodingTransformation]
    [ArgumentCompleter(typeof(EncodingCompleter))]
    public Encoding Encoding { get; set; } = EncodingNames.Default;

    protected override void ProcessRecord()
    {
        TimeSpan? timeout = BoundTimeout(TimeoutSec);
        Deadline deadline = Deadline.After(timeout);
        try
        {
            RunForCommand(() =>
            {
                _queue = MqQueue.Open(Name, MqAccess.Receive);
                byte[] buffer = new byte[_queue.MessageSize];
                var progress = new ProgressThrottle(this, 1, $"Receive-MqMessage: receiving from '{_queue.Name}'");
                for (int received = 0; Wait || received < Count; received++)
                {
                    if (!Wait && Count > 1 && progress.Due)
                    {
                        progress.Report(received, Count, $"Message {received} of {Count}");
                    }

                    int n = _queue.Receive(buffer, out uint priority, NoWait, deadline, timeout, StopToken, received);
                    Deliver(new MqMessage(_queue.Name, priority, buffer.AsSpan(0, n).ToArray(), DateTime.Now, Encoding));
                }

                progress.Complete();
            });
        }
        finally
        {
            _queue?.Dispose();
            _queue = null;
        }
    }

    /// <summary>
    /// Emits a message taken from the queue. When the command is being stopped it cannot be emitted,
    /// so it goes back to the queue (or, when it cannot, is reported with its content); once the
    /// pipeline has taken it, it is delivered, whatever the commands after this one do with it.
    /// </summary>
    private void Deliver(MqMessage message)
    {
        if (Stopping)
        {
            GiveBack(message);
            throw Stopped();
        }

        try
        {
            if (Deserialize)
            {
                WriteDeserialized(message.Text, message, message.Length, $"'{message.Queue}'", ErrorIds.MqNotSerialized, "Send-MqMessage");
            }
            else
            {
                WriteObject(message);
            }
        }
        catch (PipelineStoppedException e) when (!WasPassedOn(e) && !(Deserialize && ReportedAsError))
        {
            GiveBack(message);
            throw;
        }
    }

    private void GiveBack(MqMessage message)
    {
        if (_queue!.GiveBack(message, GiveBackWait) is { } failure)
        {
            ReportWhileStopping(failure);
        }
    }

    /// <summary>How long a message waits for room to go back into a full queue while the command stops.</summary>
    internal static readonly TimeSpan GiveBackWait = TimeSpan.FromMilliseconds(500);

    protected override void Dispose(bool disposing) => _queue?.Dispose();
}
