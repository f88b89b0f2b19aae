#!/usr/bin/env pwsh
<#
.SYNOPSIS
    Message-queue benchmark: `1..N | Send-MqMessage` into a queue drained by a C receiver, and
    `Receive-MqMessage -Count N` from a queue filled by a C sender, each against C alone on a queue
    with the same attributes.
.DESCRIPTION
    Builds bench/mq_bench.c with the system compiler, runs everything in one run, prints the ratios
    and a markdown table, and writes the table to bench/results-mq.md (or -OutFile).
    Run it on a built module: dotnet pwsh ./build.ps1 Build; dotnet pwsh ./bench/Invoke-MqBenchmark.ps1
    Goal: at least 0.5 of C's messages per second each way.
    The C side times itself (first call to last); the pwsh side is timed around the pipeline in this
    process, after a warm-up. For receiving, timing starts once the C sender has filled the queue.
#>
[CmdletBinding()]
param(
    [int] $Messages = 100000,
    [int] $Warmup = 2000,
    # Each measurement runs this many times, C and pwsh in turn; the medians are compared.
    [int] $Trials = 3,
    [int] $MessageSize = 128,
    [string] $OutFile = (Join-Path $PSScriptRoot 'results-mq.md')
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0
. (Join-Path $PSScriptRoot 'BenchTools.ps1')

$work = Join-Path ([IO.Path]::GetTempPath()) "posixipc-mqbench-$PID"
$null = New-Item -ItemType Directory -Force $work
$queue = "/posixipc-mqbench-$PID"
try {
    $cExe = Join-Path $work 'mq_bench'
    & gcc -O2 -o $cExe (Join-Path $PSScriptRoot 'mq_bench.c') -lrt
    if ($LASTEXITCODE -ne 0) { throw 'gcc failed on bench/mq_bench.c' }

    $maxMessages = [Math]::Min(10, [long](Get-Content /proc/sys/fs/mqueue/msg_max))
    $null = New-MqQueue $queue -MaxMessages $maxMessages -MessageSize $MessageSize

    function Start-C([string] $Mode, [int] $Count) {
        $info = [Diagnostics.ProcessStartInfo]::new($cExe)
        foreach ($a in $Mode, $queue, $Count) { $info.ArgumentList.Add([string]$a) }
        $info.RedirectStandardOutput = $true
        $info.UseShellExecute = $false
        [Diagnostics.Process]::Start($info)
    }
    function Get-CSeconds($Process) {
        $out = $Process.StandardOutput.ReadToEnd()
        if (-not $Process.WaitForExit(600000) -or $Process.ExitCode -ne 0) { throw "mq_bench failed: $out" }
        [double](($out -split "`n" | Where-Object { $_ -like 'seconds=*' }) -replace 'seconds=', '')
    }
    function Wait-QueueFull {
        $sw = [Diagnostics.Stopwatch]::StartNew()
        while ((Get-MqQueue $queue).CurrentMessages -lt $maxMessages) {
            if ($sw.Elapsed.TotalSeconds -gt 30) { throw 'The C sender did not fill the queue.' }
            Start-Sleep -Milliseconds 5
        }
    }
    # Warm-up: the cmdlets' first runs compile them.
    $drain = Start-C recv $Warmup
    1..$Warmup | Send-MqMessage $queue
    $null = Get-CSeconds $drain
    $fill = Start-C send $Warmup
    $null = Receive-MqMessage $queue -Count $Warmup
    $null = Get-CSeconds $fill

    $cSend = [Collections.Generic.List[double]]::new(); $pwshSend = [Collections.Generic.List[double]]::new()
    $cRecv = [Collections.Generic.List[double]]::new(); $pwshRecv = [Collections.Generic.List[double]]::new()
    for ($t = 1; $t -le $Trials; $t++) {
        # Sending: C alone (timed by the C sender), then pwsh, both drained by the C receiver.
        $drain = Start-C recv $Messages
        $cSend.Add((Get-CSeconds (Start-C send $Messages)))
        $null = Get-CSeconds $drain
        $drain = Start-C recv $Messages
        $sw = [Diagnostics.Stopwatch]::StartNew()
        1..$Messages | Send-MqMessage $queue
        $pwshSend.Add($sw.Elapsed.TotalSeconds)
        $null = Get-CSeconds $drain

        # Receiving: C alone (timed by the C receiver), then pwsh, both filled by the C sender.
        $fill = Start-C send $Messages
        Wait-QueueFull
        $cRecv.Add((Get-CSeconds (Start-C recv $Messages)))
        $null = Get-CSeconds $fill
        $fill = Start-C send $Messages
        Wait-QueueFull
        $sw = [Diagnostics.Stopwatch]::StartNew()
        $got = Receive-MqMessage $queue -Count $Messages
        $pwshRecv.Add($sw.Elapsed.TotalSeconds)
        $null = Get-CSeconds $fill
        if ($got.Count -ne $Messages -or $got[-1].Text -ne "$Messages") { throw "Receive-MqMessage got $($got.Count) messages, the last '$($got[-1].Text)'." }
        $got = $null
    }

    $rows = foreach ($row in @(
            @{ What = "send: ``1..N \| Send-MqMessage`` vs C mq_send, both drained by C mq_receive"; Module = (Get-Median $pwshSend); C = (Get-Median $cSend) }
            @{ What = "receive: ``Receive-MqMessage -Count N`` vs C mq_receive, both filled by C mq_send"; Module = (Get-Median $pwshRecv); C = (Get-Median $cRecv) }
        )) {
        $moduleRate = $Messages / $row.Module
        $cRate = $Messages / $row.C
        $ratio = $moduleRate / $cRate
        [pscustomobject]@{ What = $row.What; ModuleRate = $moduleRate; CRate = $cRate; Ratio = $ratio; Met = $ratio -ge 0.5 }
    }

    $cpu = (Get-Content /proc/cpuinfo | Where-Object { $_ -like 'model name*' } | Select-Object -First 1) -replace '^model name\s*:\s*', ''
    $md = [Text.StringBuilder]::new()
    $null = $md.AppendLine('## POSIX message queues')
    $null = $md.AppendLine()
    $null = $md.AppendLine("Measured $((Get-Date).ToUniversalTime().ToString('yyyy-MM-dd HH:mm')) UTC on $([Environment]::ProcessorCount) CPUs ($cpu), PowerShell $($PSVersionTable.PSVersion). N = $Messages messages of up to 6 bytes (the texts 1..N), queue MaxMessages $maxMessages, MessageSize $MessageSize, median of $Trials runs.")
    $null = $md.AppendLine()
    $null = $md.AppendLine('| measurement | module msg/s | C msg/s | ratio | goal |')
    $null = $md.AppendLine('|---|---:|---:|---:|---|')
    foreach ($r in $rows) {
        $null = $md.AppendLine("| $($r.What) | $($r.ModuleRate.ToString('N0')) | $($r.CRate.ToString('N0')) | $($r.Ratio.ToString('0.00'))x C | at least 0.5x: $(if ($r.Met) { 'met' } else { 'not met' }) |")
    }
    $null = $md.AppendLine()
    $null = $md.AppendLine('- The C side times its own calls, from the first to the last; the pwsh side is timed around the whole pipeline in one process, after a warm-up of ' + $Warmup + ' messages. Receiving starts once the C sender has filled the queue.')
    $null = $md.AppendLine('- Send-MqMessage opens the queue once per pipeline and encodes each item into one reused buffer; Receive-MqMessage reuses one buffer of the queue''s MessageSize and copies each message into its own byte[].')
    foreach ($r in $rows) { Write-Host ("{0}: {1:0.00}x C" -f $r.What, $r.Ratio) }
    Set-Content -LiteralPath $OutFile -Value $md.ToString().TrimEnd() -Encoding utf8NoBOM
    Write-Output $md.ToString()
    Write-Host "Wrote $OutFile"
}
finally {
    Remove-MqQueue $queue -ErrorAction Ignore
    Remove-Item -LiteralPath $work -Recurse -Force -ErrorAction Ignore
}
