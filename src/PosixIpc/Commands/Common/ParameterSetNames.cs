namespace PosixIpc.Commands;

/// <summary>
/// The parameter-set names more than one cmdlet uses, in one place: the text and byte forms of the
/// cmdlets that read or write bytes, each with a -LiteralPath twin, and the path sets.
/// </summary>
public abstract partial class PosixIpcCmdlet
{
    protected const string TextSet = "Text";
    protected const string BytesSet = "Bytes";
    protected const string LiteralTextSet = "LiteralText";
    protected const string LiteralBytesSet = "LiteralBytes";
    protected const string PathSet = "Path";

    /// <summary>The parameter set of -LiteralPath where a cmdlet has Path and LiteralPath sets.</summary>
    protected const string LiteralPathSet = "LiteralPath";
}
