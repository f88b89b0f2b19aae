# The packaged module: build.ps1 Package publishes it to a local file repository under out/; here it
# is installed from there with Install-PSResource into a temporary home and imported by name.

BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $script:repository = Join-Path $RepoRoot 'out/repository'
    $script:rid = 'linux-' + "$([Runtime.InteropServices.RuntimeInformation]::ProcessArchitecture)".ToLowerInvariant()

    function Invoke-InCleanHome {
        # Runs a script in a fresh pwsh whose HOME (and XDG folders) is a new, empty directory.
        param([Parameter(Mandatory)][string] $Script, [Parameter(Mandatory)][string] $TempHome)
        # .NET reports a data folder only once it exists; without it PSResourceGet writes into the current directory.
        $null = New-Item -ItemType Directory -Force "$TempHome/.local/share", "$TempHome/.config", "$TempHome/.cache"
        $exe, $dll = Get-PwshCommand
        Push-Location $TempHome
        try {
            & env "HOME=$TempHome" "XDG_DATA_HOME=$TempHome/.local/share" "XDG_CONFIG_HOME=$TempHome/.config" "XDG_CACHE_HOME=$TempHome/.cache" `
                $exe $dll -NoProfile -NonInteractive -Command $Script 2>&1 | ForEach-Object { "$_" }
        }
        finally { Pop-Location }
    }

    $script:installScript = @"
`$ErrorActionPreference = 'Stop'
Register-PSResourceRepository -Name TestLocal -Uri '$repository' -Trusted
Install-PSResource -Name PosixIpc -Repository TestLocal -Scope CurrentUser -TrustRepository -Quiet
"@

    function Get-PackageEntries {
        $nupkg = Get-ChildItem -LiteralPath $repository -Filter 'PosixIpc.*.nupkg' | Select-Object -First 1
        $zip = [IO.Compression.ZipFile]::OpenRead($nupkg.FullName)
        try { @($zip.Entries | ForEach-Object FullName) } finally { $zip.Dispose() }
    }

    function Get-NuGetTmdsLibC([string] $Rid) {
        $cache = $env:NUGET_PACKAGES
        if (-not $cache) { $cache = ((dotnet nuget locals global-packages --list | Select-Object -Last 1) -replace '^global-packages:\s*', '').Trim() }
        Join-Path $cache "tmds.libc/0.5.0/runtimes/$Rid/lib/netstandard2.0/Tmds.LibC.dll"
    }
}

Describe 'The published package' {
    It 'was published by the Package task' {
        @(Get-ChildItem -LiteralPath $repository -Filter 'PosixIpc.*.nupkg').Count | Should -Be 1
    }

    It 'carries Tmds.LibC for linux-x64 and linux-arm64 in their own folders, none beside the module, and no deps.json' {
        $entries = Get-PackageEntries
        $entries | Should -Contain 'bin/linux-x64/Tmds.LibC.dll'
        $entries | Should -Contain 'bin/linux-arm64/Tmds.LibC.dll'
        $entries | Should -Not -Contain 'bin/Tmds.LibC.dll'
        @($entries | Where-Object { $_ -like '*.deps.json' }) | Should -BeNullOrEmpty
        foreach ($r in 'linux-x64', 'linux-arm64') {
            (Get-FileHash (Join-Path $RepoRoot "bin/$r/Tmds.LibC.dll")).Hash |
                Should -Be (Get-FileHash (Get-NuGetTmdsLibC $r)).Hash -Because "bin/$r holds the $r assembly of the NuGet package"
        }
        (Get-FileHash (Join-Path $RepoRoot 'bin/linux-x64/Tmds.LibC.dll')).Hash |
            Should -Not -Be (Get-FileHash (Join-Path $RepoRoot 'bin/linux-arm64/Tmds.LibC.dll')).Hash
    }

    It 'has AnyCPU assemblies of its own: <_>' -ForEach 'PosixIpc.dll', 'PosixIpc.Core.dll' {
        $stream = [IO.File]::OpenRead((Join-Path $RepoRoot "bin/$_"))
        try {
            $pe = [Reflection.PortableExecutable.PEReader]::new($stream)
            $pe.PEHeaders.CoffHeader.Machine | Should -Be 'I386'
            $flags = $pe.PEHeaders.CorHeader.Flags
            $flags.HasFlag([Reflection.PortableExecutable.CorFlags]::ILOnly) | Should -BeTrue
            $flags.HasFlag([Reflection.PortableExecutable.CorFlags]::Requires32Bit) | Should -BeFalse
            $pe.Dispose()
        }
        finally { $stream.Dispose() }
    }

    It 'installs with Install-PSResource into a fresh home, imports by name and works' {
        $tempHome = New-TestPath home
        $fifo = New-TestPath fifo
        $script = @"
$installScript
Import-Module PosixIpc
`$m = Get-Module PosixIpc
`$m.ModuleBase
`$m.Version.ToString()
(Get-Command -Module PosixIpc).Count
(New-IpcFifo '$fifo').Permissions
(Get-Help New-IpcFifo).Synopsis
"@
        $out = Invoke-InCleanHome -Script $script -TempHome $tempHome
        $LASTEXITCODE | Should -Be 0 -Because ($out | Out-String)
        $out[0] | Should -BeLike "$tempHome/*"
        $out[1] | Should -Be (Import-PowerShellDataFile $ModuleManifest).ModuleVersion
        $out[2] | Should -Be ((Import-PowerShellDataFile $ModuleManifest).CmdletsToExport.Count)
        $out[3] | Should -Be 'prw-------'
        $out[4] | Should -Not -BeNullOrEmpty
    }

    It 'loads the Tmds.LibC of this machine''s architecture from the install, and a FIFO, queue, segment and signal work' {
        $tempHome = New-TestPath home
        $smoke = Join-Path $PSScriptRoot 'PackageSmoke.ps1'
        $out = Invoke-InCleanHome -TempHome $tempHome -Script "$installScript`nImport-Module PosixIpc`n& '$smoke' -WorkDir '$tempHome/smoke'`nexit `$LASTEXITCODE"
        $LASTEXITCODE | Should -Be 0 -Because ($out | Out-String)
        $out | Should -Contain 'smoke passed'
        $out | Should -Contain "ok Tmds.LibC loaded from: $tempHome/.local/share/powershell/Modules/PosixIpc/$((Import-PowerShellDataFile $ModuleManifest).ModuleVersion)/bin/$rid/Tmds.LibC.dll"
        # One "ok" line for each check the smoke script makes: none skipped.
        $checks = @(Select-String -LiteralPath $smoke -Pattern '^\s*Assert-Equal ').Count
        $checks | Should -BeGreaterThan 10
        @($out | Where-Object { $_ -like 'ok *' }).Count | Should -Be $checks
    }

    It 'refuses to import, saying what is missing, when the folder of this architecture is not there' {
        $tempHome = New-TestPath home
        $script = @"
$installScript
`$base = (Get-InstalledPSResource PosixIpc).InstalledLocation
`$copy = Join-Path '$tempHome' 'broken/PosixIpc'
Copy-Item -Recurse (Join-Path `$base 'PosixIpc/*') `$copy
Remove-Item -Recurse (Join-Path `$copy 'bin/$rid')
try { Import-Module (Join-Path `$copy 'PosixIpc.psd1') -ErrorAction Stop; 'imported' }
catch { `$_.Exception.GetType().Name; `$_.Exception.Message }
[bool](Get-Module PosixIpc)
"@
        $out = Invoke-InCleanHome -Script $script -TempHome $tempHome
        $LASTEXITCODE | Should -Be 0 -Because ($out | Out-String)
        $out[0] | Should -Be 'PlatformNotSupportedException'
        $out[1] | Should -BeLike "*$tempHome/broken/PosixIpc/bin/$rid/Tmds.LibC.dll*is missing*Reinstall*"
        $out[2] | Should -Be 'False'
    }
}

Describe 'The manifest' {
    BeforeAll { $script:data = Import-PowerShellDataFile $ModuleManifest }

    It 'claims the PowerShell that is tested (7.6, the pinned 7.6.9)' {
        $data.PowerShellVersion | Should -Be '7.6'
        $tool = Get-Content -Raw (Join-Path $RepoRoot '.config/dotnet-tools.json') | ConvertFrom-Json
        $tool.tools.powershell.version | Should -BeLike '7.6.*'
    }

    It 'points LicenseUri at the LICENSE in the repository and has release notes for this version' {
        $data.PrivateData.PSData.LicenseUri | Should -Be 'LICENSE'
        Test-Path -LiteralPath (Join-Path $RepoRoot $data.PrivateData.PSData.LicenseUri) | Should -BeTrue
        $data.PrivateData.PSData.ReleaseNotes | Should -BeLike "$($data.ModuleVersion)*"
    }
}
