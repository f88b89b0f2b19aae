using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Loader;

namespace PosixIpc;

/// <summary>
/// The assemblies whose contents depend on the processor: Tmds.LibC lays its structures out per
/// architecture (st_mode is at offset 24 of struct stat on x64 and 16 on arm64), so the module ships
/// one copy per architecture, in bin/linux-x64/ and bin/linux-arm64/, and none beside PosixIpc.Core.dll.
/// Register makes the load context of PosixIpc.Core resolve them from the folder of the process's
/// architecture; the module calls it when it is imported, before any libc call.
/// </summary>
public static class ArchitectureAssemblies
{
    /// <summary>The runtime identifiers the package carries a folder for.</summary>
    public static readonly string[] Shipped = ["linux-x64", "linux-arm64"];

    /// <summary>The assemblies looked up in the architecture's folder.</summary>
    public static readonly string[] Names = ["Tmds.LibC"];

    private static int s_registered;

    /// <summary>The runtime identifier of this process: linux-x64, linux-arm64, ...</summary>
    public static string RuntimeIdentifier
    {
        get
        {
            string os = RuntimeInformation.IsOSPlatform(OSPlatform.Linux) ? "linux" : RuntimeInformation.OSDescription;
            return os + "-" + RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant();
        }
    }

    /// <summary>The folder the architecture-specific assemblies of this process come from.</summary>
    public static string Folder =>
        Path.Combine(Path.GetDirectoryName(typeof(ArchitectureAssemblies).Assembly.Location) ?? ".", RuntimeIdentifier);

    /// <summary>
    /// Hooks the resolver, once. Throws PlatformNotSupportedException, saying what is shipped, when the
    /// package has no folder for this process's operating system and architecture.
    /// </summary>
    public static void Register()
    {
        string folder = Folder;
        if (!Shipped.Contains(RuntimeIdentifier))
        {
            throw new PlatformNotSupportedException(
                $"PosixIpc runs on {string.Join(" and ", Shipped)}, and this PowerShell is a {RuntimeIdentifier} process " +
                $"({RuntimeInformation.ProcessArchitecture}): the module carries no {string.Join(", ", Names)} for it. " +
                "Use a PowerShell for x64 or Arm64 Linux.");
        }

        string? missing = Names.Select(n => Path.Combine(folder, n + ".dll")).FirstOrDefault(p => !File.Exists(p));
        if (missing is not null)
        {
            throw new PlatformNotSupportedException(
                $"The PosixIpc module is incomplete: {missing}, the {RuntimeIdentifier} assembly this process needs, " +
                "is missing. Reinstall the module (Install-PSResource PosixIpc -Reinstall) or rebuild it (./build.ps1 Build).");
        }

        if (Interlocked.Exchange(ref s_registered, 1) == 0)
        {
            AssemblyLoadContext context = AssemblyLoadContext.GetLoadContext(typeof(ArchitectureAssemblies).Assembly) ?? AssemblyLoadContext.Default;
            context.Resolving += Resolve;
        }
    }

    private static Assembly? Resolve(AssemblyLoadContext context, AssemblyName name)
    {
        if (name.Name is null || !Names.Contains(name.Name))
        {
            return null;
        }

        string path = Path.Combine(Folder, name.Name + ".dll");
        return File.Exists(path) ? context.LoadFromAssemblyPath(path) : null;
    }
}
