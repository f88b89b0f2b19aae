using System.Management.Automation;

namespace PosixIpc;

/// <summary>
/// Runs when Import-Module loads PosixIpc.dll, before any cmdlet: picks the architecture-specific
/// assemblies (bin/linux-x64 or bin/linux-arm64) for this process, or fails the import saying which
/// architectures the package carries.
/// </summary>
public sealed class ModuleInitializer : IModuleAssemblyInitializer
{
    public void OnImport() => ArchitectureAssemblies.Register();
}
