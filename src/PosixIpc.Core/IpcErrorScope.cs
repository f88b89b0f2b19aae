namespace PosixIpc;

/// <summary>How much of a command a failure ends.</summary>
public enum IpcErrorScope
{
    /// <summary>The cmdlet decides: per item it ends that item, for the whole command it ends the command.</summary>
    Context,

    /// <summary>The failure concerns one item (one message, one object); the command goes on with the next.</summary>
    Item,

    /// <summary>Nothing more can be done (the peer is gone, the object cannot be opened); the command ends.</summary>
    Command,
}
