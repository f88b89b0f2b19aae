<#
.SYNOPSIS
    Installs the packaged module into an Arm64 PowerShell under qemu-user and runs the smoke test there.
.DESCRIPTION
    What it proves on an x64 machine: an Arm64 process (a linux-arm64 .NET 10 runtime running
    PowerShell 7.6.9, both from NuGet, emulated by Debian's qemu-aarch64-static with Debian's arm64
    glibc) installs PosixIpc with Install-PSResource from out/repository, imports it, loads
    bin/linux-arm64/Tmds.LibC.dll, and runs tests/PackageSmoke.ps1: a FIFO, a queue, a segment and a
    signal, each with a /bin/sh peer, reading st_mode, st_size and mq_attr through arm64 layouts.
    What it does not prove: real arm64 hardware (memory ordering, timing), or any kernel but this one.
    Needs the package (build.ps1 Arm64Smoke runs Package first). When qemu or the arm64 libraries are
    missing it installs them with apt-get as root, and says what to install otherwise.
#>
param(
    [Parameter(Mandatory)][string] $Root,
    [int] $TimeoutSec = 600
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0
. (Join-Path $PSScriptRoot 'BuildTools.ps1')

$sysroot = '/usr/aarch64-linux-gnu'
$debianPackages = 'qemu-user-static', 'libc6-arm64-cross', 'libstdc++6-arm64-cross'
$needed = '/usr/bin/qemu-aarch64-static', "$sysroot/lib/ld-linux-aarch64.so.1", "$sysroot/lib/libstdc++.so.6"

function Install-Prerequisites {
    if (@($needed | Where-Object { -not (Test-Path -LiteralPath $_) }).Count -eq 0) { return }
    if ((id -u) -ne '0') {
        throw "The Arm64 smoke needs $($needed -join ', '): as root, apt-get install $($debianPackages -join ' ')."
    }
    Write-Host "Installing $($debianPackages -join ', ') with apt-get"
    Invoke-Native apt-get update -qq
    $env:DEBIAN_FRONTEND = 'noninteractive'
    Invoke-Native apt-get install -y -qq @debianPackages
}

$started = [Diagnostics.Stopwatch]::StartNew()
$repository = Join-Path $Root 'out/repository'
if (-not (Get-ChildItem -LiteralPath $repository -Filter 'PosixIpc.*.nupkg' -ErrorAction Ignore)) {
    throw "No package in ${repository}: run './build.ps1 Package' first."
}
Install-Prerequisites

# pwsh for linux-arm64: a self-contained publish on Microsoft.PowerShell.SDK (runtime and PowerShell
# from NuGet), plus the built-in modules' manifests, taken from this pwsh (the same 7.6.9 tool package).
$arm64 = Join-Path $Root 'out/arm64'
$hostDir = Join-Path $arm64 'host'
Write-Host 'Publishing a linux-arm64 PowerShell 7.6.9 host (self-contained)'
Invoke-Native dotnet publish (Join-Path $PSScriptRoot 'arm64/Arm64Host.csproj') -c Release -o $hostDir -nologo '-v:quiet'
Remove-Item -LiteralPath (Join-Path $hostDir 'Modules') -Recurse -Force -ErrorAction Ignore
Copy-Item -LiteralPath (Join-Path $PSHOME 'Modules') -Destination $hostDir -Recurse

# A clean home, so the install goes where a new user's would.
$tempHome = Join-Path $arm64 'home'
Remove-Item -LiteralPath $tempHome -Recurse -Force -ErrorAction Ignore
$null = New-Item -ItemType Directory -Path "$tempHome/.local/share", "$tempHome/.config", "$tempHome/.cache"
# Two Arm64 processes: one installs as a new user would; a new one imports by name and runs the smoke.
# (Run in one process, the smoke's first script call after Install-PSResource hits a
# NullReferenceException inside PowerShell's interpreter under emulation; in a new process it does not.)
$install = @"
`$ErrorActionPreference = 'Stop'
Register-PSResourceRepository -Name PosixIpcLocal -Uri '$repository' -Trusted
Install-PSResource -Name PosixIpc -Repository PosixIpcLocal -Scope CurrentUser -TrustRepository -Quiet
(Get-InstalledPSResource PosixIpc).InstalledLocation
"@
$smoke = @"
`$ErrorActionPreference = 'Stop'
Import-Module PosixIpc
& '$(Join-Path $Root 'tests/PackageSmoke.ps1')' -WorkDir '$tempHome/smoke' -SignalDelaySec 10
exit `$LASTEXITCODE
"@

function Invoke-Arm64Pwsh([string] $Name, [string] $Script) {
    $file = Join-Path $tempHome "$Name.ps1"
    Set-Content -LiteralPath $file -Value $Script
    $info = [Diagnostics.ProcessStartInfo]::new('/usr/bin/qemu-aarch64-static')
    foreach ($a in '-L', $sysroot, (Join-Path $hostDir 'pwsh-arm64'), '-NoProfile', '-NonInteractive', '-File', $file) {
        $info.ArgumentList.Add($a)
    }
    $info.UseShellExecute = $false
    $info.WorkingDirectory = $tempHome
    foreach ($pair in @{ HOME = $tempHome; XDG_DATA_HOME = "$tempHome/.local/share"; XDG_CONFIG_HOME = "$tempHome/.config"
            XDG_CACHE_HOME = "$tempHome/.cache"; DOTNET_SYSTEM_GLOBALIZATION_INVARIANT = '1'; POWERSHELL_TELEMETRY_OPTOUT = '1'
        }.GetEnumerator()) {
        $info.Environment[$pair.Key] = $pair.Value
    }
    # Its own module path (its home and its PSHOME), not this x64 pwsh's.
    $null = $info.Environment.Remove('PSModulePath')
    $process = [Diagnostics.Process]::Start($info)
    if (-not $process.WaitForExit($TimeoutSec * 1000)) {
        $process.Kill($true)
        throw "The Arm64 $Name did not end within $TimeoutSec s."
    }
    $process.WaitForExit()
    if ($process.ExitCode -ne 0) {
        throw "The Arm64 $Name failed (exit code $($process.ExitCode)); its output is above."
    }
}

Write-Host 'Installing the package with Install-PSResource in the Arm64 PowerShell under qemu-aarch64-static'
Invoke-Arm64Pwsh install $install
Write-Host 'Importing it in a new Arm64 PowerShell and running tests/PackageSmoke.ps1'
Invoke-Arm64Pwsh smoke $smoke
Write-Host ("Arm64 smoke passed in {0:N0} s: PosixIpc installed, imported and used by an emulated Arm64 PowerShell." -f $started.Elapsed.TotalSeconds)
