using System;
using System.Text;
using System.Threading;
using PosixIpc.Events;

namespace PosixIpc.Mq;

/// <summary>
/// A .NET event raised for each message taken from a queue, for PowerShell's event manager
/// (Register-MqMessageEvent). A background thread receives in short timed slices from the moment
/// the first handler is added; when the last handler is removed (Unregister-Event) it stops and closes the queue.
/// A handler that throws, or a receive that fails, is reported (Failed, Failures) and never ends pwsh.
/// </summary>
public sealed class MqMessageEventSource : IpcEventSource<MqMessage>
{
    private readonly MqQueue _queue;
    private readonly Encoding _encoding;
    private readonly CancellationTokenSource _stop = new();
    private Thread? _thread;
    private bool _disposed;

    public MqMessageEventSource(string name, Encoding encoding)
    {
        _queue = MqQueue.Open(name, MqAccess.Receive);
        _encoding = encoding;
        Name = _queue.Name;
    }

    /// <summary>The queue's name.</summary>
    public string Name { get; }

    /// <summary>The last receive failure that ended the thread, if any.</summary>
    public PosixIpcException? Failure { get; private set; }

    protected override string Description => $"the queue '{Name}'";

    protected override bool AcceptsHandlers => !_disposed;

    protected override void OnHandlerAdded(EventHandler<MqMessage> handler, bool first)
    {
        lock (Gate)
        {
            if (_thread == null && !_disposed)
            {
                _thread = new Thread(Run) { IsBackground = true, Name = "PosixIpc mq " + Name };
                _thread.Start();
            }
        }
    }

    protected override void OnLastHandlerRemoved() => Dispose();

    private void Run()
    {
        try
        {
            byte[] buffer = new byte[_queue.MessageSize];
            while (!_stop.IsCancellationRequested)
            {
                int n = _queue.Receive(buffer, out uint priority, false, Deadline.After(null), null, _stop.Token);
                Raise(new MqMessage(Name, priority, buffer.AsSpan(0, n).ToArray(), DateTime.Now, _encoding));
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (PosixIpcException e)
        {
            Failure = e;
            ReportFailure(e);
        }
        catch (Exception e)
        {
            // Nothing may escape this thread: it would end pwsh.
            ReportFailure(new PosixIpcException(ErrorIds.MqReceiveFailed, 0, "mq_timedreceive", Name,
                $"Receiving from the queue '{Name}' for its event subscribers failed: {e.Message} No more events come from it; Unregister-Event and register again.", e));
        }
        finally
        {
            _queue.Dispose();
        }
    }

    public override void Dispose()
    {
        Thread? thread;
        lock (Gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            thread = _thread;
        }

        ClearHandlers();
        _stop.Cancel();
        if (thread == null)
        {
            _queue.Dispose();
        }
        else if (thread != Thread.CurrentThread)
        {
            thread.Join(1000);
        }
    }
}
