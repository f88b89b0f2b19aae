# The packaged module: build.ps1 Package publishes it to a local file repository under out/; here it
# is installed from there with Install-PSResource into a temporary home and imported by name.

BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $script:repository = Join-Path $RepoRoot 'out/repository'
}

Describe 'The published package' {
    It 'was published by the Package task' {
        @(Get-ChildItem -LiteralPath $repository -Filter 'PosixIpc.*.nupkg').Count | Should -Be 1
    }

    It 'installs with Install-PSResource into a fresh home, imports by name and works' {
        $tempHome = New-TestPath home
        # .NET reports a data folder only once it exists; without it PSResourceGet writes into the current directory.
        $null = New-Item -ItemType Directory "$tempHome/.local/share", "$tempHome/.config", "$tempHome/.cache"
        $fifo = New-TestPath fifo
        $script = @"
`$ErrorActionPreference = 'Stop'
Register-PSResourceRepository -Name TestLocal -Uri '$repository' -Trusted
Install-PSResource -Name PosixIpc -Repository TestLocal -Scope CurrentUser -TrustRepository -Quiet
Import-Module PosixIpc
`$m = Get-Module PosixIpc
`$m.ModuleBase
`$m.Version.ToString()
(Get-Command -Module PosixIpc).Count
(New-IpcFifo '$fifo').Permissions
(Get-Help New-IpcFifo).Synopsis
"@
        $exe, $dll = Get-PwshCommand
        Push-Location $tempHome
        try {
            $out = & env "HOME=$tempHome" "XDG_DATA_HOME=$tempHome/.local/share" "XDG_CONFIG_HOME=$tempHome/.config" "XDG_CACHE_HOME=$tempHome/.cache" `
                $exe $dll -NoProfile -NonInteractive -Command $script 2>&1
        }
        finally { Pop-Location }
        $LASTEXITCODE | Should -Be 0 -Because ($out | Out-String)
        $out[0] | Should -BeLike "$tempHome/*"
        $out[1] | Should -Be (Import-PowerShellDataFile $ModuleManifest).ModuleVersion
        $out[2] | Should -Be ((Import-PowerShellDataFile $ModuleManifest).CmdletsToExport.Count)
        $out[3] | Should -Be 'prw-------'
        $out[4] | Should -Not -BeNullOrEmpty
    }
}
