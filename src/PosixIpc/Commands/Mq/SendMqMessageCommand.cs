using System.Collections;
using System.Diagnostics;
using System.Text;
using PosixIpc.Mq;

namespace PosixIpc.Commands;

[Cmdlet(VerbsCommunications.Send, "MqMessage")]
[OutputType(typeof(MqSendResult))]
public sealed class SendMqMessageCommand : PosixIpcCmdlet
{
    private MqQueue? _queue;
    private MessageEncoder? _encoder;
    private Stopwatch? _clock;
    private long _messages;
    private long _bytes;
    private TimeSpan? _timeout;
    private bool _saidWaiting;

    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(IpcNameCompleter))]
    public string Name { get; set; } = null!;

    /// <summary>The message; a collection given by name is sent item by item, as the pipeline would, and a byte[] is one message.</summary>
    [Parameter(Mandatory = true, Position = 1, ValueFromPipeline = true)]
    [AllowNull]
    [AllowEmptyString]
    public object? Value { get; set; }

    /// <summary>Message priority; higher priorities are received first.</summary>
    [Parameter]
    [ValidateRange(0, 32767)]
    public uint Priority { get; set; }

    [Parameter]
    [EncodingTransformation]
    [ArgumentCompleter(typeof(EncodingCompleter))]
    public Encoding Encoding { get; set; } = EncodingNames.Default;

    /// <summary>Sends each object as CliXml, for Receive-MqMessage -Deserialize; serializing stops at the queue's MessageSize (MqMessageTooLarge).</summary>
    [Parameter]
    public SwitchParameter Serialize { get; set; }

    /// <summary>How deep -Serialize goes into properties that are objects themselves.</summary>
    [Parameter]
    [ValidateRange(0, 100)]
    public int Depth { get; set; } = 2;

    /// <summary>How long to wait for room in a full queue, per message.</summary>
    [Parameter]
    [ValidateRange(0, int.MaxValue)]
    public double TimeoutSec { get; set; }

    /// <summary>Fail at once (MqFull) instead of waiting when the queue is full.</summary>
    [Parameter]
    public SwitchParameter NoWait { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void BeginProcessing()
    {
        _timeout = BoundTimeout(TimeoutSec);
        RunForCommand(() =>
        {
            MqQueue queue = MqQueue.Open(Name, MqAccess.Send);
            _queue = queue;
            int size = (int)queue.MessageSize;
            _encoder = new MessageEncoder(Encoding, size, size, Serialize, Depth, terminator: "",
                (item, length) => MqErrors.TooLarge(queue.Name, length, size, Serialize, item));
            _clock = Stopwatch.StartNew();
        });
    }

    protected override void ProcessRecord()
    {
        if (!MessageEncoder.IsCollection(Value, out IEnumerable items))
        {
            SendItem(Value);
            return;
        }

        foreach (object? item in items)
        {
            SendItem(item);
        }
    }

    /// <summary>A message that does not fit or finds the queue full is that item's error; anything else ends the command.</summary>
    private void SendItem(object? item) => RunForCommand(() => SendOne(item));

    private void SendOne(object? item)
    {
        Deadline deadline = Deadline.After(_timeout);
        ReadOnlyMemory<byte> message = _encoder!.Encode(item);
        _queue!.Send(message.Span, Priority, NoWait, deadline, _timeout, StopToken, item, Serialize, SayWaitingForRoom);
        Count(message.Length);
    }

    /// <summary>Says once per command, with -Verbose, that a full queue holds the pipeline up and how to go on.</summary>
    private void SayWaitingForRoom()
    {
        if (_saidWaiting)
        {
            return;
        }

        _saidWaiting = true;
        string until = _timeout is { } t ? $"up to {t.TotalSeconds:0.###} s per message" : "until a receiver takes one or Ctrl+C";
        WriteVerbose($"The message queue '{_queue!.Name}' is full ({_queue.MaxMessages} messages): waiting for room, {until}. " +
            $"A receiver takes messages with Receive-MqMessage {_queue.Name}; -NoWait fails at once instead, -TimeoutSec limits the wait.");
    }

    private void Count(int length)
    {
        _messages++;
        _bytes += length;
    }

    protected override void EndProcessing()
    {
        if (_queue == null)
        {
            return;
        }

        _queue.Dispose();
        if (PassThru)
        {
            WriteObject(new MqSendResult(_queue.Name, _messages, _bytes, _clock!.Elapsed));
        }
    }

    protected override void Dispose(bool disposing) => _queue?.Dispose();
}
