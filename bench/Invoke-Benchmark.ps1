#!/usr/bin/env pwsh
<#
.SYNOPSIS
    Runs the benchmark of each mechanism (bench/Invoke-<Mechanism>Benchmark.ps1) and writes bench/results.md.
.DESCRIPTION
    Every mechanism has its own script, which measures the module against a C baseline in one run,
    writes its detail table to bench/results-<name>.md and outputs summary rows, objects with the
    properties Mechanism, Measure, Ratio, Goal, Met and Baseline (what the C side does), and Why: for a
    row that misses its goal, the measured reason and the next step, in a sentence or two (the long
    story goes into the script's detail). This runner runs the chosen scripts one after another and
    writes bench/results.md: the summary table of every row first, then each script's detail.
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
# The properties of a summary row; anything else a script outputs is not a row.
$rowShape = 'Mechanism', 'Measure', 'Ratio', 'Goal', 'Met', 'Baseline'
# What the table says for a row below its goal whose script gives no Why.
$noWhy = 'the script gives no reason yet'
$rows = [Collections.Generic.List[object]]::new()
foreach ($m in $Mechanism) {
    Write-Host "== $m"
    $given = 0
    $why = 'no summary row: the script output none; see its detail below'
    try {
        foreach ($row in & (Join-Path $PSScriptRoot "Invoke-$($m)Benchmark.ps1")) {
            if ($null -ne $row -and @($rowShape | Where-Object { -not $row.PSObject.Properties[$_] }).Count -eq 0) { $rows.Add($row); $given++ }
        }
    }
    catch {
        # One mechanism's failure must not cost the others' figures: say it in the summary and go on.
        Write-Warning "The $m benchmark failed: $_"
        $why = "no summary row: the script failed ($($_.Exception.Message -replace '\s+', ' '))"
        $given = 0
    }
    if ($given -eq 0) {
        $rows.Add([pscustomobject]@{ Mechanism = $m; Measure = $why; Ratio = [double]::NaN; Goal = ''; Met = $false; Baseline = 'see the detail below'; Why = 'see the detail below' })
    }
}

$md = [Text.StringBuilder]::new()
$null = $md.AppendLine('# Benchmark results').AppendLine()
$cpu = @(Get-Content /proc/cpuinfo -ErrorAction Ignore | Where-Object { $_ -match '^model name' } | Select-Object -First 1) -replace '^model name\s*:\s*', ''
$null = $md.AppendLine("Run by ``build.ps1 Bench -Mechanism $($Mechanism -join ',')`` on $((Get-Date).ToString('yyyy-MM-dd HH:mm zzz')); machine: $([Environment]::ProcessorCount) cores ($cpu), Linux $((& uname -r).Trim()), PowerShell $($PSVersionTable.PSVersion), .NET $([Environment]::Version).")
$null = $md.AppendLine('Each ratio is the module''s speed over the baseline''s (above 1: the module is faster), both measured in the same run, median of the runs each script states; then what the baseline does and, for a goal not met, the measured reason and the next step. The machine is shared and noisy: read the ratios, not absolute times. Each mechanism''s detail follows the table.').AppendLine()
$null = $md.AppendLine('| mechanism | measure | ratio | goal | met | the C baseline does | not met: why, next step |')
$null = $md.AppendLine('|---|---|---:|---|---|---|---|')
foreach ($r in $rows) {
    $ratio = if ([double]::IsNaN([double]$r.Ratio)) { '' } else { '{0:N2}' -f [double]$r.Ratio }
    $met = if ([double]::IsNaN([double]$r.Ratio)) { '' } elseif ($r.Met) { 'yes' } else { 'no' }
    $whyNot = if ($r.Met) { '' } elseif ($r.PSObject.Properties['Why'] -and $r.Why) { $r.Why } else { $noWhy }
    $null = $md.AppendLine(('| {0} | {1} | {2} | {3} | {4} | {5} | {6} |' -f $r.Mechanism, ($r.Measure -replace '\|', '\|'), $ratio, $r.Goal,
            $met, ($r.Baseline -replace '\|', '\|'), ($whyNot -replace '\|', '\|')))
}
foreach ($m in $details.Keys) {
    $file = Join-Path $PSScriptRoot $details[$m]
    if (Test-Path -LiteralPath $file) { $null = $md.AppendLine().AppendLine((Get-Content -Raw -LiteralPath $file).TrimEnd()) }
}
Set-Content -LiteralPath $OutFile -Value $md.ToString().TrimEnd() -Encoding utf8NoBOM
Write-Host "Wrote $OutFile"
