using System.Text;
using PosixIpc.SharedMemory;

namespace PosixIpc.Commands;

[Cmdlet(VerbsCommunications.Read, "SharedMemory", DefaultParameterSetName = TextSet)]
[OutputType(typeof(string), ParameterSetName = new[] { TextSet })]
[OutputType(typeof(byte[]), ParameterSetName = new[] { BytesSet })]
public sealed class ReadSharedMemoryCommand : PosixIpcCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(IpcNameCompleter))]
    public string Name { get; set; } = null!;

    [Parameter]
    [ValidateRange(0, long.MaxValue)]
    public long Offset { get; set; }

    /// <summary>Bytes to read; to the end of the segment when omitted.</summary>
    [Parameter]
    [ValidateRange(0, long.MaxValue)]
    public long Count { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = BytesSet)]
    public SwitchParameter AsByteStream { get; set; }

    [Parameter(ParameterSetName = TextSet)]
    [EncodingTransformation]
    [ArgumentCompleter(typeof(EncodingCompleter))]
    public Encoding Encoding { get; set; } = EncodingNames.Default;

    protected override void ProcessRecord()
    {
        RunForItem(() =>
        {
            using SharedMemorySegment segment = SharedMemorySegment.Open(Name, readOnly: true);
            long count = MyInvocation.BoundParameters.ContainsKey(nameof(Count)) ? Count : Math.Max(0, segment.Size - Offset);
            if (count > Array.MaxLength)
            {
                WriteError(new ErrorRecord(
                    new ArgumentException($"{count} bytes do not fit in one array (at most {Array.MaxLength}); read '{segment.Name}' in parts with -Offset and -Count."),
                    ErrorIds.ShmReadTooLarge, ErrorCategory.LimitsExceeded, segment.Name));
                return;
            }

            byte[] bytes = segment.Read(Offset, (int)count);
            if (AsByteStream)
            {
                WriteObject(bytes, enumerateCollection: false);
            }
            else
            {
                WriteObject(Decode(bytes));
            }
        });
    }

    /// <summary>The text up to the first NUL, as C strings end; the zero-filled rest of a segment is not text.</summary>
    private string Decode(byte[] bytes)
    {
        if (Encoding.IsSingleByte || Encoding is UTF8Encoding)
        {
            int end = Array.IndexOf(bytes, (byte)0);
            return Encoding.GetString(bytes, 0, end < 0 ? bytes.Length : end);
        }

        string text = Encoding.GetString(bytes);
        int nul = text.IndexOf('\0');
        return nul < 0 ? text : text.Substring(0, nul);
    }
}
