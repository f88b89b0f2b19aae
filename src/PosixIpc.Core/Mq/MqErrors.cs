using PosixIpc.Interop;

namespace PosixIpc.Mq;

/// <summary>The failures message-queue operations report, each with its stable ErrorId and a message that says what to do.</summary>
public static class MqErrors
{
    public static PosixIpcException NotFound(string name, string function) =>
        IpcErrors.Failed(IpcMechanism.Mq, ErrorIds.MqNotFound, Errno.ENOENT, function, name, "");

    public static PosixIpcException Exists(string name) =>
        new(ErrorIds.MqExists, Errno.EEXIST, "mq_open", name,
            $"The message queue '{name}' already exists. Use -Force to reuse it as it is, or Remove-MqQueue it first.");


    public static PosixIpcException LimitExceeded(string name, string what, long value, long limit, string sysctl) =>
        new(ErrorIds.MqLimitExceeded, Errno.EINVAL, null, name,
            $"{what} {value} is over the system limit of {limit} (/proc/sys/fs/mqueue/{sysctl}); nothing was created. Use a smaller value, or raise the limit as root: sysctl -w fs.mqueue.{sysctl}={value}.");

    public static PosixIpcException Full(string name, object? unsent) =>
        new(ErrorIds.MqFull, Errno.EAGAIN, "mq_timedsend", name,
            $"The message queue '{name}' is full and -NoWait was given, so the message was not sent (the error's Exception.Unsent holds it). Let a receiver drain the queue, or send with -TimeoutSec to wait for room.")
        { Unsent = unsent, Scope = IpcErrorScope.Item };

    public static PosixIpcException SendTimeout(string name, double seconds, object? unsent) =>
        new(ErrorIds.MqSendTimeout, Errno.ETIMEDOUT, "mq_timedsend", name,
            $"The message queue '{name}' stayed full for {seconds:0.###} s, so the message was not sent (the error's Exception.Unsent holds it). Make sure a receiver takes messages, or raise -TimeoutSec.")
        { Unsent = unsent, Scope = IpcErrorScope.Item };

    public static PosixIpcException Empty(string name) =>
        new(ErrorIds.MqEmpty, Errno.EAGAIN, "mq_timedreceive", name,
            $"The message queue '{name}' is empty and -NoWait was given. Send to it first, or receive without -NoWait to wait.")
        { Scope = IpcErrorScope.Item };

    public static PosixIpcException ReceiveTimeout(string name, double seconds, int received) =>
        new(ErrorIds.MqReceiveTimeout, Errno.ETIMEDOUT, "mq_timedreceive", name,
            $"No message came to the queue '{name}' within {seconds:0.###} s ({received} received before). Start the sender, or raise -TimeoutSec.")
        { Scope = IpcErrorScope.Item };

    /// <param name="length">The message's size, or null when serializing it stopped at the message size.</param>
    public static PosixIpcException TooLarge(string name, long? length, long messageSize, bool serialized, object? unsent)
    {
        string advice = serialized
            ? "Send fewer properties (Select-Object) or a smaller -Depth, or create the queue with a larger -MessageSize."
            : "Send smaller messages, or create the queue with a larger -MessageSize.";
        string what = length is { } n ? $"The message of {n} bytes is" : "The object's CliXml (-Serialize) is";
        string stopped = length == null ? " Serializing it stopped there, so no more of it was made." : "";
        return new(ErrorIds.MqMessageTooLarge, Errno.EMSGSIZE, "mq_timedsend", name,
            $"{what} larger than the queue '{name}' takes (MessageSize {messageSize} bytes); it was not sent (the error's Exception.Unsent holds it).{stopped} {advice}")
        { Unsent = unsent, Scope = IpcErrorScope.Item };
    }

    public static PosixIpcException NotGivenBack(string name, MqMessage message, int errno)
    {
        string why = errno is Errno.EACCES or Errno.EPERM
            ? "this user may not write to the queue"
            : $"the queue stayed full ({Interop.Errno.Name(errno)})";
        return new(ErrorIds.MqMessageNotGivenBack, errno, "mq_timedsend", name,
            $"A message of {message.Length} bytes (priority {message.Priority}) was taken from the queue '{name}' and not delivered, as the command or subscription was stopped, and it could not be put back: {why}. The message is the error's TargetObject (and Exception.Unsent): send it again if it must not be lost.")
        { Unsent = message, Category = IpcErrorCategory.OperationStopped, Scope = IpcErrorScope.Item };
    }

    public static PosixIpcException NotMounted(string mountPoint) =>
        new(ErrorIds.MqNotMounted, Errno.ENOENT, null, mountPoint,
            $"The mqueue file system is not mounted at {mountPoint}, so the queues cannot be listed (an exact -Name still works). Mount it as root: mkdir -p {mountPoint}; mount -t mqueue none {mountPoint}.");

}
