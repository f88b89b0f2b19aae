using PosixIpc.Semaphores;

namespace PosixIpc.Commands;

[Cmdlet(VerbsCommon.New, "IpcSemaphore", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(SemaphoreInfo))]
public sealed class NewIpcSemaphoreCommand() : NewNamedObjectCommand(IpcNameKind.Semaphore)
{
    /// <summary>How many holders it lets in at once: 1 (the default) makes a lock.</summary>
    [Parameter(Position = 1)]
    public long InitialValue { get; set; } = 1;

    protected override string Action => $"Create semaphore with value {InitialValue} and mode {OctalMode}";

    protected override OwnedObject Create(string name)
    {
        using IpcSemaphore semaphore = IpcSemaphore.Create(name, InitialValue, Mode, Force);
        SemaphoreInfo info = semaphore.GetInfo();
        if (!semaphore.Created && info.Value != InitialValue && MyInvocation.BoundParameters.ContainsKey(nameof(InitialValue)))
        {
            WriteWarning($"The semaphore '{name}' already existed with value {info.Value}; -Force reuses it as it is and did not set it to {InitialValue}.");
        }

        return info;
    }
}
