#!/usr/bin/env pwsh
<#
.SYNOPSIS
    Signal benchmark: a SIGUSR1 ping-pong between two pwsh processes through the module, against the
    same ping-pong in C (kill + sigwait), and one signal sent with Send-IpcSignal against one sent by
    spawning /usr/bin/kill, the way a pwsh user does it today.
.DESCRIPTION
    Builds bench/signal_pingpong.c with the system compiler, runs everything in one run, shows the
    ratios and a markdown table on the host, writes the table to bench/results-signals.md (or -OutFile),
    and outputs the summary rows (Mechanism, Measure, Ratio, Goal, Met, Baseline) that
    bench/Invoke-Benchmark.ps1 gathers into bench/results.md.
    Run it on a built module: dotnet pwsh ./build.ps1 Build; dotnet pwsh ./bench/Invoke-SignalBenchmark.ps1
    Goals: the pwsh round trip within 3x of C's; Send-IpcSignal at least 10x faster than spawning kill.
#>
[CmdletBinding()]
param(
    # Round trips measured in each ping-pong (after the warm-up).
    [int] $Rounds = 2000,
    [int] $Warmup = 200,
    # Signals sent in the Send-IpcSignal versus spawned kill comparison.
    [int] $Sends = 200,
    # Each ping-pong runs this many times, C and pwsh in turn; the medians are compared.
    [int] $Trials = 3,
    [string] $OutFile = (Join-Path $PSScriptRoot 'results-signals.md')
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0
. (Join-Path $PSScriptRoot 'BenchTools.ps1')

$work = Join-Path ([IO.Path]::GetTempPath()) "posixipc-sigbench-$PID"
$null = New-Item -ItemType Directory -Force $work
try {
    # --- C baseline -------------------------------------------------------------------------------
    $cExe = Join-Path $work 'signal_pingpong'
    & gcc -O2 -o $cExe (Join-Path $PSScriptRoot 'signal_pingpong.c')
    if ($LASTEXITCODE -ne 0) { throw 'gcc failed on bench/signal_pingpong.c' }
    $cRounds = [Math]::Max($Rounds, 10000)
    function Measure-CPingPong {
        $cOut = & $cExe $cRounds 1000
        [double](($cOut -split '=')[1])
    }

    # --- pwsh ping-pong: two processes, each Wait-IpcSignal -Count | Send-IpcSignal -------------------
    # A is kicked once, then A and B answer each other; A times the round trips after the warm-up.
    $total = $Rounds + $Warmup + 1
    $pidFileA = Join-Path $work 'a.pid'; $pidFileB = Join-Path $work 'b.pid'
    $player = @'
param([string] $PeerFile, [int] $Count, [int] $ReplyToLast, [int] $Warmup)
Import-Module '{0}'
while (-not (Test-Path $PeerFile)) {{ Start-Sleep -Milliseconds 10 }}
$peer = [int](Get-Content $PeerFile)
$i = 0; $sw = $null
Wait-IpcSignal USR1 -Count $Count -TimeoutSec 300 | ForEach-Object {{
    $i++
    if ($i -eq $Warmup + 1) {{ $sw = [Diagnostics.Stopwatch]::StartNew() }}
    if ($i -lt $Count -or $ReplyToLast) {{ Send-IpcSignal -Id $peer -Signal USR1 }}
}}
if ($sw) {{ $sw.Elapsed.TotalMilliseconds * 1000 / ($Count - 1 - $Warmup) }}
'@ -f $manifest
    # The goal's ping-pong: each player is the one pipeline Wait-IpcSignal -Count | Send-IpcSignal -Id peer,
    # nothing in between. The round trips are timed from the -PassThru objects (when each reply went).
    # Both players answer every signal; the last answer reaches a player that has stopped catching and
    # started with USR1 ignored (Start-Player), so it is ignored, as it was before.
    $streamPlayer = @'
param([string] $PeerFile, [int] $Count, [int] $ReplyToLast, [int] $Warmup)
Import-Module '{0}'
while (-not (Test-Path $PeerFile)) {{ Start-Sleep -Milliseconds 10 }}
$peer = [int](Get-Content $PeerFile)
$sent = Wait-IpcSignal USR1 -Count $Count -TimeoutSec 300 | Send-IpcSignal -Id $peer -PassThru
if ($ReplyToLast -eq 0) {{ ($sent[-1].Time - $sent[$Warmup].Time).TotalMilliseconds * 1000 / ($Count - 1 - $Warmup) }}
'@ -f $manifest
    # The same ping-pong through the module's Core classes (SignalWaiter, SignalSender), without a
    # cmdlet per signal: what the mechanism costs apart from PowerShell's per-command overhead.
    $corePlayer = @'
param([string] $PeerFile, [int] $Count, [int] $ReplyToLast, [int] $Warmup)
Import-Module '{0}'
$usr1 = [PosixIpc.Signals.SignalTable]::Parse('USR1')
$waiter = [PosixIpc.Signals.SignalWaiter]::new([PosixIpc.Signals.SignalInfo[]]@($usr1))
while (-not (Test-Path $PeerFile)) {{ Start-Sleep -Milliseconds 10 }}
$peer = [int](Get-Content $PeerFile)
$none = [Threading.CancellationToken]::None
$sw = $null
for ($i = 1; $i -le $Count; $i++) {{
    $null = $waiter.Wait($null, $none)
    if ($i -eq $Warmup + 1) {{ $sw = [Diagnostics.Stopwatch]::StartNew() }}
    if ($i -lt $Count -or $ReplyToLast) {{ $null = [PosixIpc.Signals.SignalSender]::Send($peer, $usr1, $null) }}
}}
$waiter.Dispose()
if ($sw) {{ $sw.Elapsed.TotalMilliseconds * 1000 / ($Count - 1 - $Warmup) }}
'@ -f $manifest
    $playerFile = Join-Path $work 'player.ps1'
    Set-Content -Path $playerFile -Value $player
    $streamPlayerFile = Join-Path $work 'stream-player.ps1'
    Set-Content -Path $streamPlayerFile -Value $streamPlayer
    $corePlayerFile = Join-Path $work 'core-player.ps1'
    Set-Content -Path $corePlayerFile -Value $corePlayer
    $exe = [Environment]::ProcessPath
    function Start-Player([string] $PeerFile, [int] $Count, [bool] $ReplyToLast) {
        # Started through sh with USR1 ignored (exec keeps it ignored): a stray last signal is then harmless.
        $info = [Diagnostics.ProcessStartInfo]::new('/bin/sh')
        $pwshArgs = @('-c', 'trap "" USR1; exec "$0" "$@"', $exe, (Join-Path $PSHOME 'pwsh.dll'), '-NoProfile', '-NonInteractive', '-File', $script:currentPlayer)
        foreach ($a in $pwshArgs + @($PeerFile, $Count, $(if ($ReplyToLast) { 1 } else { 0 }), $Warmup)) { $info.ArgumentList.Add([string]$a) }
        $info.RedirectStandardOutput = $true
        $info.UseShellExecute = $false
        [Diagnostics.Process]::Start($info)
    }
    # A receives the kick and total-1 answers; it answers all but its last. B answers everything it gets.
    function Measure-PwshPingPong([string] $PlayerFile, [switch] $BothAnswerAll) {
        $script:currentPlayer = $PlayerFile
        Remove-Item $pidFileA, $pidFileB -ErrorAction Ignore
        $a = Start-Player $pidFileB $total $false
        $b = Start-Player $pidFileA ($(if ($BothAnswerAll) { $total } else { $total - 1 })) $true
        $outA = $a.StandardOutput.ReadToEndAsync()
        Set-Content $pidFileA $a.Id; Set-Content $pidFileB $b.Id
        $sw = [Diagnostics.Stopwatch]::StartNew()
        while (-not (((Get-IpcSignal -Id $a.Id).Caught -contains 'SIGUSR1') -and ((Get-IpcSignal -Id $b.Id).Caught -contains 'SIGUSR1'))) {
            if ($sw.Elapsed.TotalSeconds -gt 60) { $a.Kill(); $b.Kill(); throw 'The ping-pong players did not start.' }
            Start-Sleep -Milliseconds 20
        }
        Send-IpcSignal -Id $a.Id -Signal USR1
        if (-not $a.WaitForExit(600000)) { $a.Kill(); $b.Kill(); throw 'The pwsh ping-pong did not finish.' }
        $null = $b.WaitForExit(10000)
        [double]($outA.GetAwaiter().GetResult().Trim())
    }

    $cSamples = [Collections.Generic.List[double]]::new()
    $pwshSamples = [Collections.Generic.List[double]]::new()
    $coreSamples = [Collections.Generic.List[double]]::new()
    $streamSamples = [Collections.Generic.List[double]]::new()
    foreach ($trial in 1..$Trials) {
        $cSamples.Add((Measure-CPingPong))
        $streamSamples.Add((Measure-PwshPingPong $streamPlayerFile -BothAnswerAll))
        $pwshSamples.Add((Measure-PwshPingPong $playerFile))
        $coreSamples.Add((Measure-PwshPingPong $corePlayerFile))
    }
    $cRoundTripUs = Get-Median $cSamples
    $pwshRoundTripUs = Get-Median $pwshSamples
    $coreRoundTripUs = Get-Median $coreSamples
    $streamRoundTripUs = Get-Median $streamSamples

    # --- one signal: Send-IpcSignal against spawning /usr/bin/kill ------------------------------------
    $target = Start-Process sleep -ArgumentList 600 -PassThru
    try {
        $killExe = (Get-Command kill -CommandType Application)[0].Source
        foreach ($i in 1..10) { & $killExe -s CONT $target.Id; Send-IpcSignal -Id $target.Id -Signal CONT }
        $sw = [Diagnostics.Stopwatch]::StartNew()
        foreach ($i in 1..$Sends) { & $killExe -s CONT $target.Id }
        $spawnUs = $sw.Elapsed.TotalMilliseconds * 1000 / $Sends
        $sw = [Diagnostics.Stopwatch]::StartNew()
        foreach ($i in 1..$Sends) { Send-IpcSignal -Id $target.Id -Signal CONT }
        $sendUs = $sw.Elapsed.TotalMilliseconds * 1000 / $Sends
    }
    finally { $target.Kill() }
}
finally {
    Remove-Item -Recurse -Force $work -ErrorAction Ignore
}

$roundTripRatio = $streamRoundTripUs / $cRoundTripUs
$perCommandRatio = $pwshRoundTripUs / $cRoundTripUs
$spawnRatio = $spawnUs / $sendUs
$coreRatio = $coreRoundTripUs / $cRoundTripUs
Write-Host ("Signal round trip: pwsh (Wait-IpcSignal | Send-IpcSignal, one pipeline) {0:N1} us, C {1:N1} us: {2:N2}x C (goal: within 3x) {3}" -f $streamRoundTripUs, $cRoundTripUs, $roundTripRatio, $(if ($roundTripRatio -le 3) { 'MET' } else { 'NOT MET' }))
Write-Host ("Signal round trip: pwsh (Send-IpcSignal started per signal inside ForEach-Object) {0:N1} us: {1:N2}x C" -f $pwshRoundTripUs, $perCommandRatio)
Write-Host ("Signal round trip: pwsh (module Core classes, no cmdlet per signal) {0:N1} us: {1:N2}x C" -f $coreRoundTripUs, $coreRatio)
Write-Host ("One signal: Send-IpcSignal {0:N1} us, spawning kill {1:N1} us: {2:N1}x faster (goal: at least 10x) {3}" -f $sendUs, $spawnUs, $spawnRatio, $(if ($spawnRatio -ge 10) { 'MET' } else { 'NOT MET' }))

Write-Host "Samples (us): pipeline $(($streamSamples | ForEach-Object { '{0:N1}' -f $_ }) -join ', '); per command $(($pwshSamples | ForEach-Object { '{0:N1}' -f $_ }) -join ', '); Core $(($coreSamples | ForEach-Object { '{0:N1}' -f $_ }) -join ', '); C $(($cSamples | ForEach-Object { '{0:N1}' -f $_ }) -join ', ')"
$cpu = (Get-Content /proc/cpuinfo | Where-Object { $_ -like 'model name*' } | Select-Object -First 1) -replace '^model name\s*:\s*', ''
$table = @"
## Signals

Measured $(Get-Date -Format 'yyyy-MM-dd HH:mm') UTC$((Get-Date).ToString('zzz')) on $([Environment]::ProcessorCount) CPUs ($cpu), PowerShell $($PSVersionTable.PSVersion).

| measurement | module | baseline | ratio | goal |
|---|---:|---:|---:|---|
| SIGUSR1 round trip, two pwsh, each one pipeline `Wait-IpcSignal -Count \| Send-IpcSignal -Id peer` vs C (kill + sigwait), median of $Trials runs of $Rounds rounds | $('{0:N1}' -f $streamRoundTripUs) us | $('{0:N1}' -f $cRoundTripUs) us | $('{0:N2}' -f $roundTripRatio)x C | within 3x: $(if ($roundTripRatio -le 3) { 'met' } else { 'not met' }) |
| SIGUSR1 round trip, two pwsh, `Wait-IpcSignal -Count \| ForEach-Object { Send-IpcSignal ... }` (a command started per signal) | $('{0:N1}' -f $pwshRoundTripUs) us | $('{0:N1}' -f $cRoundTripUs) us | $('{0:N2}' -f $perCommandRatio)x C | (for reference) |
| SIGUSR1 round trip, two pwsh through the Core classes (SignalWaiter.Wait + SignalSender.Send in a loop) vs the same C | $('{0:N1}' -f $coreRoundTripUs) us | $('{0:N1}' -f $cRoundTripUs) us | $('{0:N2}' -f $coreRatio)x C | (for reference) |
| one signal: Send-IpcSignal vs spawning /usr/bin/kill, $Sends sends | $('{0:N1}' -f $sendUs) us | $('{0:N1}' -f $spawnUs) us | $('{0:N1}' -f $spawnRatio)x faster | at least 10x: $(if ($spawnRatio -ge 10) { 'met' } else { 'not met' }) |
"@
Write-Host ''
Write-Host $table
Set-Content -Path $OutFile -Value $table

$pingPongBaseline = 'two C processes block SIGUSR1 and take it with sigwait(3); each turn is kill(2) to the other and sigwait'
[pscustomobject]@{
    Mechanism = 'Signal'; Measure = 'SIGUSR1 round trip, two pwsh, each one pipeline Wait-IpcSignal -Count | Send-IpcSignal -Id peer'
    Ratio = $roundTripRatio; Goal = 'within 3x of C'; Met = ($roundTripRatio -le 3); Baseline = $pingPongBaseline
}
[pscustomobject]@{
    Mechanism = 'Signal'; Measure = 'one signal: Send-IpcSignal, as a speed-up over spawning /usr/bin/kill (spawn time / send time)'
    Ratio = $spawnRatio; Goal = 'at least 10x faster'; Met = ($spawnRatio -ge 10); Baseline = 'pwsh runs /usr/bin/kill -s CONT once per signal, the way a script without the module sends one'
}
