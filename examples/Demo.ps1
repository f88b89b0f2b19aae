#!/usr/bin/env pwsh
<#
.SYNOPSIS
    Two real processes talk through each PosixIpc mechanism, and the demo prints what passed.
.DESCRIPTION
    Run it with: dotnet pwsh ./build.ps1 Demo (which builds first), or, once built, directly:
    dotnet pwsh ./examples/Demo.ps1. It exits non-zero when anything did not arrive as sent. It needs
    only the .NET SDK: a check whose peer program (python3) is missing says so and is skipped.
#>
$ErrorActionPreference = 'Stop'
$root = Split-Path -Parent $PSScriptRoot
Import-Module (Join-Path $root 'PosixIpc.psd1') -Force

$work = Join-Path ([IO.Path]::GetTempPath()) "posixipc-demo-$PID"
$null = New-Item -ItemType Directory -Path $work
$failures = 0
$skipped = @()

function Start-Peer([string] $FilePath, [string[]] $ArgumentList) {
    $info = [System.Diagnostics.ProcessStartInfo]::new($FilePath)
    foreach ($a in $ArgumentList) { $info.ArgumentList.Add($a) }
    $info.UseShellExecute = $false
    [System.Diagnostics.Process]::Start($info)
}

function Start-PwshProcess([string] $Script) {
    # A second, independent pwsh process with the module loaded.
    Start-Peer ([Environment]::ProcessPath) @((Join-Path $PSHOME 'pwsh.dll'), '-NoProfile', '-NonInteractive', '-Command',
        "`$ErrorActionPreference = 'Stop'; Import-Module '$root/PosixIpc.psd1'; $Script")
}

function Test-PeerProgram([string] $Name, [string] $Skipped) {
    # A check whose peer program (python3, gcc, socat) is not on PATH is skipped, saying so in one line.
    if (Get-Command $Name -CommandType Application -ErrorAction Ignore) { return $true }
    Write-Host "  [skip] $Name is not on PATH: skipped $Skipped."
    $script:skipped += $Name
    $false
}

function Show-Check([string] $What, [bool] $Ok) {
    $mark = if ($Ok) { 'ok  ' } else { 'FAIL' }
    Write-Host "  [$mark] $What"
    if (-not $Ok) { $script:failures++ }
}

