#!/usr/bin/env pwsh
<#
.SYNOPSIS
    Shared-memory benchmark: Write-SharedMemory and Read-SharedMemory of 512 MiB against C's memcpy
    into and out of the same kind of mapping, and against Python's multiprocessing.shared_memory.
.DESCRIPTION
    Builds bench/shm_bench.c with the system compiler and runs C, the module and Python in turn, in
    one run. Every side copies twice and the second copy is timed, into and out of pages already
    touched: on a virtual machine the first touch of fresh memory also costs the hypervisor's faults,
    which vary from run to run and would swamp the copy being measured. Prints the ratios and a markdown table, and writes it to
    bench/results-shm.md (or -OutFile). Goal: at least 0.7 of C, and faster than Python.
    Each side is timed around the copy alone: C and Python inside their process, the cmdlets in this
    process around the one command (opening, bounds checks and mapping included).
#>
[CmdletBinding()]
param(
    [long] $Size = 512MB,
    [int] $Trials = 3,
    [string] $OutFile = (Join-Path $PSScriptRoot 'results-shm.md')
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0
. (Join-Path $PSScriptRoot 'BenchTools.ps1')

$work = Join-Path ([IO.Path]::GetTempPath()) "posixipc-shmbench-$PID"
$null = New-Item -ItemType Directory -Force $work
$segment = "/posixipc-shmbench-$PID"
$python = @'
import sys, time
from multiprocessing import shared_memory, resource_tracker
name, size = sys.argv[1], int(sys.argv[2])
data = bytes((i * 31 + 7) & 0xFF for i in range(256)) * (size // 256)
shm = shared_memory.SharedMemory(name=name, create=True, size=size)
shm.buf[:size] = data
t0 = time.perf_counter(); shm.buf[:size] = data; t1 = time.perf_counter()
copy = bytes(shm.buf[:size]); copy = None
t2 = time.perf_counter(); copy = bytes(shm.buf[:size]); t3 = time.perf_counter()
assert copy == data
print(f"write_seconds={t1 - t0:.6f}"); print(f"read_seconds={t3 - t2:.6f}")
shm.close(); shm.unlink()
'@
try {
    $cExe = Join-Path $work 'shm_bench'
    & gcc -O2 -o $cExe (Join-Path $PSScriptRoot 'shm_bench.c') -lrt
    if ($LASTEXITCODE -ne 0) { throw 'gcc failed on bench/shm_bench.c' }
    $pyFile = Join-Path $work 'shm_bench.py'
    Set-Content -LiteralPath $pyFile -Value $python

    function Read-Seconds([string[]] $Lines, [string] $Key) {
        [double](($Lines | Where-Object { $_ -like "$Key=*" }) -replace "$Key=", '')
    }
    $data = [byte[]]::new($Size)
    for ($i = 0; $i -lt 256; $i++) { $data[$i] = [byte](($i * 31 + 7) -band 0xFF) }
    for ($filled = 256; $filled -lt $Size; $filled *= 2) {
        [Array]::Copy($data, 0, $data, $filled, [Math]::Min($filled, $Size - $filled))
    }

    # Warm-up: the cmdlets' first runs compile them.
    $null = New-SharedMemory $segment 1MB
    Write-SharedMemory $segment -Value $data[0..1023] -AsByteStream
    $null = Read-SharedMemory $segment -AsByteStream
    Remove-SharedMemory $segment

    $results = @{ CW = @(); CR = @(); PW = @(); PR = @(); MW = @(); MR = @() }
    for ($t = 1; $t -le $Trials; $t++) {
        $c = & $cExe $segment $Size
        if ($LASTEXITCODE -ne 0) { throw "shm_bench failed: $c" }
        $results.CW += Read-Seconds $c 'write_seconds'; $results.CR += Read-Seconds $c 'read_seconds'

        $py = & python3 $pyFile $segment.TrimStart('/') $Size
        if ($LASTEXITCODE -ne 0) { throw "Python failed: $py" }
        $results.PW += Read-Seconds $py 'write_seconds'; $results.PR += Read-Seconds $py 'read_seconds'

        $null = New-SharedMemory $segment $Size
        try {
            Write-SharedMemory $segment -Value $data -AsByteStream
            $copy = Read-SharedMemory $segment -AsByteStream
            $copy = $null
            $sw = [Diagnostics.Stopwatch]::StartNew()
            Write-SharedMemory $segment -Value $data -AsByteStream
            $results.MW += $sw.Elapsed.TotalSeconds
            $sw.Restart()
            $copy = Read-SharedMemory $segment -AsByteStream
            $results.MR += $sw.Elapsed.TotalSeconds
            if ($copy.Length -ne $Size -or -not [Linq.Enumerable]::SequenceEqual([byte[]]$copy, $data)) { throw 'The module read back other bytes.' }
            $copy = $null
        }
        finally { Remove-SharedMemory $segment }
    }

    $mib = $Size / 1MB
    $rows = foreach ($dir in @(@{ Name = 'write'; C = 'CW'; P = 'PW'; M = 'MW'; Cmd = 'Write-SharedMemory -Value $bytes -AsByteStream' },
                               @{ Name = 'read'; C = 'CR'; P = 'PR'; M = 'MR'; Cmd = 'Read-SharedMemory -AsByteStream' })) {
        $c = Get-Median $results[$dir.C]; $p = Get-Median $results[$dir.P]; $m = Get-Median $results[$dir.M]
        [pscustomobject]@{
            Direction = $dir.Name; Command = $dir.Cmd
            CMiBs = $mib / $c; ModuleMiBs = $mib / $m; PythonMiBs = $mib / $p
            RatioToC = $c / $m; TimesPython = $p / $m
        }
    }
    foreach ($r in $rows) {
        '{0,-6} module {1,8:N0} MiB/s  C {2,8:N0} MiB/s  Python {3,8:N0} MiB/s  -> {4:N2} of C, {5:N2}x Python' -f `
            $r.Direction, $r.ModuleMiBs, $r.CMiBs, $r.PythonMiBs, $r.RatioToC, $r.TimesPython
    }

    $md = [Text.StringBuilder]::new()
    $null = $md.AppendLine('# Shared memory benchmark results').AppendLine()
    $null = $md.AppendLine("Generated by ``bench/Invoke-ShmBenchmark.ps1`` on $((Get-Date).ToString('yyyy-MM-dd HH:mm zzz')): $mib MiB into and out of a POSIX shared memory segment, median of $Trials. Each side copies twice and the second copy is timed (memory already touched). C: memcpy into and out of the mmap (bench/shm_bench.c); module: one Write-SharedMemory / Read-SharedMemory command each, open and bounds checks included; Python: multiprocessing.shared_memory, ``shm.buf[:] = data`` and ``bytes(shm.buf)``. Goal: at least 0.7 of C and faster than Python.").AppendLine()
    $null = $md.AppendLine('| direction | module command | module MiB/s | C MiB/s | Python MiB/s | module / C | module / Python |')
    $null = $md.AppendLine('|---|---|---:|---:|---:|---:|---:|')
    foreach ($r in $rows) {
        $null = $md.AppendLine(('| {0} | `{1}` | {2:N0} | {3:N0} | {4:N0} | {5:N2} | {6:N2}x |' -f $r.Direction, $r.Command, $r.ModuleMiBs, $r.CMiBs, $r.PythonMiBs, $r.RatioToC, $r.TimesPython))
    }
    $md.ToString() | Set-Content -LiteralPath $OutFile
    $md.ToString()
}
finally {
    Remove-SharedMemory $segment -ErrorAction Ignore
    Remove-Item -LiteralPath $work -Recurse -Force -ErrorAction Ignore
}
