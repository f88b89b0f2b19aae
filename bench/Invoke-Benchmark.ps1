#!/usr/bin/env pwsh
<#
.SYNOPSIS
    Runs the benchmark of each mechanism (bench/Invoke-<Mechanism>Benchmark.ps1) and writes bench/results.md.
.DESCRIPTION
    Every mechanism has its own script, which measures the module against a C baseline in one run,
    writes its detail table to bench/results-<name>.md and outputs summary rows, objects with the
    properties Mechanism, Measure, Ratio, Goal, Met and Baseline (what the C side does). This runner
    runs the chosen scripts one after another and writes bench/results.md: the summary table of every
    row first, then each script's detail.
.PARAMETER Mechanism
    The mechanisms to run (default: all). A subset leaves the other mechanisms' detail files as they are.
.EXAMPLE
    dotnet pwsh ./build.ps1 Bench -Mechanism Fifo,Socket
#>
[CmdletBinding()]
param(
    # Fifo, Socket, Signal, Mq, Shm, MappedFile, Inventory; a comma list in one argument works too.
    [string[]] $Mechanism = @('Fifo', 'Socket', 'Signal', 'Mq', 'Shm', 'MappedFile', 'Inventory'),
    [string] $OutFile = (Join-Path $PSScriptRoot 'results.md')
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0

$details = [ordered]@{
    Fifo = 'results-fifo.md'; Socket = 'results-sockets.md'; Signal = 'results-signals.md'; Mq = 'results-mq.md'
    Shm = 'results-shm.md'; MappedFile = 'results-mapped.md'; Inventory = 'results-inventory.md'
}
$Mechanism = @($Mechanism -split ',' | ForEach-Object Trim | Where-Object { $_ })
foreach ($m in $Mechanism) {
    if (-not $details.Contains($m)) { throw "Unknown mechanism '$m'. Choose from: $($details.Keys -join ', ')." }
}
$rows = [Collections.Generic.List[object]]::new()
foreach ($m in $Mechanism) {
    Write-Host "== $m"
    foreach ($row in & (Join-Path $PSScriptRoot "Invoke-$($m)Benchmark.ps1")) {
        if ($row.PSObject.Properties['Ratio'] -and $row.PSObject.Properties['Goal']) { $rows.Add($row) }
    }
}

$md = [Text.StringBuilder]::new()
$null = $md.AppendLine('# Benchmark results').AppendLine()
$cpu = @(Get-Content /proc/cpuinfo -ErrorAction Ignore | Where-Object { $_ -match '^model name' } | Select-Object -First 1) -replace '^model name\s*:\s*', ''
$null = $md.AppendLine("Run by ``build.ps1 Bench -Mechanism $($Mechanism -join ',')`` on $((Get-Date).ToString('yyyy-MM-dd HH:mm zzz')); machine: $([Environment]::ProcessorCount) cores ($cpu), Linux $((& uname -r).Trim()), PowerShell $($PSVersionTable.PSVersion), .NET $([Environment]::Version).")
$null = $md.AppendLine('Each ratio is module / C measured side by side in the same run (median of the runs each script states). The machine is shared and noisy: read the ratios, not absolute times.').AppendLine()
$null = $md.AppendLine('| mechanism | measure | ratio | goal | met | the C baseline does |')
$null = $md.AppendLine('|---|---|---:|---|---|---|')
foreach ($r in $rows) {
    $null = $md.AppendLine(('| {0} | {1} | {2:N2} | {3} | {4} | {5} |' -f $r.Mechanism, ($r.Measure -replace '\|', '\|'), $r.Ratio, $r.Goal,
            $(if ($r.Met) { 'yes' } else { 'no' }), ($r.Baseline -replace '\|', '\|')))
}
foreach ($m in $details.Keys) {
    $file = Join-Path $PSScriptRoot $details[$m]
    if (Test-Path -LiteralPath $file) { $null = $md.AppendLine().AppendLine((Get-Content -Raw -LiteralPath $file).TrimEnd()) }
}
Set-Content -LiteralPath $OutFile -Value $md.ToString().TrimEnd() -Encoding utf8NoBOM
Write-Host "Wrote $OutFile"
