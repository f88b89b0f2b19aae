#!/usr/bin/env pwsh
<#
.SYNOPSIS
    Builds, tests, benchmarks, demonstrates and packages the PosixIpc module.
.DESCRIPTION
    Run it through the pinned PowerShell: dotnet tool restore; dotnet pwsh ./build.ps1 <Task>.
    Build (the default) puts bin/PosixIpc.dll beside PosixIpc.psd1 and writes the help XML.
    Test installs the test prerequisites when root (gcc, python3, socat, util-linux, procps, strace), runs
    the xunit unit tests of PosixIpc.Core and the Pester suite against the built module, and ends
    with "N passed, N failed, N skipped" counting both.
    Demo runs two processes that talk through each mechanism. Bench compares each mechanism with a C
    baseline. Package publishes the module to a local file repository under out/. Arm64Smoke installs
    that package into a linux-arm64 PowerShell run by qemu-user and runs a smoke test there (about
    2 minutes; not part of Test).
#>
[CmdletBinding()]
param(
    [Parameter(Position = 0)]
    [ValidateSet('Build', 'Test', 'Demo', 'Bench', 'Package', 'Arm64Smoke')]
    [string[]] $Task = 'Build',

    [ValidateSet('Release', 'Debug')]
    [string] $Configuration = 'Release',

    # Test: run only the test files whose names match (for example Fifo).
    [string[]] $TestName = '*',

    # Bench: run only these mechanisms' benchmarks (Fifo, Socket, Signal, Mq, Shm, MappedFile, Inventory).
    [string[]] $Mechanism
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0
if ($env:CI -or [Console]::IsOutputRedirected) { $PSStyle.OutputRendering = "PlainText" }
. (Join-Path $PSScriptRoot 'build/BuildTools.ps1')

function Invoke-Build {
    $version = Get-ModuleVersion
    $publish = Join-Path $OutDir 'publish'
    Write-Host "Building PosixIpc $version for $($ShippedRuntimes -join ' and ') ($Configuration)"
    # A portable publish (no -r): AnyCPU assemblies, a deps.json pinned to no RID, and Tmds.LibC under
    # runtimes/<rid>/ for every architecture its package carries.
    Remove-Item -LiteralPath $publish -Recurse -Force -ErrorAction Ignore
    Invoke-Native dotnet publish (Join-Path $Root 'src/PosixIpc/PosixIpc.csproj') -c $Configuration `
        -o $publish "-p:Version=$version" -nologo '-v:quiet'

    $bin = Join-Path $Root 'bin'
    Remove-Item -LiteralPath $bin -Recurse -Force -ErrorAction Ignore
    $null = New-Item -ItemType Directory -Path $bin
    # The module ships its two AnyCPU assemblies; PowerShell's own assemblies come from pwsh.
    foreach ($name in 'PosixIpc.dll', 'PosixIpc.pdb', 'PosixIpc.Core.dll', 'PosixIpc.Core.pdb') {
        Copy-Item -LiteralPath (Join-Path $publish $name) -Destination $bin
    }
    # Tmds.LibC differs per architecture (its structure layouts): one folder per architecture, from which
    # PosixIpc.Core's resolver (ArchitectureAssemblies) loads the process's own at import. No deps.json:
    # PowerShell loads a binary module's dependencies by that resolver, never by a deps.json.
    foreach ($rid in $ShippedRuntimes) {
        $source = Join-Path $publish "runtimes/$rid/lib/netstandard2.0/Tmds.LibC.dll"
        if (-not (Test-Path -LiteralPath $source)) { throw "The publish has no Tmds.LibC for $rid at $source." }
        $null = New-Item -ItemType Directory -Path (Join-Path $bin $rid)
        Copy-Item -LiteralPath $source -Destination (Join-Path $bin $rid)
    }

    Invoke-Pwsh -File (Join-Path $Root 'build/New-HelpXml.ps1') -ModulePath (Join-Path $Root 'PosixIpc.psd1') `
        -SourcePath (Join-Path $Root 'docs/help') -OutputPath (Join-Path $Root 'en-US/PosixIpc.dll-Help.xml')
}

function Invoke-Test {
    # Peers that colour their errors would put ESC bytes into failure messages, which Pester's NUnit
    # report cannot write; no colours from any process the tests start.
    $env:NO_COLOR = '1'
    Install-TestPrerequisites
    $unit = Invoke-UnitTest
    $pester = Get-PesterModule
    Import-Module $pester -Force
    $config = New-PesterConfiguration
    # -TestName Fifo,Signal from bash arrives as one word: split it.
    $names = @($TestName | ForEach-Object { $_ -split ',' } | Where-Object { $_ })
    $config.Run.Path = @(Get-ChildItem (Join-Path $Root 'tests') -Filter '*.Tests.ps1' |
        Where-Object { $n = $_.Name; @($names | Where-Object { $n -like "*$_*" }).Count -gt 0 } |
        ForEach-Object FullName)
    $config.Run.PassThru = $true
    $config.Output.Verbosity = 'Detailed'
    $config.TestResult.Enabled = $true
    $config.TestResult.OutputPath = Join-Path $OutDir 'test-results.xml'
    try {
        $result = Invoke-Pester -Configuration $config
    }
    finally {
        # The copy of pwsh that tests/common.ps1 makes for runs as another user.
        Remove-Item -LiteralPath (Join-Path ([IO.Path]::GetTempPath()) "posixipc-other-user-$PID") -Recurse -Force -ErrorAction Ignore
    }

    Write-FailureSummary -Pester $result -Unit $unit
    # The closing line CI reads: counted from Pester's own result and the unit tests' TRX.
    "Unit tests: $($unit.Passed) passed, $($unit.Failed) failed, $($unit.Skipped) skipped"
    "$($result.PassedCount + $unit.Passed) passed, $($result.FailedCount + $unit.Failed) failed, $($result.SkippedCount + $unit.Skipped) skipped"
    if ($result.FailedCount -gt 0 -or $result.Result -ne 'Passed' -or $unit.Failed -gt 0) {
        exit 1
    }
}

function Invoke-Demo {
    Invoke-Pwsh -File (Join-Path $Root 'examples/Demo.ps1')
}

function Invoke-Bench {
    $subset = if ($Mechanism) { @('-Mechanism', ($Mechanism -join ',')) } else { @() }
    Invoke-Pwsh -File (Join-Path $Root 'bench/Invoke-Benchmark.ps1') @subset
}

function Invoke-Arm64Smoke {
    Invoke-Pwsh -File (Join-Path $Root 'build/Invoke-Arm64Smoke.ps1') -Root $Root
}

function Invoke-Package {
    $version = Get-ModuleVersion
    $stage = Join-Path $OutDir "package/PosixIpc"
    $repo = Join-Path $OutDir 'repository'
    Remove-Item -LiteralPath (Split-Path $stage), $repo -Recurse -Force -ErrorAction Ignore
    $null = New-Item -ItemType Directory -Path $stage, $repo
    foreach ($item in 'PosixIpc.psd1', 'PosixIpc.Format.ps1xml', 'LICENSE', 'README.md', 'bin', 'en-US') {
        Copy-Item -LiteralPath (Join-Path $Root $item) -Destination $stage -Recurse
    }
    # LicenseUri names the LICENSE beside the manifest, a relative URI that NuGet's packer refuses; the
    # package carries that file itself, so the staged manifest goes without the line.
    $manifest = Join-Path $stage 'PosixIpc.psd1'
    $text = [IO.File]::ReadAllText($manifest)
    [IO.File]::WriteAllText($manifest, ($text -replace "(?m)^\s*LicenseUri\s*=\s*'LICENSE'\s*\r?\n", ''))

    # A throw-away repository registration, so the user's own PSResourceGet settings are not touched.
    $name = "PosixIpcLocal$PID"
    Register-PSResourceRepository -Name $name -Uri $repo -Trusted
    try {
        Publish-PSResource -Path $stage -Repository $name
    }
    finally {
        Unregister-PSResourceRepository -Name $name
    }
    Write-Host "Published PosixIpc $version to $repo"
    Get-ChildItem -LiteralPath $repo -Filter *.nupkg | ForEach-Object FullName
}

foreach ($t in $Task) {
    switch ($t) {
        'Build' { Invoke-Build }
        'Test' { Invoke-Build; Invoke-Package; Invoke-Test }
        'Demo' { Invoke-Build; Invoke-Demo }
        'Bench' { Invoke-Build; Invoke-Bench }
        'Package' { Invoke-Build; Invoke-Package }
        'Arm64Smoke' { Invoke-Build; Invoke-Package; Invoke-Arm64Smoke }
    }
}
