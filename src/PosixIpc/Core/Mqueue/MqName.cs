namespace PosixIpc.Mqueue;

/// <summary>The rule for queue names (IpcName's rule, with MqInvalidName as its error).</summary>
public static class MqName
{
    public const int MaxBytes = 255;

    /// <summary>The name in "/name" form (a bare name gets the slash); throws MqInvalidName otherwise.</summary>
    public static string Normalize(string? name) => IpcName.Normalize(name, IpcNameKind.MessageQueue);
}