$segmentName = $lockName = $null
try {
    Write-Host "== Named pipes (FIFOs) =="
    $requests = New-IpcFifo (Join-Path $work 'requests')
    $replies = New-IpcFifo (Join-Path $work 'replies')
    $requests, $replies | Format-Table | Out-String | Write-Host

    # The worker is another pwsh process: it reads requests line by line as they arrive and
    # answers each one on the other FIFO, until the client closes the request FIFO.
    $worker = Start-PwshProcess @"
Read-IpcFifo '$($requests.Path)' -TimeoutSec 30 |
    ForEach-Object { "pid `$PID squared `$_ = `$([int]`$_ * [int]`$_)" } |
    Write-IpcFifo '$($replies.Path)' -TimeoutSec 30
"@
    Write-Host "Started worker process $($worker.Id); this client is process $PID."

    $replyJob = Start-ThreadJob -ArgumentList $root, $replies.Path {
        param($root, $path)
        Import-Module "$root/PosixIpc.psd1"
        Read-IpcFifo $path -TimeoutSec 30
    }
    1..5 | Write-IpcFifo $requests.Path -TimeoutSec 30
    $answers = $replyJob | Wait-Job -Timeout 60 | Receive-Job
    $null = $worker.WaitForExit(30000)
    Write-Host "Sent 1..5 to the worker; it answered:"
    $answers | ForEach-Object { Write-Host "    $_" }
    Show-Check 'five answers from the other process, in order' (
        $answers.Count -eq 5 -and $answers[4] -like "pid $($worker.Id) squared 5 = 25")

    # Coreutils on the other end: the FIFO is a real kernel object.
    $bytes = [byte[]]::new(1MB)
    [System.Random]::new(42).NextBytes($bytes)
    $copy = Join-Path $work 'copy.bin'
    $cat = Start-Peer bash @('-c', "cat '$($requests.Path)' > '$copy'")
    $sent = Write-IpcFifo $requests.Path -Value $bytes -AsByteStream -PassThru -TimeoutSec 30
    $cat.WaitForExit()
    $same = [Convert]::ToHexString([Security.Cryptography.SHA256]::HashData([IO.File]::ReadAllBytes($copy))) -eq
        [Convert]::ToHexString([Security.Cryptography.SHA256]::HashData($bytes))
    Write-Host "Wrote $($sent.Bytes) random bytes to 'cat', which saved them to a file."
    Show-Check 'cat received the bytes exactly' $same

    Get-IpcFifo $work | Remove-IpcFifo
    Show-Check 'Remove-IpcFifo removed both FIFOs' (@(Get-IpcFifo $work).Count -eq 0)

    Write-Host "`n== Signals =="
    Get-IpcSignal USR1, TERM, RTMIN+1 | Format-Table | Out-String | Write-Host
    # The receiver is another pwsh: USR1 would end it, but Wait-IpcSignal catches it and writes down what came.
    $got = Join-Path $work 'signal.txt'
    $receiver = Start-PwshProcess "Wait-IpcSignal USR1 -TimeoutSec 30 | ForEach-Object { `"`$(`$_.Signal) `$(`$_.Number) from `$(`$_.SenderProcessId) value `$(`$_.Value) `$(`$_.Code)`" } | Set-Content '$got'"
    $deadline = (Get-Date).AddSeconds(30)   # send only once its handler is in place (SigCgt in /proc)
    while ((Get-IpcSignal -Id $receiver.Id).Caught -notcontains 'SIGUSR1' -and (Get-Date) -lt $deadline) { Start-Sleep -Milliseconds 50 }
    Send-IpcSignal -Id $receiver.Id -Signal USR1 -Value 42 -PassThru | Format-Table | Out-String | Write-Host
    $null = $receiver.WaitForExit(30000)
    Show-Check "the other pwsh received SIGUSR1 with this process as the sender and the value 42, and lived on ($(Get-Content $got))" (
        $receiver.ExitCode -eq 0 -and (Get-Content $got) -eq "SIGUSR1 10 from $PID value 42 SI_QUEUE")
    $sleeper = Start-Peer sleep @('600')
    Get-Process -Id $sleeper.Id | Send-IpcSignal -Signal TERM   # no /bin/kill spawned; Id and StartTime checked through a pidfd
    Show-Check 'Get-Process | Send-IpcSignal ended sleep with SIGTERM (exit code 143)' (
        $sleeper.WaitForExit(5000) -and $sleeper.ExitCode -eq 143)

    Write-Host "`n== POSIX message queues =="
    $queueName = "/posixipc-demo-$PID"
    New-MqQueue $queueName -MaxMessages 10 -MessageSize 8192 | Format-Table | Out-String | Write-Host
    # The consumer is another pwsh: Receive-MqMessage -Deserialize turns the CliXml messages back into objects.
    $gotObjects = Join-Path $work 'objects.txt'
    $consumer = Start-PwshProcess "Receive-MqMessage '$queueName' -Count 5 -Deserialize -TimeoutSec 30 | ForEach-Object { `"`$(`$_.Id) `$(`$_.Name)`" } | Set-Content '$gotObjects'"
    $procs = @(Get-Process | Select-Object -First 5 Id, Name, CPU)
    $procs | Send-MqMessage $queueName -Serialize -TimeoutSec 30
    $null = $consumer.WaitForExit(30000)
    Write-Host "Sent five Get-Process objects as CliXml; the other pwsh received:"
    Get-Content $gotObjects | ForEach-Object { Write-Host "    $_" }
    Show-Check 'the other pwsh received the five processes as objects, with Id and Name' (
        $consumer.ExitCode -eq 0 -and ((Get-Content $gotObjects) -join ',') -eq (($procs | ForEach-Object { "$($_.Id) $($_.Name)" }) -join ','))
    Send-MqMessage $queueName 'low' -Priority 1
    Send-MqMessage $queueName 'high' -Priority 9
    Send-MqMessage $queueName 'middle' -Priority 5
    $byPriority = Receive-MqMessage $queueName -Count 3 -TimeoutSec 5
    $byPriority | Format-Table | Out-String | Write-Host
    Show-Check 'Receive-MqMessage took the highest priority first' (($byPriority.Text -join ',') -eq 'high,middle,low')
    Remove-MqQueue $queueName
    Show-Check 'Remove-MqQueue removed the queue' ($null -eq (Get-MqQueue $queueName -ErrorAction SilentlyContinue))

    Write-Host "`n== Shared memory and semaphores =="
    $segmentName = "/posixipc-demo-$PID"
    $lockName = "$segmentName-lock"
    New-SharedMemory $segmentName 4KB | Format-Table | Out-String | Write-Host
    New-IpcSemaphore $lockName | Format-Table | Out-String | Write-Host
    # Both processes add 1 to the same 64-bit counter 500 times, each increment under the semaphore.
    $counter = Start-PwshProcess @"
