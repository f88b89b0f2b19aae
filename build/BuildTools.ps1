# Helpers for build.ps1: where things are, how to run dotnet and a child pwsh, where Pester comes from.

$script:Root = Split-Path -Parent $PSScriptRoot
$script:OutDir = Join-Path $Root 'out'
$script:PesterVersion = '5.7.1'
# The architectures the package carries; ArchitectureAssemblies.Shipped in PosixIpc.Core names the same.
$script:ShippedRuntimes = 'linux-x64', 'linux-arm64'

function Invoke-Native {
    # Runs a native command and stops the build when it fails.
    $command, $arguments = $args
    & $command @arguments
    if ($LASTEXITCODE -ne 0) {
        throw "'$command $($arguments -join ' ')' failed with exit code $LASTEXITCODE."
    }
}

function Invoke-Pwsh {
    # Runs a script in a fresh pwsh of the same version, so nothing loaded here leaks into it.
    param([Parameter(Mandatory)][string] $File, [Parameter(ValueFromRemainingArguments)] $Rest)
    Invoke-Native ([Environment]::ProcessPath) (Join-Path $PSHOME 'pwsh.dll') -NoProfile -NonInteractive -File $File @Rest
}

function Get-ModuleVersion {
    (Import-PowerShellDataFile (Join-Path $Root 'PosixIpc.psd1')).ModuleVersion
}

function Get-PesterModule {
    # Pester comes from its NuGet package, which carries the module under tools/.
    Invoke-Native dotnet restore (Join-Path $Root 'build/tools.proj') "-p:PesterVersion=$PesterVersion" -nologo '-v:quiet'
    $cache = $env:NUGET_PACKAGES
    if (-not $cache) {
        $line = dotnet nuget locals global-packages --list | Select-Object -Last 1
        $cache = ($line -replace '^global-packages:\s*', '').Trim()
    }
    $manifest = Join-Path $cache "pester/$PesterVersion/tools/Pester.psd1"
    if (-not (Test-Path -LiteralPath $manifest)) {
        throw "Pester $PesterVersion was restored but $manifest is missing."
    }
    $manifest
}
