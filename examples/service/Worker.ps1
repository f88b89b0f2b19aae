<#
.SYNOPSIS
    A systemd service written in pwsh (Type=notify, WatchdogSec=): posixipc-worker.service runs it.
.DESCRIPTION
    It takes a file lock so that only one copy runs (a second copy exits with code 2; the kernel
    releases the lock when this process dies, even by SIGKILL), says READY=1 once it is set up, pets
    the watchdog while it works, reports each finished job in STATUS=, and on SIGTERM (systemctl stop)
    says STOPPING=1, finishes the job in hand, releases the lock and exits 0.

    Outside systemd (no NOTIFY_SOCKET) the notifications are quiet no-ops, so it runs from a terminal
    as well: Ctrl+C ends it there.
.EXAMPLE
    pwsh ./Worker.ps1 -LockPath /tmp/worker.lock -OutputPath /tmp/worker.log -Verbose
#>
[CmdletBinding()]
param(
    # The lock that keeps a second copy from running; flock(1) sees it too (flock -n FILE true fails while it runs).
    [string] $LockPath = '/run/lock/posixipc-worker.lock',
    # Where each job writes "start N" and "done N".
    [string] $OutputPath = '/var/lib/posixipc-worker/jobs.log',
    # A job is 5 steps of this many seconds.
    [double] $StepSec = 0.2,
    # The module to import: its name when installed, or the path of PosixIpc.psd1.
    [string] $ModulePath = 'PosixIpc'
)

$ErrorActionPreference = 'Stop'
Import-Module $ModulePath

try {
    $lock = Lock-IpcFile $LockPath -TimeoutSec 0 -Mode 0644
}
catch {
    if ($_.FullyQualifiedErrorId -notlike 'FileLockBusy,*') { throw }
    [Console]::Error.WriteLine("Another copy is running: $($_.Exception.Message)")
    Send-SystemdNotification -Status 'Not started: another copy is running'
    exit 2
}

# SIGTERM becomes an event this loop looks at between steps, instead of ending pwsh at once.
Register-IpcSignalEvent -Signal TERM -SourceIdentifier WorkerStop
$watchdog = [PosixIpc.Systemd.SystemdNotifier]::WatchdogInterval
$petEvery = if ($watchdog) { $watchdog.TotalSeconds / 2 } else { [double]::MaxValue }
$sincePet = [System.Diagnostics.Stopwatch]::StartNew()
$stopping = $false
$done = 0

Send-SystemdNotification -Ready -Status "Ready (pid $PID, lock $LockPath)"
while (-not $stopping) {
    $job = $done + 1
    Add-Content -LiteralPath $OutputPath -Value "start $job"
    foreach ($step in 1..5) {
        Start-Sleep -Seconds $StepSec
        if ($sincePet.Elapsed.TotalSeconds -ge $petEvery) {
            Send-SystemdNotification -Watchdog
            $sincePet.Restart()
        }
        if (-not $stopping -and (Get-Event -SourceIdentifier WorkerStop -ErrorAction Ignore)) {
            # Say so at once, then finish the job in hand: systemd waits up to TimeoutStopSec.
            $stopping = $true
            Send-SystemdNotification -Stopping -Status "Stopping: finishing job $job"
        }
    }
    Add-Content -LiteralPath $OutputPath -Value "done $job"
    $done = $job
    Send-SystemdNotification -Status "Processed $done jobs"
}

Unregister-Event -SourceIdentifier WorkerStop
$lock | Unlock-IpcFile
Send-SystemdNotification -Status "Stopped after $done jobs"
exit 0
