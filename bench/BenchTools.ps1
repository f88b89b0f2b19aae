# Shared by the mechanism benchmarks (Invoke-*Benchmark.ps1): dot-source it right after param().
# Sets $root and $manifest, imports the built module, and defines Get-Median, New-BenchDirectory and
# Build-CBaseline.

$root = (Resolve-Path (Join-Path $PSScriptRoot '..')).Path
$manifest = Join-Path $root 'PosixIpc.psd1'
if (-not (Test-Path (Join-Path $root 'bin/PosixIpc.dll'))) { throw "Build the module first: dotnet pwsh ./build.ps1 Build" }
Import-Module $manifest -Force

function Get-Median([double[]] $Values) {
    # The middle of the sorted values (the lower one of the two middles for an even count).
    $sorted = @($Values | Sort-Object)
    $sorted[[int][Math]::Floor(($sorted.Count - 1) / 2)]
}

function New-BenchDirectory([string] $Name) {
    # A directory of this run's own under the temp path, for a script's C baseline and files; the script removes it.
    $dir = Join-Path ([IO.Path]::GetTempPath()) "posixipc-$Name-$PID"
    $null = New-Item -ItemType Directory -Force $dir
    $dir
}

function Build-CBaseline([string] $Source, [string] $Output, [string[]] $Libraries = @()) {
    # Compiles bench/<Source> with gcc -O2 into Output (returned); a failure stops the script.
    & gcc -O2 -o $Output (Join-Path $PSScriptRoot $Source) @Libraries
    if ($LASTEXITCODE -ne 0) { throw "gcc failed on bench/$Source" }
    $Output
}
