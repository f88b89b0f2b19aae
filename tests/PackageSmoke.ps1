# The smoke run of an installed PosixIpc, in the process that imported it: which Tmds.LibC was loaded,
# then a FIFO, a queue, a segment and a signal, each with a peer in another process (/bin/sh).
# tests/Package.Tests.ps1 runs it after Install-PSResource; build/Invoke-Arm64Smoke.ps1 runs it in an
# Arm64 PowerShell under qemu-user. Prints one "ok ..." line per check and ends with "smoke passed";
# the first failure ends it with exit code 1. Every structure-reading check (st_mode, st_size, mq_attr)
# fails when the Tmds.LibC of another architecture is loaded.
param(
    [Parameter(Mandatory)][string] $WorkDir,
    # How long the signal's sender waits before kill: Wait-IpcSignal must be catching by then (an
    # emulated process needs seconds to get there), or USR1's default action ends this process.
    [int] $SignalDelaySec = 1
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0

function Assert-Equal($Actual, $Expected, [string] $What) {
    if ("$Actual" -cne "$Expected") { throw "$What is '$Actual', expected '$Expected'." }
    Write-Output "ok ${What}: $Actual"
}

function Start-Shell([string] $Command) {
    # A peer in another process: the system's sh, whatever the architecture of this one.
    $info = [System.Diagnostics.ProcessStartInfo]::new('/bin/sh')
    foreach ($a in '-c', $Command) { $info.ArgumentList.Add($a) }
    $info.UseShellExecute = $false
    [System.Diagnostics.Process]::Start($info)
}

function Wait-Shell($Process, [string] $What) {
    if (-not $Process.WaitForExit(30000)) { $Process.Kill(); throw "$What did not end within 30 s." }
    if ($Process.ExitCode -ne 0) { throw "$What exited with $($Process.ExitCode)." }
}

try {
    $module = Get-Module PosixIpc
    if (-not $module) { $module = Import-Module PosixIpc -PassThru }
    $arch = [System.Runtime.InteropServices.RuntimeInformation]::ProcessArchitecture
    $rid = 'linux-' + "$arch".ToLowerInvariant()
    Write-Output "process architecture: $arch, module $($module.Version) from $($module.ModuleBase)"
    $null = New-Item -ItemType Directory -Force -Path $WorkDir
    $tag = "smoke$PID"

    # FIFO: lstat's st_mode says FIFO; a line goes out to cat and one comes back from echo.
    $fifo = Join-Path $WorkDir "$tag.fifo"
    $fifoInfo = New-IpcFifo $fifo
    Assert-Equal $fifoInfo.Permissions 'prw-------' 'FIFO permissions (st_mode)'
    Assert-Equal (Get-IpcFifo $fifo).Path $fifo 'Get-IpcFifo lists it'
    $cat = Start-Shell "cat '$fifo' > '$fifo.out'"
    'hello from PowerShell' | Write-IpcFifo $fifo -TimeoutSec 30
    Wait-Shell $cat 'cat of the FIFO'
    Assert-Equal (Get-Content -Raw "$fifo.out").TrimEnd() 'hello from PowerShell' 'FIFO to cat'
    $echo = Start-Shell "echo 'hello from sh' > '$fifo'"
    Assert-Equal (Read-IpcFifo $fifo -Count 1 -TimeoutSec 30) 'hello from sh' 'FIFO from echo'
    Wait-Shell $echo 'echo into the FIFO'
    Remove-IpcFifo $fifo

    # Queue: mq_getattr's struct says how many wait; the highest priority comes first.
    $queue = "/$tag"
    $null = New-MqQueue $queue -MaxMessages 4 -MessageSize 128
    'low' | Send-MqMessage $queue -Priority 1
    'high' | Send-MqMessage $queue -Priority 9
    $attributes = Get-MqQueue $queue
    Assert-Equal "$($attributes.MaxMessages)/$($attributes.MessageSize)/$($attributes.CurrentMessages)" '4/128/2' 'queue attributes (mq_attr)'
    Assert-Equal ((Receive-MqMessage $queue -Count 2).Text -join ',') 'high,low' 'queue order by priority'
    Remove-MqQueue $queue

    # Shared memory: fstat's st_size gives the size; a value written here is read back by od in sh.
    $segment = "/$tag"
    $null = New-SharedMemory $segment 4KB
    Write-SharedMemory $segment -Value 'ready' -Offset 16
    Assert-Equal (Get-SharedMemory $segment).Size 4096 'segment size (st_size)'
    Assert-Equal (Read-SharedMemory $segment -Offset 16) 'ready' 'segment read back'
    $od = Start-Shell "dd if=/dev/shm/$tag bs=1 skip=16 count=5 2>/dev/null > '$WorkDir/$tag.shm'"
    Wait-Shell $od 'dd of the segment'
    Assert-Equal (Get-Content -Raw "$WorkDir/$tag.shm") 'ready' 'segment seen by dd'
    Remove-SharedMemory $segment

    # Signal: sh sends USR1 to this process, which waits for it and is not killed by it.
    $handler = [PosixIpc.Signals.SignalWaiter]::TakenByHandler; $signalFd = [PosixIpc.Signals.SignalWaiter]::TakenBySignalFd
    $kill = Start-Shell "sleep $SignalDelaySec; kill -USR1 $PID"
    $received = Wait-IpcSignal USR1 -TimeoutSec ($SignalDelaySec + 30)
    Wait-Shell $kill 'kill -USR1'
    Assert-Equal $received.Signal 'SIGUSR1' 'signal caught by Wait-IpcSignal'
    Assert-Equal $received.SenderProcessId $kill.Id 'sender of the signal (si_pid)'
    # Ten more, 0.2 s apart so that none merges with another: each keeps its sender, whichever route
    # took it (the handler's pipe, or the signalfd beside it); the routes' counts are shown.
    $waiter = [PosixIpc.Signals.SignalWaiter]::new([PosixIpc.Signals.SignalInfo[]]@([PosixIpc.Signals.SignalTable]::Parse('USR1')))
    try {
        $kills = Start-Shell "for i in 1 2 3 4 5 6 7 8 9 10; do sleep 0.2; kill -USR1 $PID; done"
        $senders = foreach ($i in 1..10) { $waiter.Wait([TimeSpan]::FromSeconds(60), [Threading.CancellationToken]::None).SenderProcessId }
    }
    finally { $waiter.Dispose() }
    Wait-Shell $kills 'ten kill -USR1'
    Assert-Equal ($senders -join ',') ((@($kills.Id) * 10) -join ',') 'senders of ten signals'
    Write-Output "routes of those eleven: handler $([PosixIpc.Signals.SignalWaiter]::TakenByHandler - $handler), signalfd $([PosixIpc.Signals.SignalWaiter]::TakenBySignalFd - $signalFd)"
    # Loaded on the first libc call above, from the folder of this process's architecture, and only there.
    $libc = @([AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'Tmds.LibC' })
    Assert-Equal ($libc.Location -join ', ') (Join-Path $module.ModuleBase "bin/$rid/Tmds.LibC.dll") 'Tmds.LibC loaded from'
    Write-Output 'smoke passed'
}
catch {
    Write-Output "FAILED: $($_.Exception.Message) ($($_.InvocationInfo.PositionMessage))"
    exit 1
}
