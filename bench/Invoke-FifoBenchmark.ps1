#!/usr/bin/env pwsh
<#
.SYNOPSIS
    FIFO benchmark: the PosixIpc cmdlets against a C baseline, in one run.
.DESCRIPTION
    Compiles bench/fifo_bench.c with gcc -O2 into out/bench/, then pushes bytes through a FIFO:

      C writer       -> C reader          the baseline (1 MiB pipe buffer, as the module's writer asks
                                          for; and, for reference, the kernel's default 64 KiB pipe)
      Write-IpcFifo  -> C reader          write direction (pwsh writes, C reads)
      C writer       -> Read-IpcFifo      read direction (C writes, pwsh reads)
      Set-Content    -> C reader          what a pwsh user does today, on a smaller size
      C writer       -> Get-Content       likewise
      C writer       -> Read-IpcFifo -AsByteStream -OutFile   against a C reader that write(2)s each read to a file
      Write-IpcFifo -InFile -> C reader   against a C writer that read(2)s the file and write(2)s it

    Every pwsh peer is a separate process started with the built module imported. Every time is taken
    by the C peer, so pwsh start-up and module import are never measured:
      - when C reads: from the return of the first read(2) that delivered data to EOF;
      - when C writes: from the return of its blocking open(2) (the pwsh reader has opened the FIFO) to
        the return of close(2) after the last write(2).
    The ratio module/C compares like with like: the write direction is divided by the C->C run timed by
    the C reader, the read direction by the same runs timed by the C writer. Each figure is the median
    of -Runs runs; rounds interleave the mechanisms so that noise on a shared machine spreads evenly.

    Prints one line per mechanism and a markdown table, and writes the table to bench/results-fifo.md.
.PARAMETER SizeMB
    MiB pushed through the FIFO by the C baseline and the module cmdlets.
.PARAMETER TodaySizeMB
    MiB for Set-Content / Get-Content (slow), scaled to MB/s.
.PARAMETER SlowSizeMB
    MiB for a module variant that a 16 MiB probe shows would need more than -MaxSecondsPerRun at
    -SizeMB (for example when byte[] chunks are unrolled into single bytes).
#>
[CmdletBinding()]
param(
    [ValidateRange(1, 1048576)][int] $SizeMB = 1024,
    [ValidateRange(1, 1048576)][int] $TodaySizeMB = 64,
    [ValidateRange(1, 1048576)][int] $SlowSizeMB = 16,
    [ValidateRange(1, 99)][int] $Runs = 3,
    [ValidateRange(1, 86400)][int] $MaxSecondsPerRun = 60,
    # Every process of one measurement is killed when the measurement takes longer than this.
    [ValidateRange(5, 86400)][int] $TimeoutSec = 300,
    [string] $ModulePath = (Join-Path (Split-Path -Parent $PSScriptRoot) 'PosixIpc.psd1'),
    [string] $OutFile = (Join-Path $PSScriptRoot 'results-fifo.md')
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0
. (Join-Path $PSScriptRoot 'BenchTools.ps1')

$Root = Split-Path -Parent $PSScriptRoot
$BinDir = Join-Path $Root 'out/bench'
$Exe = Join-Path $BinDir 'fifo_bench'
$MiB = 1048576
$PipeSize = 1048576   # what FifoWriter.PreferredPipeSize asks for; the C writer asks for the same
$SplicePiece = 65536  # what FifoReader.CopyToFile splices a call (SplicePiece); the C splice reader does the same

# --- build the C baseline --------------------------------------------------------------------------
$null = New-Item -ItemType Directory -Path $BinDir -Force
$gcc = (Get-Command gcc -CommandType Application -ErrorAction Stop | Select-Object -First 1).Source
& $gcc -O2 -Wall -Wextra -o $Exe (Join-Path $PSScriptRoot 'fifo_bench.c')
if ($LASTEXITCODE -ne 0) { throw "gcc failed with exit code $LASTEXITCODE." }
$ModulePath = (Resolve-Path -LiteralPath $ModulePath).Path

# --- how to start a child pwsh (the same one running this script) ----------------------------------
$PwshFile = [Environment]::ProcessPath
$PwshPrefix = @()
if ([IO.Path]::GetFileNameWithoutExtension($PwshFile) -eq 'dotnet') { $PwshPrefix = @(Join-Path $PSHOME 'pwsh.dll') }

# --- the pwsh peers ---------------------------------------------------------------------------------
# Each prints one "key=value ..." line. The chunk is a 1 MiB byte[] made once and emitted N times: the
# cheapest honest source of bytes in a script, so what is measured is the cmdlet, not the producer.
$WriterPeer = @'
param([string] $ModulePath, [string] $Path, [long] $Bytes, [string] $Variant, [string] $File)
$ErrorActionPreference = 'Stop'
Import-Module $ModulePath
$chunk = [byte[]]::new(1048576)
[Random]::new(1).NextBytes($chunk)
$count = [long]($Bytes / $chunk.Length)
switch ($Variant) {
    'Chunks' {
        # The natural form: emit the byte[] as one pipeline object.
        $r = & { foreach ($i in 1..$count) { , $chunk } } | Write-IpcFifo -Path $Path -AsByteStream -PassThru -TimeoutSec 60
        "pwsh bytes=$($r.Bytes) items=$($r.Items) seconds=$($r.Elapsed.TotalSeconds)"
    }
    'Wrapped' {
        # The same chunks, each wrapped in a one-element object[] so that it binds to -Value as is.
        $r = & { foreach ($i in 1..$count) { , (, $chunk) } } | Write-IpcFifo -Path $Path -AsByteStream -PassThru -TimeoutSec 60
        "pwsh bytes=$($r.Bytes) items=$($r.Items) seconds=$($r.Elapsed.TotalSeconds)"
    }
    'InFile' {
        $r = Write-IpcFifo -Path $Path -InFile $File -PassThru -TimeoutSec 60
        "pwsh bytes=$($r.Bytes) items=$($r.Items) seconds=$($r.Elapsed.TotalSeconds)"
    }
    'SetContent' {
        $sw = [Diagnostics.Stopwatch]::StartNew()
        & { foreach ($i in 1..$count) { , $chunk } } | Set-Content -LiteralPath $Path -AsByteStream
        "pwsh bytes=$Bytes items=$count seconds=$($sw.Elapsed.TotalSeconds)"
    }
}
'@

$ReaderPeer = @'
param([string] $ModulePath, [string] $Path, [string] $Variant, [string] $File)
$ErrorActionPreference = 'Stop'
Import-Module $ModulePath
$n = 0L; $items = 0L; $sw = $null
switch ($Variant) {
    'OutFile' {
        $r = Read-IpcFifo -Path $Path -AsByteStream -OutFile $File -PassThru -TimeoutSec 60
        $n = (Get-Item -LiteralPath $File).Length; $items = 1
    }
    { $_ -in 'ReadIpcFifo', 'ReadWarm' } {
        if ($Variant -eq 'ReadWarm') {
            # The same pipeline on 64 MiB from another FIFO first, so that the measured one runs compiled.
            $warm = "$Path.warm"
            $null = New-IpcFifo -Path $warm
            $feed = [Diagnostics.ProcessStartInfo]::new('/bin/sh')
            foreach ($a in '-c', 'head -c 67108864 /dev/zero > "$1"', 'sh', $warm) { $feed.ArgumentList.Add($a) }
            $feeder = [Diagnostics.Process]::Start($feed)
            $w = 0L
            Read-IpcFifo -Path $warm -AsByteStream -TimeoutSec 60 | ForEach-Object { $w += $_.Length }
            $feeder.WaitForExit()
            Remove-IpcFifo -Path $warm
        }
        Read-IpcFifo -Path $Path -AsByteStream -TimeoutSec 60 |
            ForEach-Object { if ($null -eq $sw) { $sw = [Diagnostics.Stopwatch]::StartNew() }; $n += $_.Length; $items++ }
    }
    'GetContent' {
        Get-Content -LiteralPath $Path -AsByteStream -ReadCount 1048576 |
            ForEach-Object { if ($null -eq $sw) { $sw = [Diagnostics.Stopwatch]::StartNew() }; $n += $_.Length; $items++ }
    }
}
"pwsh bytes=$n items=$items seconds=$(if ($sw) { $sw.Elapsed.TotalSeconds } else { 0 })"
'@

# --- process helpers ---------------------------------------------------------------------------------
function Start-Peer {
    param([string] $Name, [string] $File, [string[]] $Arguments)
    $psi = [Diagnostics.ProcessStartInfo]::new($File)
    foreach ($a in $Arguments) { $psi.ArgumentList.Add([string]$a) }
    $psi.RedirectStandardOutput = $true
    $psi.RedirectStandardError = $true
    $psi.UseShellExecute = $false
    $psi.Environment['NO_COLOR'] = '1'
    $p = [Diagnostics.Process]::Start($psi)
    [pscustomobject]@{ Name = $Name; Process = $p; Out = $p.StandardOutput.ReadToEndAsync(); Err = $p.StandardError.ReadToEndAsync() }
}

function Start-CPeer([string] $Name, [string[]] $Arguments) { Start-Peer $Name $Exe $Arguments }

function Start-PwshPeer([string] $Name, [string] $Script, [string[]] $Arguments) {
    Start-Peer $Name $PwshFile (@($PwshPrefix) + @('-NoProfile', '-NonInteractive', '-File', $Script) + $Arguments)
}

function Wait-Peers {
    # Waits for all peers until one deadline; kills whatever is left. Returns each peer's parsed line.
    param([object[]] $Peers)
    $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSec)
    $failed = @()
    foreach ($peer in $Peers) {
        $ms = [Math]::Max(0, [int]($deadline - [DateTime]::UtcNow).TotalMilliseconds)
        if (-not $peer.Process.WaitForExit($ms)) {
            $failed += "$($peer.Name) did not finish within $TimeoutSec s"
        }
    }
    foreach ($peer in $Peers) {
        if (-not $peer.Process.HasExited) {
            try { $peer.Process.Kill($true) } catch { }
            $null = $peer.Process.WaitForExit(5000)
        }
    }
    $result = @{}
    foreach ($peer in $Peers) {
        $out = if ($peer.Out.Wait(5000)) { $peer.Out.Result } else { '' }
        $err = if ($peer.Err.Wait(5000)) { $peer.Err.Result } else { '' }
        if ($peer.Process.HasExited -and $peer.Process.ExitCode -ne 0) {
            $failed += "$($peer.Name) exited with $($peer.Process.ExitCode)"
        }
        if ($err.Trim()) { $failed += "$($peer.Name): $($err.Trim())" }
        $values = @{}
        $line = @($out -split "`n" | Where-Object { $_ -match '\bbytes=' } | Select-Object -Last 1)
        if ($line.Count -gt 0 -and $line[0]) {
            foreach ($m in [regex]::Matches($line[0], '(\w+)=(\S*)')) { $values[$m.Groups[1].Value] = $m.Groups[2].Value }
        }
        $result[$peer.Name] = $values
        $peer.Process.Dispose()
    }
    if ($failed) { throw ($failed -join '; ') }
    $result
}

# --- one measurement per mechanism -----------------------------------------------------------------
function New-Fifo {
    $path = Join-Path $WorkDir ("f{0}" -f [guid]::NewGuid().ToString('N').Substring(0, 8))
    & mkfifo -m 600 $path
    if ($LASTEXITCODE -ne 0) { throw "mkfifo $path failed." }
    $path
}

function Measure-CtoC([long] $Bytes, [int] $Pipe, [string] $ReaderFile, [string] $WriterFile, [int] $SplicePiece) {
    # With ReaderFile the C reader writes what it reads into it (with SplicePiece: splice(2)s it there);
    # with WriterFile the C writer sends that file.
    $f = New-Fifo
    try {
        $r = Start-CPeer 'reader' (@('read', $f) + $(if ($ReaderFile) { '-o', $ReaderFile }) + $(if ($SplicePiece) { '-s', $SplicePiece }))
        $w = Start-CPeer 'writer' (@('write', $f, $Bytes, '-p', $Pipe) + $(if ($WriterFile) { '-i', $WriterFile }))
        $res = Wait-Peers @($r, $w)
        Assert-Bytes $res.reader $Bytes 'C reader'
        [pscustomobject]@{ Bytes = $Bytes; ReaderSeconds = [double]$res.reader.seconds; WriterSeconds = [double]$res.writer.seconds; Pipe = [int]$res.writer.pipe }
    }
    finally { Remove-Item -LiteralPath $f -Force -ErrorAction Ignore }
}

function Measure-PwshWrite([long] $Bytes, [string] $Variant) {
    # pwsh writes, C reads and keeps the time (first byte to EOF).
    $f = New-Fifo
    try {
        $readerArgs = @('read', $f)
        if ($Variant -eq 'SetContent') { $readerArgs += @('-r', '1') }
        $r = Start-CPeer 'reader' $readerArgs
        $w = Start-PwshPeer 'writer' $WriterScript @($ModulePath, $f, $Bytes, $Variant, $SourceFile)
        $res = Wait-Peers @($r, $w)
        Assert-Bytes $res.reader $Bytes 'C reader'
        [pscustomobject]@{ Bytes = $Bytes; Seconds = [double]$res.reader.seconds; Items = $res.writer['items']; PwshSeconds = $res.writer['seconds']; Pipe = $res.reader.pipe }
    }
    finally { Remove-Item -LiteralPath $f -Force -ErrorAction Ignore }
}

function Measure-PwshRead([long] $Bytes, [string] $Variant) {
    # C writes (asking for the same 1 MiB pipe the module's writer asks for) and keeps the time.
    $f = New-Fifo
    try {
        $r = Start-PwshPeer 'reader' $ReaderScript @($ModulePath, $f, $Variant, $SinkFile)
        $w = Start-CPeer 'writer' @('write', $f, $Bytes, '-p', $PipeSize)
        $res = Wait-Peers @($r, $w)
        Assert-Bytes $res.reader $Bytes 'pwsh reader'
        [pscustomobject]@{ Bytes = $Bytes; Seconds = [double]$res.writer.seconds; Items = $res.reader['items']; PwshSeconds = $res.reader['seconds']; Pipe = $res.writer.pipe }
    }
    finally { Remove-Item -LiteralPath $f -Force -ErrorAction Ignore }
}

function Assert-Bytes($values, [long] $Expected, [string] $Who) {
    if (-not $values.ContainsKey('bytes') -or [long]$values.bytes -ne $Expected) {
        throw "$Who got $(if ($values.ContainsKey('bytes')) { $values.bytes } else { 'no' }) bytes, expected $Expected."
    }
}

function Get-MBps([long] $Bytes, [double] $Seconds) { if ($Seconds -gt 0) { $Bytes / $MiB / $Seconds } else { [double]::NaN } }

# --- the run ----------------------------------------------------------------------------------------
$WorkDir = Join-Path ([IO.Path]::GetTempPath()) ("posixipc-bench-{0}" -f [guid]::NewGuid().ToString('N').Substring(0, 8))
$null = New-Item -ItemType Directory -Path $WorkDir
& chmod 700 $WorkDir
try {
    $WriterScript = Join-Path $WorkDir 'WriterPeer.ps1'
    $ReaderScript = Join-Path $WorkDir 'ReaderPeer.ps1'
    Set-Content -LiteralPath $WriterScript -Value $WriterPeer
    Set-Content -LiteralPath $ReaderScript -Value $ReaderPeer
    # The files of the -OutFile / -InFile rows: a source of -SizeMB random bytes, and a sink.
    $SourceFile = Join-Path $WorkDir 'source.bin'
    $SinkFile = Join-Path $WorkDir 'sink.bin'

    $big = [long]$SizeMB * $MiB
    $today = [long]$TodaySizeMB * $MiB

    # A probe decides whether the natural byte[] form can do -SizeMB in reasonable time.
    $probeBytes = [long][Math]::Min($SizeMB, 16) * $MiB
    Write-Host "Probing Write-IpcFifo -AsByteStream with $($probeBytes / $MiB) MiB of 1 MiB byte[] chunks..."
    $probe = Measure-PwshWrite $probeBytes 'Chunks'
    $probeMBps = Get-MBps $probe.Bytes $probe.Seconds
    $chunksBytes = $big
    if ($SizeMB / $probeMBps -gt $MaxSecondsPerRun) {
        $chunksBytes = [long][Math]::Min($SizeMB, $SlowSizeMB) * $MiB
        Write-Host ("  {0:N1} MB/s, {1} pipeline items for {2} chunks: {3} MiB would take ~{4:N0} s a run; measuring {5} MiB instead." -f `
                $probeMBps, $probe.Items, ($probeBytes / $MiB), $SizeMB, ($SizeMB / $probeMBps), ($chunksBytes / $MiB))
    }

    & bash -c "head -c $big /dev/urandom > '$SourceFile'"
    $cases = [ordered]@{
        CtoC        = { Measure-CtoC $big $PipeSize }
        CtoFile     = { Measure-CtoC $big $PipeSize $SinkFile }
        CtoFileSplice = { Measure-CtoC $big $PipeSize $SinkFile -SplicePiece $SplicePiece }
        FileToC     = { Measure-CtoC $big $PipeSize '' $SourceFile }
        OutFile     = { Measure-PwshRead $big 'OutFile' }
        InFile      = { Measure-PwshWrite $big 'InFile' }
        CtoC64K     = { Measure-CtoC $big 0 }
        WriteChunks = { Measure-PwshWrite $chunksBytes 'Chunks' }
        Read        = { Measure-PwshRead $big 'ReadIpcFifo' }
        ReadWarm    = { Measure-PwshRead $big 'ReadWarm' }
        SetContent  = { Measure-PwshWrite $today 'SetContent' }
        GetContent  = { Measure-PwshRead $today 'GetContent' }
    }
    if ($chunksBytes -lt $big) {
        # The natural form is too slow to run in full: show what the write path does once a chunk binds as one item.
        $cases.Insert(3, 'WriteWrap', { Measure-PwshWrite $big 'Wrapped' })
    }
    $samples = @{}
    foreach ($k in @($cases.Keys)) { $samples[$k] = [Collections.Generic.List[object]]::new() }
    for ($round = 1; $round -le $Runs; $round++) {
        foreach ($k in $cases.Keys) {
            Write-Host ("Round {0}/{1}: {2,-12}" -f $round, $Runs, $k) -NoNewline
            $m = & $cases[$k]
            $samples[$k].Add($m)
            $secs = if ($m.PSObject.Properties['Seconds']) { $m.Seconds } else { $m.ReaderSeconds }
            Write-Host (" {0,8:N1} MB/s ({1} MiB in {2:N3} s{3})" -f (Get-MBps $m.Bytes $secs), ($m.Bytes / $MiB), $secs,
                $(if ($m.PSObject.Properties['Items'] -and $m.Items) { ", $($m.Items) pipeline items" } else { '' }))
        }
    }

    function Get-CaseMBps([string] $Key, [string] $Clock = 'Seconds') {
        Get-Median @($samples[$Key] | ForEach-Object { Get-MBps $_.Bytes $_.$Clock })
    }
    $cRead = Get-CaseMBps 'CtoC' 'ReaderSeconds'     # C timed by the C reader: the write direction's yardstick
    $cWrite = Get-CaseMBps 'CtoC' 'WriterSeconds'    # C timed by the C writer: the read direction's yardstick
    $c64Read = Get-CaseMBps 'CtoC64K' 'ReaderSeconds'
    $items = $samples['WriteChunks'][0].Items
    $chunkCount = $chunksBytes / $MiB

    $rows = @(
        [pscustomobject]@{ Direction = 'baseline'; Mechanism = 'C write(2) -> C read(2), 64 KiB default pipe (reference)'; SizeMiB = $SizeMB; Module = $c64Read; C = $cRead; Clock = 'C reader' }
        [pscustomobject]@{ Direction = 'write'; Mechanism = "Write-IpcFifo -AsByteStream, 1 MiB byte[] chunks (``,`$chunk``; $items pipeline items for $chunkCount chunks) -> C reader"; SizeMiB = $chunksBytes / $MiB; Module = (Get-CaseMBps 'WriteChunks'); C = $cRead; Clock = 'C reader' }
        if ($samples.ContainsKey('WriteWrap')) {
            [pscustomobject]@{ Direction = 'write'; Mechanism = 'Write-IpcFifo -AsByteStream, each chunk wrapped in object[] (`,(,$chunk)`) -> C reader'; SizeMiB = $SizeMB; Module = (Get-CaseMBps 'WriteWrap'); C = $cRead; Clock = 'C reader' }
        }
        [pscustomobject]@{ Direction = 'read'; Mechanism = 'C writer -> Read-IpcFifo -AsByteStream | ForEach-Object { $n += $_.Length }'; SizeMiB = $SizeMB; Module = (Get-CaseMBps 'Read'); C = $cWrite; Clock = 'C writer' }
        [pscustomobject]@{ Direction = 'read to file'; Mechanism = 'C writer -> Read-IpcFifo -AsByteStream -OutFile (splice) vs C reader read(2) + write(2) to a file, timed by the C writer'; SizeMiB = $SizeMB; Module = (Get-CaseMBps 'OutFile'); C = (Get-CaseMBps 'CtoFile' 'WriterSeconds'); Clock = 'C writer' }
        [pscustomobject]@{ Direction = 'read to file (reference)'; Mechanism = "C reader splice(2)s the FIFO into the file, $($SplicePiece / 1KB) KiB a call (the module's route), vs C reader read(2) + write(2), timed by the C writer"; SizeMiB = $SizeMB; Module = (Get-CaseMBps 'CtoFileSplice' 'WriterSeconds'); C = (Get-CaseMBps 'CtoFile' 'WriterSeconds'); Clock = 'C writer' }
        [pscustomobject]@{ Direction = 'read (reference)'; Mechanism = 'the read row, the pwsh reader warmed up first by the same pipeline on 64 MiB from another FIFO'; SizeMiB = $SizeMB; Module = (Get-CaseMBps 'ReadWarm'); C = $cWrite; Clock = 'C writer' }
        [pscustomobject]@{ Direction = 'write from file'; Mechanism = 'Write-IpcFifo -InFile (splice) -> C reader vs C writer read(2) of the file + write(2), timed by the C reader'; SizeMiB = $SizeMB; Module = (Get-CaseMBps 'InFile'); C = (Get-CaseMBps 'FileToC' 'ReaderSeconds'); Clock = 'C reader' }
        [pscustomobject]@{ Direction = 'write (today)'; Mechanism = 'Set-Content -AsByteStream, 1 MiB byte[] chunks -> C reader (reopens once: Set-Content opens the FIFO to clear it first)'; SizeMiB = $TodaySizeMB; Module = (Get-CaseMBps 'SetContent'); C = $cRead; Clock = 'C reader' }
        [pscustomobject]@{ Direction = 'read (today)'; Mechanism = 'C writer -> Get-Content -AsByteStream -ReadCount 1MB | ForEach-Object { $n += $_.Length } (-Raw fails: it seeks)'; SizeMiB = $TodaySizeMB; Module = (Get-CaseMBps 'GetContent'); C = $cWrite; Clock = 'C writer' }
    )

    Write-Host ''
    Write-Host ("C baseline: {0:N1} MB/s timed by the reader, {1:N1} MB/s timed by the writer (pipe {2} bytes)" -f $cRead, $cWrite, $samples['CtoC'][0].Pipe)
    foreach ($r in $rows) {
        Write-Host ("{0,-14} {1,9:N1} MB/s  C {2,8:N1} MB/s  ratio {3:N3}  {4}" -f $r.Direction, $r.Module, $r.C, ($r.Module / $r.C), $r.Mechanism)
    }

    $kernel = (& uname -r).Trim()
    $cpu = @(Get-Content /proc/cpuinfo -ErrorAction Ignore | Where-Object { $_ -match '^model name' } | Select-Object -First 1) -replace '^model name\s*:\s*', ''
    $gccVersion = (& $gcc -dumpfullversion).Trim()
    $md = [Text.StringBuilder]::new()
    $null = $md.AppendLine('## FIFO').AppendLine()
    $null = $md.AppendLine("Generated by ``bench/Invoke-FifoBenchmark.ps1`` (``build.ps1 Bench -Mechanism Fifo``) on $((Get-Date).ToString('yyyy-MM-dd HH:mm zzz')).").AppendLine()
    $null = $md.AppendLine("Machine: $([Environment]::ProcessorCount) cores ($cpu), Linux $kernel, PowerShell $($PSVersionTable.PSVersion), .NET $([Environment]::Version), gcc $gccVersion -O2.")
    $null = $md.AppendLine("Median of $Runs runs per row, rounds interleaved. **These figures come from one run on a shared, noisy machine: read the ratios, not the absolute MB/s.**").AppendLine()
    $null = $md.AppendLine('| direction | mechanism | MiB moved | pwsh MB/s | C MB/s | pwsh / C |')
    $null = $md.AppendLine('|---|---|---:|---:|---:|---:|')
    foreach ($r in $rows) {
        $null = $md.AppendLine(("| {0} | {1} | {2} | {3:N1} | {4:N1} | {5:N3} |" -f $r.Direction, ($r.Mechanism -replace '\|', '\|'), $r.SizeMiB, $r.Module, $r.C, ($r.Module / $r.C)))
    }
    $null = $md.AppendLine()
    $null = $md.AppendLine('What is measured:').AppendLine()
    $null = $md.AppendLine("- The C baseline is ``bench/fifo_bench.c``: the writer write(2)s 1 MiB pieces, the reader read(2)s into a 1 MiB buffer until EOF. The C writer asks the kernel for a $($PipeSize / $MiB) MiB pipe buffer with fcntl(F_SETPIPE_SZ), as the module's FifoWriter does, so both sides get the same pipe; the 64 KiB row shows C with the kernel's default pipe.")
    $null = $md.AppendLine('- Every pwsh peer is a separate process (`pwsh -NoProfile -NonInteractive -File`, module imported). Every time is taken by the C peer, so pwsh start-up and module import are excluded: a C reader times from the return of its first read(2) that delivered data to EOF; a C writer times from the return of its blocking open(2) (the pwsh reader is there) to the return of close(2).')
    $null = $md.AppendLine('- Write rows are divided by C->C timed by the C reader, read rows by the same C->C runs timed by the C writer. The C reader checks that every byte arrived.')
    $null = $md.AppendLine("- The pwsh writer emits one 1 MiB byte[] (made once) per chunk from a ``foreach`` in a script block. Rows with fewer MiB than $SizeMB are scaled to MB/s: Set-Content / Get-Content are slow, and the natural ``,`$chunk`` form is measured on $($chunksBytes / $MiB) MiB when a probe shows it would take more than $MaxSecondsPerRun s at $SizeMB MiB.")
    $null = $md.AppendLine('- Set-Content opens its target once to clear it before writing, so a one-shot reader sees EOF with no data; the C reader for that row reopens the FIFO once after an empty first open, as a `while :; do cat; done` reader would. Add-Content and Get-Content -Raw fail on a FIFO ("Stream does not support seeking").')
    Set-Content -LiteralPath $OutFile -Value $md.ToString().TrimEnd() -Encoding utf8NoBOM
    Write-Host ''
    Write-Host $md.ToString()
    Write-Host "Wrote $OutFile"
    # Summary rows for bench/Invoke-Benchmark.ps1 (see its help for the shape).
    $warmRatio = ($rows | Where-Object Direction -eq 'read (reference)').Module / $cWrite
    $spliceRow = $rows | Where-Object Direction -eq 'read to file (reference)'
    $why = @{
        'read'         = "a fresh pwsh compiles PowerShell's pipeline and script blocks as it reads (~1,300 methods, ~0.5 s of JIT measured; ReadyToRun of the module's DLLs saved ~110 of them), warmed up it reads at $('{0:N2}' -f $warmRatio) of C. Next: nothing in the module; DOTNET_TieredPGO=0 (a process setting) halved the JIT time"
        'read to file' = "C's own splice into the file is $('{0:N2}' -f ($spliceRow.Module / $spliceRow.C)) of its read/write loop (splice copies into the page cache holding the pipe's lock, so the writer waits); the module is $('{0:N2}' -f (($rows | Where-Object Direction -eq 'read to file').Module / $spliceRow.Module)) of C's splice. Next: a goal of C's splice speed, or read/write where that is faster"
    }
    foreach ($r in $rows | Where-Object Direction -in 'write', 'read', 'read to file', 'write from file') {
        $ratio = $r.Module / $r.C
        $toFile = $r.Direction -like '*file'
        [pscustomobject]@{
            Mechanism = 'FIFO'; Measure = $r.Mechanism; Ratio = $ratio
            Goal = $(if ($toFile) { '> 1 (faster than C''s read/write loop)' } else { '>= 0.8 of C' }); Met = $(if ($toFile) { $ratio -gt 1 } else { $ratio -ge 0.8 })
            Baseline = $(if ($toFile) { 'C read(2)s 1 MiB pieces and write(2)s them (FIFO to file, or file to FIFO); 1 MiB pipe' } else { 'C writer write(2)s 1 MiB pieces, C reader read(2)s into one reused 1 MiB buffer; 1 MiB pipe' })
            Why = $(if ($why.ContainsKey($r.Direction)) { $why[$r.Direction] } else { 'met in the earlier runs: read it as noise of this run. Next: rerun at low load' })
        }
    }
}
finally {
    Remove-Item -LiteralPath $WorkDir -Recurse -Force -ErrorAction Ignore
}
