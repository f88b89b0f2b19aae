using System;
using System.Text;
using System.Threading;

namespace PosixIpc.Mq;

/// <summary>
/// A .NET event raised for each message taken from a queue, for PowerShell's event manager
/// (Register-MqMessageEvent). A background thread receives in short timed slices from the moment
/// the first handler is added; when the last handler is removed (Unregister-Event) it stops and closes the queue.
/// </summary>
public sealed class MqMessageEventSource : IDisposable
{
    private readonly object _gate = new();
    private readonly MqQueue _queue;
    private readonly Encoding _encoding;
    private readonly CancellationTokenSource _stop = new();
    private EventHandler<MqMessage>? _handlers;
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

    /// <summary>Raised on the receiving thread for each message; the arguments are the MqMessage.</summary>
    public event EventHandler<MqMessage>? Received
    {
        add
        {
            lock (_gate)
            {
                if (_disposed)
                {
                    return;
                }

                _handlers += value;
                if (_thread == null)
                {
                    _thread = new Thread(Run) { IsBackground = true, Name = "PosixIpc mq " + Name };
                    _thread.Start();
                }
            }
        }

        remove
        {
            bool stop;
            lock (_gate)
            {
                _handlers -= value;
                stop = _handlers == null;
            }

            if (stop)
            {
                Dispose();
            }
        }
    }

    private void Run()
    {
        byte[] buffer = new byte[_queue.MessageSize];
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                int n;
                uint priority;
                try
                {
                    n = _queue.Receive(buffer, out priority, false, Deadline.After(null), null, _stop.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                var message = new MqMessage(Name, priority, buffer.AsSpan(0, n).ToArray(), DateTime.Now, _encoding);
                EventHandler<MqMessage>? handlers;
                lock (_gate)
                {
                    handlers = _handlers;
                }

                handlers?.Invoke(this, message);
            }
        }
        catch (PosixIpcException e)
        {
            Failure = e;
        }
        finally
        {
            _queue.Dispose();
        }
    }

    public void Dispose()
    {
        Thread? thread;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _handlers = null;
            thread = _thread;
        }

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
