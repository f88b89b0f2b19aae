# systemd notification: Send-SystemdNotification against the built module, received by an independent
# receiver (Python's socket module, binding a path or an abstract name with SO_PASSCRED as systemd
# does), which checks the text and that the kernel's credentials name the sending pwsh. Then the
# example service (examples/service/Worker.ps1) run by a Python stand-in for systemd, from READY=1
# through the watchdog to the graceful stop on SIGTERM.

BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')

    # The receivers are Python's standard library; without python3 these tests fail, never pass.
    $script:Python = (Get-Command python3).Source
    if (-not (Get-Command flock -ErrorAction Ignore)) {
        $env:DEBIAN_FRONTEND = 'noninteractive'
        & apt-get update -qq | Out-Null
        & apt-get install -y -qq util-linux | Out-Null
        if (-not (Get-Command flock -ErrorAction Ignore)) { throw 'flock (util-linux) is missing and could not be installed.' }
    }
    $script:ReceiverScript = Join-Path $PSScriptRoot 'peers/notify_receiver.py'
    $script:StandIn = Join-Path $PSScriptRoot 'peers/systemd_standin.py'
    $script:Worker = Join-Path $RepoRoot 'examples/service/Worker.ps1'
    $script:SavedSocket = $env:NOTIFY_SOCKET

    function New-AbstractName { "@posixipc-notify-$([guid]::NewGuid().ToString('n').Substring(0, 12))" }

    function Start-Receiver {
        # The Python receiver for Count datagrams; returns once it has bound the socket.
        param([string] $Address, [int] $Count = 1, [double] $TimeoutSec = 20, [string] $Mode)
        $ready = New-TestPath ready
        $arguments = @($ReceiverScript, $Address, "$Count", $ready, "$TimeoutSec") + @(if ($Mode) { $Mode })
        $peer = Start-Peer $Python $arguments
        if (-not (Wait-Until { (Test-Path -LiteralPath $ready) -or $peer.HasExited } -TimeoutSec 20) -or $peer.HasExited) {
            throw "the receiver did not bind $Address`: $(if ($peer.HasExited) { ($peer | Wait-Peer).StdErr })"
        }
        $peer
    }

    function Get-Received {
        # What the receiver got: one object per datagram (text, pid, uid, gid).
        param([Parameter(ValueFromPipeline)] $Peer)
        process {
            $r = $Peer | Wait-Peer -TimeoutSec 60
            if ($r.ExitCode -ne 0) { throw "the receiver failed: $($r.StdErr)" }
            @($r.StdOut | ConvertFrom-Json) | ForEach-Object { $_ }
        }
    }

    function Get-ErrorId([System.Management.Automation.ErrorRecord[]] $Errors) { @($Errors | ForEach-Object FullyQualifiedErrorId) }
}

AfterAll {
    $env:NOTIFY_SOCKET = $SavedSocket
    Stop-StartedPeers
}

