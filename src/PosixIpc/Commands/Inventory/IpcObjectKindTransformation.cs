using System.Collections;
using PosixIpc.Inventory;

namespace PosixIpc.Commands;

/// <summary>
/// Lets -Kind take wildcards ("SysV*"): a text with wildcard characters becomes every kind whose name
/// matches; anything else is left for PowerShell's own enum conversion (and its error for a wrong name).
/// </summary>
internal sealed class IpcObjectKindTransformationAttribute : ArgumentTransformationAttribute
{
    public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
    {
        IEnumerable<object?> items = inputData is IEnumerable e and not string
            ? e.Cast<object?>()
            : new[] { inputData };
        var result = new List<object?>();
        foreach (object? item in items)
        {
            object? value = item is PSObject ps ? ps.BaseObject : item;
            if (value is string text && WildcardPattern.ContainsWildcardCharacters(text))
            {
                var pattern = new WildcardPattern(text, WildcardOptions.IgnoreCase);
                IpcObjectKind[] matches = Enum.GetValues<IpcObjectKind>().Where(k => pattern.IsMatch(k.ToString())).ToArray();
                if (matches.Length == 0)
                {
                    throw new ArgumentTransformationMetadataException(
                        $"'{text}' matches no kind; the kinds are {string.Join(", ", Enum.GetNames<IpcObjectKind>())}.");
                }

                result.AddRange(matches.Cast<object?>());
            }
            else
            {
                result.Add(value);
            }
        }

        return result.ToArray();
    }
}