`$seg = Open-SharedMemory '$segmentName'
1..500 | Use-IpcSemaphore '$lockName' -TimeoutSec 30 { `$seg.WriteInt64(0, `$seg.ReadInt64(0) + 1) }
`$seg.Dispose()
"@
    $seg = Open-SharedMemory $segmentName
    try { 1..500 | Use-IpcSemaphore $lockName -TimeoutSec 30 { $seg.WriteInt64(0, $seg.ReadInt64(0) + 1) } }
    finally { $seg.Dispose() }
    $null = $counter.WaitForExit(60000)
    $total = [BitConverter]::ToInt64((Read-SharedMemory $segmentName -Count 8 -AsByteStream), 0)
    Write-Host "Two processes each added 500 under $lockName; the counter reads $total."
    Show-Check 'no increment was lost between the two processes' ($counter.ExitCode -eq 0 -and $total -eq 1000)
    Write-SharedMemory $segmentName -Offset 100 -Value 'hello from pwsh'
    if (Test-PeerProgram python3 "Python's read of the segment") {
        $fromPython = & python3 -c "from multiprocessing import shared_memory as m, resource_tracker as r; x = m.SharedMemory(name='$($segmentName.TrimStart('/'))'); r.unregister(x._name, 'shared_memory'); print(bytes(x.buf[100:115]).decode()); x.close()"
        Write-Host "Python's multiprocessing.shared_memory read: $fromPython"
        Show-Check 'Python read the text pwsh wrote, by the same name' ($fromPython -eq 'hello from pwsh')
    }
    Get-SharedMemory $segmentName | Remove-SharedMemory
    Get-IpcSemaphore $lockName | Remove-IpcSemaphore
    Show-Check 'the segment and the semaphore are removed' (-not (Test-Path "/dev/shm$segmentName") -and -not (Test-Path "/dev/shm/sem.$($lockName.TrimStart('/'))"))

    Write-Host "`n== Memory-mapped files =="
    $shared = Join-Path $work 'shared.bin'
    [IO.File]::WriteAllBytes($shared, [byte[]]::new(1MB))
    $mapped = Join-Path $work 'mapped-ready'
    # The other pwsh maps the file once and watches offset 0 in its own mapping; when this process's
    # number appears there, it answers in place at offset 4096 of the same pages. Nobody reopens.
    $mapper = Start-PwshProcess @"
`$f = [PosixIpc.MappedFiles.MappedFile]::Open('$shared', `$true)
Set-Content '$mapped' 'mapped'
`$sw = [Diagnostics.Stopwatch]::StartNew()
while ((`$n = `$f.ReadInt64(0)) -eq 0 -and `$sw.Elapsed.TotalSeconds -lt 30) { Start-Sleep -Milliseconds 10 }
`$f.Write(4096, [Text.Encoding]::UTF8.GetBytes("pid `$PID saw `$n"))
`$f.Dispose()
"@
    $sw = [Diagnostics.Stopwatch]::StartNew()
    while (-not (Test-Path $mapped) -and $sw.Elapsed.TotalSeconds -lt 30) { Start-Sleep -Milliseconds 20 }
    Write-MappedFile $shared -Value ([BitConverter]::GetBytes([long]12345)) -PassThru | Format-Table | Out-String | Write-Host
    $null = $mapper.WaitForExit(30000)
    $answer = Read-MappedFile $shared -Offset 4096 -Count 64
    $answer | Format-Table | Out-String | Write-Host
    Show-Check "the other pwsh saw 12345 in the shared pages and answered in place ($($answer.Text.TrimEnd([char]0)))" (
        $mapper.ExitCode -eq 0 -and $answer.Text.TrimEnd([char]0) -eq "pid $($mapper.Id) saw 12345")
    $match = Search-MappedFile $shared -Text 'saw 12345'
    Show-Check "Search-MappedFile found the answer at offset $($match.Offset)" (@($match).Count -eq 1 -and $match.Offset -eq 4096 + "pid $($mapper.Id) ".Length)

    Write-Host "`n== Unix domain sockets =="
    # The server is another pwsh: it answers each request line through the script block, and knows
    # who asked from the kernel (SO_PEERCRED), not from anything the client says.
    $socketPath = Join-Path $work 'upper.sock'
    $server = Start-PwshProcess "Start-UnixSocketServer '$socketPath' -Count 3 -TimeoutSec 30 -ScriptBlock { `"`$(`$_.ToUpper()) from pid `$PID to pid `$(`$Request.Pid)`" }"
    $deadline = (Get-Date).AddSeconds(30)
    while (-not (Get-UnixSocket -Path $socketPath -Listening) -and (Get-Date) -lt $deadline) { Start-Sleep -Milliseconds 50 }
    Get-UnixSocket -Path $socketPath | Format-Table | Out-String | Write-Host
    $socketReplies = 'hello', 'unix', 'sockets' | Invoke-UnixSocketRequest $socketPath -TimeoutSec 30
    $socketReplies | ForEach-Object { Write-Host "    $_" }
    $null = $server.WaitForExit(30000)
    Show-Check 'the other pwsh answered all three requests, and saw this process as the sender' (
        $socketReplies.Count -eq 3 -and $socketReplies[2] -eq "SOCKETS from pid $($server.Id) to pid $PID")
    Show-Check 'the server removed its socket file when it ended' (-not (Test-Path $socketPath))

    # Objects the other way: this process receives, another pwsh sends with -Serialize.
    $objectsPath = Join-Path $work 'objects.sock'
    $sender = Start-PwshProcess "while (-not (Get-UnixSocket -Path '$objectsPath' -Listening)) { Start-Sleep -Milliseconds 50 }; Get-Item '$work' | Send-UnixSocketMessage '$objectsPath' -Serialize"
    $item = Receive-UnixSocketMessage $objectsPath -Deserialize -Count 1 -TimeoutSec 30
    $null = $sender.WaitForExit(30000)
    Write-Host "Received a $($item.PSObject.TypeNames[0]) for $($item.FullName) from process $($sender.Id)."
    Show-Check 'the other pwsh sent a DirectoryInfo as an object, with its properties' (
        $item.PSObject.TypeNames[0] -eq 'Deserialized.System.IO.DirectoryInfo' -and $item.FullName -eq $work)
}
finally {
    if ($queueName) { Remove-MqQueue $queueName -ErrorAction Ignore }
    if ($segmentName) { Remove-SharedMemory $segmentName -ErrorAction Ignore; Remove-IpcSemaphore $lockName -ErrorAction Ignore }
    Remove-Item -LiteralPath $work -Recurse -Force -ErrorAction Ignore
}

if ($failures) {
    Write-Host "Demo: $failures check(s) failed."
    exit 1
}
$note = if ($skipped) { "; the checks whose peer is missing ($($skipped -join ', ')) were skipped" } else { '' }
Write-Host "Demo: everything arrived as sent$note."

