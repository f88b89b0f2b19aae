using System.Collections;
using System.Management.Automation.Language;
using System.Text;

namespace PosixIpc.Commands;

/// <summary>The text encodings -Encoding takes by name, as PowerShell's own cmdlets name them.</summary>
internal static class EncodingNames
{
    public static readonly Encoding Default = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    public static readonly IReadOnlyDictionary<string, Func<Encoding>> Known =
        new Dictionary<string, Func<Encoding>>(StringComparer.OrdinalIgnoreCase)
        {
            ["ascii"] = () => Encoding.ASCII,
            ["bigendianunicode"] = () => new UnicodeEncoding(bigEndian: true, byteOrderMark: true),
            ["bigendianutf32"] = () => new UTF32Encoding(bigEndian: true, byteOrderMark: true),
            ["latin1"] = () => Encoding.Latin1,
            ["unicode"] = () => new UnicodeEncoding(bigEndian: false, byteOrderMark: true),
            ["utf32"] = () => new UTF32Encoding(bigEndian: false, byteOrderMark: true),
            ["utf8"] = () => Default,
            ["utf8BOM"] = () => new UTF8Encoding(encoderShouldEmitUTF8Identifier: true),
            ["utf8NoBOM"] = () => Default,
        };
}

/// <summary>Lets -Encoding take a name (utf8, latin1 ...), a code page number, or an Encoding.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class EncodingTransformationAttribute : ArgumentTransformationAttribute
{
    public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
    {
        object value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
        switch (value)
        {
            case Encoding encoding:
                return encoding;
            case int codePage:
                return Encoding.GetEncoding(codePage);
            case string name when EncodingNames.Known.TryGetValue(name, out var make):
                return make();
            case string name:
                try
                {
                    return Encoding.GetEncoding(name);
                }
                catch (ArgumentException)
                {
                    throw new ArgumentTransformationMetadataException(
                        $"'{name}' is not an encoding. Use one of {string.Join(", ", EncodingNames.Known.Keys)}, a code page number, or an Encoding object.");
                }

            default:
                return inputData;
        }
    }
}

/// <summary>Tab completion of encoding names.</summary>
public sealed class EncodingCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters) =>
        EncodingNames.Known.Keys
            .Where(name => name.StartsWith(wordToComplete ?? string.Empty, StringComparison.OrdinalIgnoreCase))
            .Select(name => new CompletionResult(name, name, CompletionResultType.ParameterValue, name));
}