Describe 'Send-SystemdNotification to a receiver with SO_PASSCRED' {
    AfterEach { $env:NOTIFY_SOCKET = $SavedSocket; Stop-StartedPeers }

    It 'sends one datagram to a path socket, and the kernel''s credentials carry this pwsh''s pid' {
        $socket = New-TestPath notify
        $receiver = Start-Receiver $socket
        $env:NOTIFY_SOCKET = $socket
        Send-SystemdNotification -Ready -Status 'Serving on port 8080'
        $got = @($receiver | Get-Received)
        $got.Count | Should -Be 1
        $got[0].text | Should -BeExactly "READY=1`nSTATUS=Serving on port 8080`n"
        $got[0].pid | Should -Be $PID
        $got[0].uid | Should -Be 0
    }

    It 'sends to an abstract name written @name, from another pwsh whose pid the credentials carry' {
        $name = New-AbstractName
        $receiver = Start-Receiver $name
        $peer = Invoke-Peer "Send-SystemdNotification -Stopping -Status 'bye'; `$PID" -Environment @{ NOTIFY_SOCKET = $name }
        $peer.ExitCode | Should -Be 0 -Because $peer.StdErr
        $got = @($receiver | Get-Received)
        $got.Count | Should -Be 1
        $got[0].text | Should -BeExactly "STOPPING=1`nSTATUS=bye`n"
        $got[0].pid | Should -Be ([int]$peer.StdOut.Trim())
        $got[0].pid | Should -Not -Be $PID
    }

    It 'puts every parameter into one datagram, RELOADING=1 with MONOTONIC_USEC, and emits it with -PassThru' {
        $socket = New-TestPath notify
        $receiver = Start-Receiver $socket
        $env:NOTIFY_SOCKET = $socket
        $sent = Send-SystemdNotification -Ready -Reloading -Stopping -Status 'all' -Watchdog -MainProcessId 4242 -ExtendTimeoutSec 1.5 -ErrorNumber 2 -Field 'WATCHDOG=trigger', 'X_EMPTY=' -PassThru
        $nowUsec = [System.Diagnostics.Stopwatch]::GetTimestamp() / ([System.Diagnostics.Stopwatch]::Frequency / 1e6)
        $got = @($receiver | Get-Received)
        $got.Count | Should -Be 1
        $got[0].pid | Should -Be $PID
        $fields = $got[0].text.TrimEnd("`n").Split("`n")
        $fields[0..1] | Should -Be @('READY=1', 'RELOADING=1')
        $fields[2] | Should -Match '^MONOTONIC_USEC=\d+$'
        [math]::Abs([double]$fields[2].Split('=')[1] - $nowUsec) | Should -BeLessThan 10e6 -Because 'MONOTONIC_USEC is CLOCK_MONOTONIC in microseconds'
        $fields[3..10] | Should -Be @('STOPPING=1', 'STATUS=all', 'WATCHDOG=1', 'MAINPID=4242', 'EXTEND_TIMEOUT_USEC=1500000', 'ERRNO=2', 'WATCHDOG=trigger', 'X_EMPTY=')
        $sent | Should -BeOfType PosixIpc.Systemd.SystemdNotification
        $sent.Socket | Should -Be $socket
        $sent.Text | Should -BeExactly $got[0].text
        $sent.Fields | Should -Be $fields
        $sent.ProcessId | Should -Be $PID
    }

    It 'sends one notification per -Status from the pipeline' {
        $name = New-AbstractName
        $receiver = Start-Receiver $name -Count 2
        $env:NOTIFY_SOCKET = $name
        'step 1', 'step 2' | Send-SystemdNotification
        @($receiver | Get-Received).text | Should -Be @("STATUS=step 1`n", "STATUS=step 2`n")
    }

    It 'refuses <Label> with SystemdNotifyInvalidField before anything is sent' -ForEach @(
        @{ Label = 'a status with a line break'; Arguments = @{ Status = "two`nlines" } }
        @{ Label = 'a lower-case field name'; Arguments = @{ Field = 'status=x' } }
        @{ Label = 'a field without ='; Arguments = @{ Field = 'READY' } }
        @{ Label = 'a field with an empty name'; Arguments = @{ Field = '=1' } }
    ) {
        $name = New-AbstractName
        $receiver = Start-Receiver $name -Count 2 -TimeoutSec 5
        $env:NOTIFY_SOCKET = $name
        { Send-SystemdNotification @Arguments -Ready } | Should -Throw -ErrorId 'SystemdNotifyInvalidField,PosixIpc.Commands.SendSystemdNotificationCommand'
        Send-SystemdNotification -Status 'after'
        @($receiver | Get-Received).text | Should -Be @("STATUS=after`n")
    }

    It 'refuses a notification with nothing in it: SystemdNotifyEmpty' {
        $env:NOTIFY_SOCKET = New-AbstractName
        { Send-SystemdNotification } | Should -Throw -ErrorId 'SystemdNotifyEmpty,PosixIpc.Commands.SendSystemdNotificationCommand'
    }

    It 'lets another user''s pwsh send when the socket allows it, with that user''s uid; a 0755 socket is SystemdNotifyPermissionDenied' {
        $dir = New-TestPath dir
        New-Item -ItemType Directory $dir | Out-Null
        chmod 755 $dir
        $open = "$dir/open.sock"
        $receiver = Start-Receiver $open -Mode 0666 -TimeoutSec 90
        $out = Invoke-AsOtherUser "`$env:NOTIFY_SOCKET = '$open'; Send-SystemdNotification -Ready; `$PID"
        $got = @($receiver | Get-Received)
        $got.Count | Should -Be 1
        $got[0].uid | Should -Be 65534
        $got[0].pid | Should -Be ([int]"$out".Trim())
        $closed = "$dir/closed.sock"
        $receiver = Start-Receiver $closed -Mode 0755 -TimeoutSec 5
        $out = Invoke-AsOtherUser "`$env:NOTIFY_SOCKET = '$closed'; try { Send-SystemdNotification -Ready -ErrorAction Stop } catch { `$_.FullyQualifiedErrorId + '|' + `$_.CategoryInfo.Category }"
        $out | Should -Be 'SystemdNotifyPermissionDenied,PosixIpc.Commands.SendSystemdNotificationCommand|PermissionDenied'
        @($receiver | Get-Received).Count | Should -Be 0
    }
}

