using PosixIpc.Inventory;

namespace PosixIpc.Commands;

[Cmdlet(VerbsCommon.Remove, "IpcObject", DefaultParameterSetName = "InputObject",
    SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(IpcObject))]
public sealed class RemoveIpcObjectCommand : PosixIpcCmdlet
{
    /// <summary>Objects from Get-IpcObject.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = "InputObject")]
    [ValidateNotNull]
    public IpcObject[] InputObject { get; set; } = null!;

    /// <summary>The kind of the object to remove.</summary>
    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = "Kind")]
    public IpcObjectKind Kind { get; set; }

    /// <summary>"/name" for POSIX objects, the path for a FIFO, the key (0x%08x) for System V objects (checked against -Id).</summary>
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true, ParameterSetName = "Kind")]
    [ValidateNotNullOrEmpty]
    public string? Name { get; set; }

    /// <summary>The System V identifier (as ipcs and ipcrm show it).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = "Kind")]
    public long? Id { get; set; }

    /// <summary>Emits each removed object.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        if (ParameterSetName == "InputObject")
        {
            foreach (IpcObject o in InputObject)
            {
                Remove(o.Kind, o.Name, o.Id, o.Key, o);
            }
        }
        else
        {
            string? name = Name;
            if (name != null && Kind == IpcObjectKind.Fifo)
            {
                name = ResolveNewPath(name);
            }

            Remove(Kind, name, Id, null, null);
        }
    }

    private void Remove(IpcObjectKind kind, string? name, long? id, string? key, IpcObject? item)
    {
        string target = IpcInventory.Describe(kind, name, id);
        RunForItem(() =>
        {
            if (!IpcInventory.IsRemovable(kind))
            {
                // Refused before ShouldProcess, so -WhatIf does not promise a removal that would not happen.
                IpcInventory.Remove(kind, name, id, key);
            }

            if (!ShouldProcess(target, "Remove"))
            {
                return;
            }

            IpcInventory.Remove(kind, name, id, key, item);
            if (PassThru && item != null)
            {
                WriteObject(item);
            }
        });
    }
}
