# Shared by the mechanism benchmarks (Invoke-*Benchmark.ps1): dot-source it right after param().
# Sets $root and $manifest, imports the built module, and defines Get-Median.

$root = (Resolve-Path (Join-Path $PSScriptRoot '..')).Path
$manifest = Join-Path $root 'PosixIpc.psd1'
if (-not (Test-Path (Join-Path $root 'bin/PosixIpc.dll'))) { throw "Build the module first: dotnet pwsh ./build.ps1 Build" }
Import-Module $manifest -Force

function Get-Median([double[]] $Values) {
    # The middle of the sorted values (the lower one of the two middles for an even count).
    $sorted = @($Values | Sort-Object)
    $sorted[[int][Math]::Floor(($sorted.Count - 1) / 2)]
}
