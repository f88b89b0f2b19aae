
namespace PosixIpc.Commands;

/// <summary>Lets -Mode take octal text ("0640"), a number, or a UnixFileMode.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class UnixModeTransformationAttribute : ArgumentTransformationAttribute
{
    public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
    {
        object value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
        if (UnixPermissions.TryParse(value, out System.IO.UnixFileMode mode))
        {
            if (((int)mode & ~0x1FF) != 0)
            {
                throw new ArgumentTransformationMetadataException(
                    $"'{value}' sets the setuid, setgid or sticky bit ({UnixPermissions.ToOctal(mode)}), which mean nothing for an IPC object and are refused. Give permission bits only, 0000 to 0777.");
            }

            return mode;
        }

        throw new ArgumentTransformationMetadataException(
            $"'{value}' is not a permission mode. Give octal text such as '0640', or UnixFileMode flags such as 'UserRead, UserWrite'.");
    }
}