Describe 'Send-SystemdNotification outside systemd and with a broken NOTIFY_SOCKET' {
    AfterEach { $env:NOTIFY_SOCKET = $SavedSocket }

    It 'does nothing and returns quietly without NOTIFY_SOCKET (<Label>), and -Verbose says why' -ForEach @(
        @{ Label = 'unset'; Value = $null }
        @{ Label = 'empty'; Value = '' }
    ) {
        $env:NOTIFY_SOCKET = $Value
        $out = Send-SystemdNotification -Ready -Status 'x' -PassThru -ErrorVariable err
        $out | Should -BeNullOrEmpty
        $err | Should -BeNullOrEmpty
        $verbose = Send-SystemdNotification -Ready -Verbose 4>&1
        "$verbose" | Should -BeLike '*NOTIFY_SOCKET is not set*nothing was sent (READY=1)*'
    }

    It 'refuses NOTIFY_SOCKET <Value> with SystemdNotifyInvalidSocket' -ForEach @(
        @{ Value = 'relative/notify' }
        @{ Value = 'vsock:2:1234' }
        @{ Value = '@' }
    ) {
        $env:NOTIFY_SOCKET = $Value
        Send-SystemdNotification -Ready -ErrorVariable err -ErrorAction SilentlyContinue
        Get-ErrorId $err | Should -Be 'SystemdNotifyInvalidSocket,PosixIpc.Commands.SendSystemdNotificationCommand'
        $err[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err[0].TargetObject | Should -Be $Value
    }

    It 'reports a socket nobody receives on as SystemdNotifySocketNotFound, a non-terminating error' {
        $env:NOTIFY_SOCKET = New-TestPath gone
        Send-SystemdNotification -Ready -ErrorVariable err -ErrorAction SilentlyContinue
        $after = 'went on'
        $after | Should -Be 'went on'
        Get-ErrorId $err | Should -Be 'SystemdNotifySocketNotFound,PosixIpc.Commands.SendSystemdNotificationCommand'
        $env:NOTIFY_SOCKET = New-AbstractName
        Send-SystemdNotification -Ready -ErrorVariable err -ErrorAction SilentlyContinue
        Get-ErrorId $err | Should -Be 'SystemdNotifySocketNotFound,PosixIpc.Commands.SendSystemdNotificationCommand'
    }

    It 'reads WatchdogSec from WATCHDOG_USEC, for this process only (WATCHDOG_PID)' {
        $saved = $env:WATCHDOG_USEC, $env:WATCHDOG_PID
        try {
            $env:WATCHDOG_USEC = '2500000'
            $env:WATCHDOG_PID = $null
            [PosixIpc.Systemd.SystemdNotifier]::WatchdogInterval | Should -Be ([TimeSpan]::FromSeconds(2.5))
            $env:WATCHDOG_PID = "$PID"
            [PosixIpc.Systemd.SystemdNotifier]::WatchdogInterval | Should -Be ([TimeSpan]::FromSeconds(2.5))
            $env:WATCHDOG_PID = '1'
            [PosixIpc.Systemd.SystemdNotifier]::WatchdogInterval | Should -BeNullOrEmpty
            $env:WATCHDOG_USEC = $null
            $env:WATCHDOG_PID = $null
            [PosixIpc.Systemd.SystemdNotifier]::WatchdogInterval | Should -BeNullOrEmpty
        }
        finally { $env:WATCHDOG_USEC, $env:WATCHDOG_PID = $saved }
    }

    It 'completes -Field with the assignments sd_notify(3) documents' {
        $line = 'Send-SystemdNotification -Field WATCHDOG'
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Contain 'WATCHDOG=trigger'
    }
}

Describe 'The example service (examples/service) under a stand-in for systemd' {
    BeforeAll {
        $exe, $dll = Get-PwshCommand
        $script:WorkerCommand = @($exe, $dll, '-NoProfile', '-NonInteractive', '-File', $Worker, '-ModulePath', $ModuleManifest, '-StepSec', '0.1')
    }
    AfterEach { Stop-StartedPeers }

    It 'says READY=1, pets the watchdog in time, reports STATUS, and on SIGTERM says STOPPING=1, finishes its job and exits 0' {
        $lock = New-TestPath worker-lock
        $log = New-TestPath worker-log
        $arguments = @($StandIn, (New-AbstractName), '2000000', '4', '--') + $WorkerCommand + @('-LockPath', $lock, '-OutputPath', $log)
        $r = Start-Peer $Python $arguments | Wait-Peer -TimeoutSec 180
        $r.ExitCode | Should -Be 0 -Because $r.StdErr
        $t = $r.StdOut | ConvertFrom-Json
        $t.problems | Should -BeNullOrEmpty -Because ($t.problems -join '; ')
        $t.exitCode | Should -Be 0 -Because $t.stderr
        # Every datagram came from the service's own process, as NotifyAccess=main demands.
        @($t.messages | Where-Object pid -NE $t.childPid) | Should -BeNullOrEmpty
        $texts = @($t.messages.text)
        $texts[0] | Should -BeLike "READY=1`nSTATUS=Ready (pid $($t.childPid), lock $lock)`n"
        $t.pings | Should -BeGreaterOrEqual 4
        $t.maxWatchdogGap | Should -BeLessThan 2 -Because 'WatchdogSec is 2 s'
        @($texts | Where-Object { $_ -like 'STATUS=Processed * jobs*' }).Count | Should -BeGreaterOrEqual 2
        # The stop: STOPPING=1 after SIGTERM, then the job in hand finished, then the last word.
        $t.stoppingAt | Should -BeGreaterThan $t.termAt
        $stopping = [array]::FindIndex([string[]]$texts, [Predicate[string]] { param($x) $x -like 'STOPPING=1*' })
        $stopping | Should -BeGreaterThan 0
        $texts[$stopping] -match "^STOPPING=1`nSTATUS=Stopping: finishing job (\d+)`n$" | Should -BeTrue
        $job = $Matches[1]
        $texts[-2] | Should -Be "STATUS=Processed $job jobs`n"
        $texts[-1] | Should -Be "STATUS=Stopped after $job jobs`n"
        $lines = Get-Content -LiteralPath $log
        $lines[-1] | Should -Be "done $job"
        @($lines | Where-Object { $_ -like 'start *' }).Count | Should -Be @($lines | Where-Object { $_ -like 'done *' }).Count
        # ... and the lock is released: flock(1) gets it at once.
        & flock -n $lock true
        $LASTEXITCODE | Should -Be 0
    }

    It 'does not start a second copy while another holds the lock (here flock(1)): exit 2, no READY=1' {
        $lock = New-TestPath worker-lock
        $log = New-TestPath worker-log
        $holder = Start-Peer (Get-Command flock -CommandType Application)[0].Source $lock, 'sleep', '60'
        Wait-Until { & flock -n $lock true; $LASTEXITCODE -ne 0 } | Should -BeTrue
        $name = New-AbstractName
        $receiver = Start-Receiver $name -TimeoutSec 60
        $info = @{ NOTIFY_SOCKET = $name }
        $second = Start-Peer $WorkerCommand[0] ($WorkerCommand[1..($WorkerCommand.Count - 1)] + @('-LockPath', $lock, '-OutputPath', $log)) -Environment $info | Wait-Peer -TimeoutSec 120
        $second.ExitCode | Should -Be 2
        $second.StdErr | Should -BeLike "*Another copy is running*flock (pid $($holder.Id))*"
        $got = @($receiver | Get-Received)
        $got.text | Should -Be @("STATUS=Not started: another copy is running`n")
        Test-Path -LiteralPath $log | Should -BeFalse
    }
}
