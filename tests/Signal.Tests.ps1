# Signals: Send/Get/Wait-IpcSignal and Register-IpcSignalEvent against the built module, across real
# processes: procps kill, a C receiver that reads siginfo_t with sigtimedwait, shells and other pwsh.

BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $script:MissingPeers = Get-MissingPeer gcc, kill

    # The C receiver: blocks one signal, prints "ready PID", then what sigtimedwait saw.
    $script:SigwaitPeer = Build-TestPeer sigwait_peer.c

    function Test-Caught {
        # Whether a process has a handler installed for a signal (SigCgt of /proc/PID/status).
        param([int] $ProcessId, [string] $Name)
        $state = Get-IpcSignal -Id $ProcessId -ErrorAction SilentlyContinue
        $null -ne $state -and $state.Caught -contains $Name
    }

    function Start-WaitingPeer {
        # A pwsh peer running Wait-IpcSignal; returns once its handler is in place.
        param([string] $Script)
        $peer = Start-Peer -Pwsh $Script
        $ready = Wait-Until { Test-Caught $peer.Id 'SIGUSR1' } -TimeoutSec 30
        if (-not $ready) {
            $r = $peer | Wait-Peer -TimeoutSec 1
            throw "The peer never caught SIGUSR1: $($r.StdOut) $($r.StdErr)"
        }
        $peer
    }

    function Start-SigwaitPeer {
        # The C receiver for one signal number; returns once it has blocked the signal.
        param([int] $Number)
        $peer = Start-Peer $SigwaitPeer -ArgumentList $Number, 20
        # It is ready once it sleeps in sigtimedwait (SigBlk cannot tell: the kernel clears the waited
        # signals from the mask for the length of the wait).
        $ready = Wait-Until { (Get-Content -Raw "/proc/$($peer.Id)/wchan" -ErrorAction SilentlyContinue) -like '*sigtimedwait*' } -TimeoutSec 10
        if (-not $ready) { throw 'The C receiver did not start.' }
        $peer
    }

    function Start-NamedSleep {
        # sleep under a unique command name, so that Get-Process -Name finds only the test's processes.
        param([string] $Name, [int] $Seconds = 60)
        $exe = Join-Path $TestDrive $Name
        if (-not (Test-Path $exe)) { Copy-Item (Get-Command sleep -CommandType Application)[0].Source $exe }
        Start-Peer $exe -ArgumentList $Seconds
    }
}

Describe 'Get-IpcSignal' {
    BeforeEach { Skip-IfMissing $MissingPeers }
    It 'lists the signal table, real-time signals included' {
        $table = Get-IpcSignal
        $table[0] | Should -BeOfType PosixIpc.Signals.SignalInfo
        ($table | Where-Object Number -EQ 10).Name | Should -Be 'SIGUSR1'
        ($table | Where-Object Number -EQ 15).DefaultAction | Should -Be 'Terminate'
        ($table | Where-Object Number -EQ 17).DefaultAction | Should -Be 'Ignore'
        ($table | Where-Object Number -EQ 19).DefaultAction | Should -Be 'Stop'
        ($table | Where-Object Number -EQ 11).DefaultAction | Should -Be 'CoreDump'
        @($table | Where-Object IsRealTime).Count | Should -Be 31
        ($table | Where-Object Name -EQ 'SIGRTMIN').Number | Should -Be 34
        ($table | Where-Object Name -EQ 'SIGRTMAX').Number | Should -Be 64
        $table.Number | Should -Be (@(1..31) + @(34..64))
        $table | ForEach-Object { $_.Description | Should -Not -BeNullOrEmpty }
        ($table.Name | Sort-Object -Unique).Count | Should -Be $table.Count
    }

    It 'agrees with bash kill -l on every standard and real-time name' {
        foreach ($n in @(1..31) + @(34..64)) {
            $name = (& bash -c "kill -l $n").Trim()
            (Get-IpcSignal $name).Number | Should -Be $n -Because "bash's kill -l $n says $name"
        }
    }

    It 'finds a signal written as <Text>' -ForEach @(
        @{ Text = 'usr1'; Number = 10 }
        @{ Text = 'SIGUSR1'; Number = 10 }
        @{ Text = 'sigTerm'; Number = 15 }
        @{ Text = '9'; Number = 9 }
        @{ Text = 'RTMIN+2'; Number = 36 }
        @{ Text = 'sigrtmax-1'; Number = 63 }
        @{ Text = 'IOT'; Number = 6 }
        @{ Text = 'POLL'; Number = 29 }
    ) {
        (Get-IpcSignal $Text).Number | Should -Be $Number
    }

    It 'shows the handler and the ignored signal a shell trap installed' {
        $shell = Start-Peer bash -ArgumentList '-c', 'trap "echo got-usr1" USR1; trap "" USR2; echo ready; while :; do sleep 0.05; done'
        try {
            Wait-Until { Test-Caught $shell.Id 'SIGUSR1' } | Should -BeTrue
            $state = Get-IpcSignal -Id $shell.Id
            $state | Should -BeOfType PosixIpc.Signals.ProcessSignalState
            $state.ProcessName | Should -Be 'bash'
            $state.Caught | Should -Contain 'SIGUSR1'
            $state.Ignored | Should -Contain 'SIGUSR2'
            $state.Caught | Should -Not -Contain 'SIGUSR2'
            $state.CaughtMask -band (1L -shl 9) | Should -Not -Be 0
        }
        finally { $shell.Kill() }
    }

    It 'shows a signal blocked by the C receiver, then pending once sent; Get-Process pipes in' {
        $peer = Start-Peer $SigwaitPeer -ArgumentList 12, 20, 'hold'
        try {
            Wait-Until { (Get-IpcSignal -Id $peer.Id -ErrorAction SilentlyContinue).Blocked -contains 'SIGUSR2' } | Should -BeTrue
            $state = Get-Process -Id $peer.Id | Get-IpcSignal
            $state.ProcessId | Should -Be $peer.Id
            $state.Blocked | Should -Be 'SIGUSR2'
            $state.SharedPending | Should -BeNullOrEmpty
            Send-IpcSignal $peer.Id USR2
            $state = Get-IpcSignal -Id $peer.Id
            $state.SharedPending | Should -Be 'SIGUSR2'
            $state.SharedPendingMask | Should -Be ([uint64]1 -shl 11)
        }
        finally { $peer.Kill() }
    }

    It 'reports a process that does not exist as SignalProcessNotFound' {
        $err = $null
        Get-IpcSignal -Id ([int]::MaxValue) -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].FullyQualifiedErrorId | Should -Be 'SignalProcessNotFound,PosixIpc.Commands.GetIpcSignalCommand'
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }

    It 'reports an unknown name as SignalUnknown, listing the valid names' {
        $err = $null
        Get-IpcSignal 'NOPE' -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].FullyQualifiedErrorId | Should -Be 'SignalUnknown,PosixIpc.Commands.GetIpcSignalCommand'
        $err[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err[0].Exception.Message | Should -BeLike '*USR1*RTMIN+1*'
    }
}

Describe 'Send-IpcSignal' {
    BeforeEach { Skip-IfMissing $MissingPeers }
    It 'ends a sleep process with TERM by default, and -PassThru says what was sent' {
        $sleep = Start-Peer sleep -ArgumentList 60
        $sent = Send-IpcSignal -Id $sleep.Id -PassThru
        $sent | Should -BeOfType PosixIpc.Signals.SentSignal
        $sent.Signal | Should -Be 'SIGTERM'
        $sent.Number | Should -Be 15
        $sent.ProcessId | Should -Be $sleep.Id
        $sent.Function | Should -Be 'kill'
        $sent.Value | Should -BeNullOrEmpty
        $r = $sleep | Wait-Peer -TimeoutSec 10
        $r.TimedOut | Should -BeFalse
        $r.ExitCode | Should -Be (128 + 15)
    }

    It 'takes Get-Process output from the pipeline (Get-Process -Name x | Send-IpcSignal -Signal HUP)' {
        $name = 'sigt' + [guid]::NewGuid().ToString('n').Substring(0, 8)
        $a = Start-NamedSleep $name
        $b = Start-NamedSleep $name
        Wait-Until { @(Get-Process -Name $name -ErrorAction SilentlyContinue).Count -eq 2 } | Should -BeTrue
        $sent = Get-Process -Name $name | Send-IpcSignal -Signal HUP -PassThru
        $sent.ProcessId | Sort-Object | Should -Be (@($a.Id, $b.Id) | Sort-Object)
        ($a | Wait-Peer -TimeoutSec 10).ExitCode | Should -Be (128 + 1)
        ($b | Wait-Peer -TimeoutSec 10).ExitCode | Should -Be (128 + 1)
    }

    It 'passes each object''s own Signal on when -Signal binds from the pipeline' {
        $sleeps = 1..3 | ForEach-Object { Start-Peer sleep -ArgumentList 60 }
        $objects = @(
            [pscustomobject]@{ Id = $sleeps[0].Id; Signal = 'HUP' }
            [pscustomobject]@{ Id = $sleeps[1].Id; Signal = 'USR2' }
            [pscustomobject]@{ Id = $sleeps[2].Id; Signal = 'nonsense' }
        )
        $err = $null
        $sent = $objects | Send-IpcSignal -PassThru -ErrorVariable err -ErrorAction SilentlyContinue
        $sent.Signal | Should -Be @('SIGHUP', 'SIGUSR2')
        $err[0].FullyQualifiedErrorId | Should -Be 'SignalUnknown,PosixIpc.Commands.SendIpcSignalCommand'
        ($sleeps[0] | Wait-Peer -TimeoutSec 10).ExitCode | Should -Be (128 + 1)
        ($sleeps[1] | Wait-Peer -TimeoutSec 10).ExitCode | Should -Be (128 + 12)
        $sleeps[2].HasExited | Should -BeFalse -Because 'the object with a bad signal name was skipped'
        $sleeps[2].Kill()
    }

    It 'sends nothing with -WhatIf' {
        $sleep = Start-Peer sleep -ArgumentList 60
        try {
            Send-IpcSignal -Id $sleep.Id -Signal KILL -WhatIf
            $sleep.WaitForExit(500) | Should -BeFalse
        }
        finally { $sleep.Kill() }
    }

    It 'sends -Value 42 with sigqueue; the C receiver sees it in si_value and this pwsh in si_pid' {
        $peer = Start-SigwaitPeer 10
        $sent = Send-IpcSignal -Id $peer.Id -Signal USR1 -Value 42 -PassThru
        $sent.Function | Should -Be 'sigqueue'
        $sent.Value | Should -Be 42
        $r = $peer | Wait-Peer -TimeoutSec 20
        $r.ExitCode | Should -Be 0 -Because $r.StdErr
        $r.StdOut | Should -Match "signo=10 code=-1 pid=$PID uid=\d+ value=42"
    }

    It 'sends a real-time signal by name, with a negative value' {
        $peer = Start-SigwaitPeer 36
        Send-IpcSignal $peer.Id 'sigrtmin+2' -Value -7
        $r = $peer | Wait-Peer -TimeoutSec 20
        $r.StdOut | Should -Match "signo=36 code=-1 pid=$PID uid=\d+ value=-7"
    }

    It 'sends with kill(2) when there is no -Value (si_code SI_USER)' {
        $peer = Start-SigwaitPeer 12
        Send-IpcSignal $peer.Id 12
        $r = $peer | Wait-Peer -TimeoutSec 20
        $r.StdOut | Should -Match "signo=12 code=0 pid=$PID "
    }

    It 'signals a whole process group with -ProcessGroup' {
        $group = Start-Peer setsid -ArgumentList 'bash', '-c', 'sleep 60 & sleep 60 & wait'
        Wait-Until { @(& ps -o pid= -g $group.Id).Count -ge 3 } | Should -BeTrue
        $sent = Send-IpcSignal -Id $group.Id -ProcessGroup -PassThru
        $sent.ProcessGroup | Should -BeTrue
        $sent.Function | Should -Be 'killpg'
        Wait-Until { @(& ps -o pid= -g $group.Id).Count -eq 0 } | Should -BeTrue
        ($group | Wait-Peer -TimeoutSec 10).TimedOut | Should -BeFalse
    }

    It 'tests a process with signal 0 without disturbing it' {
        $sent = Send-IpcSignal -Id $PID -Signal 0 -PassThru
        $sent.Number | Should -Be 0
    }

    It 'reports a process that does not exist as SignalProcessNotFound and goes on with the next id' {
        $sleep = Start-Peer sleep -ArgumentList 60
        $err = $null
        Send-IpcSignal -Id ([int]::MaxValue), $sleep.Id -ErrorAction SilentlyContinue -ErrorVariable err
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -Be 'SignalProcessNotFound,PosixIpc.Commands.SendIpcSignalCommand'
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $err[0].TargetObject | Should -Be ([string][int]::MaxValue)
        ($sleep | Wait-Peer -TimeoutSec 10).ExitCode | Should -Be 143
    }

    It 'refuses process id <Id> without -ProcessGroup' -ForEach @(@{ Id = 0 }, @{ Id = -1 }, @{ Id = -12345 }) {
        $err = $null
        Send-IpcSignal -Id $Id -Signal 0 -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].FullyQualifiedErrorId | Should -Be 'SignalInvalidProcessId,PosixIpc.Commands.SendIpcSignalCommand'
        $err[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
    }

    It 'refuses a negative process group id' {
        $err = $null
        Send-IpcSignal -Id -5 -ProcessGroup -Signal 0 -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].FullyQualifiedErrorId | Should -Be 'SignalInvalidProcessId,PosixIpc.Commands.SendIpcSignalCommand'
    }

    It 'refuses an unknown signal name with SignalUnknown, listing the valid names' {
        { Send-IpcSignal -Id $PID -Signal SIGFOO } | Should -Throw -ErrorId 'SignalUnknown,PosixIpc.Commands.SendIpcSignalCommand'
        try { Send-IpcSignal -Id $PID -Signal SIGFOO } catch { $e = $_ }
        $e.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $e.Exception.Message | Should -BeLike '*HUP, INT*USR1*RTMAX*'
    }

    It 'refuses signal number <Number> with SignalOutOfRange' -ForEach @(@{ Number = '65' }, @{ Number = '-1' }, @{ Number = '99999999999' }) {
        try { Send-IpcSignal -Id $PID -Signal $Number; $e = $null } catch { $e = $_ }
        $e.FullyQualifiedErrorId | Should -Be 'SignalOutOfRange,PosixIpc.Commands.SendIpcSignalCommand'
        $e.CategoryInfo.Category | Should -Be 'InvalidArgument'
    }

    It 'reports a process of another user as SignalPermissionDenied' {
        $out = Invoke-AsOtherUser -Script "try { Send-IpcSignal -Id $PID -Signal 0 -ErrorAction Stop } catch { `$_.FullyQualifiedErrorId; `$_.CategoryInfo.Category }"
        $out[0] | Should -Be 'SignalPermissionDenied,PosixIpc.Commands.SendIpcSignalCommand'
        $out[1] | Should -Be 'PermissionDenied'
    }
}

Describe 'Wait-IpcSignal' {
    BeforeEach { Skip-IfMissing $MissingPeers }
    It 'receives kill -s USR1 from procps kill in another pwsh, which lives on' {
        $peer = Start-WaitingPeer 'Wait-IpcSignal USR1 -TimeoutSec 30 | ForEach-Object { "$($_.Signal) $($_.Number) $($_.ReceiverProcessId) $($null -eq $_.SenderProcessId)" }; "alive"'
        & /usr/bin/kill -s USR1 $peer.Id
        $r = $peer | Wait-Peer -TimeoutSec 30
        $r.ExitCode | Should -Be 0 -Because $r.StdErr
        $r.StdOut -split "`n" | Select-Object -First 2 | Should -Be "SIGUSR1 10 $($peer.Id) True", 'alive'
    }

    It 'receives kill -q 42 -s USR1 (sigqueue); the value and sender pid are not available' {
        $peer = Start-WaitingPeer 'Wait-IpcSignal SIGUSR1, USR2 -TimeoutSec 30 | ForEach-Object { "$($_.Signal) $($_.Value) $($_.SenderProcessId)|" }'
        & /usr/bin/kill -q 42 -s USR1 $peer.Id
        $LASTEXITCODE | Should -Be 0
        $r = $peer | Wait-Peer -TimeoutSec 30
        $r.ExitCode | Should -Be 0 -Because $r.StdErr
        $r.StdOut.Trim() | Should -Be 'SIGUSR1  |'
    }

    It 'receives several signals from Send-IpcSignal in another pwsh with -Count' {
        $peer = Start-WaitingPeer 'Wait-IpcSignal USR1, USR2, RTMIN+3 -Count 3 -TimeoutSec 30 | ForEach-Object { $_.Signal }'
        foreach ($s in 'USR1', 'USR2', 'RTMIN+3') {
            Send-IpcSignal $peer.Id $s
            Start-Sleep -Milliseconds 200
        }
        $r = $peer | Wait-Peer -TimeoutSec 30
        $r.ExitCode | Should -Be 0 -Because $r.StdErr
        ($r.StdOut.Trim() -split "`n").Trim() | Should -Be 'SIGUSR1', 'SIGUSR2', 'SIGRTMIN+3'
    }

    It 'emits the signal, its number and when it came' {
        $r = Invoke-Peer '$t0 = Get-Date; $null = Start-ThreadJob { Start-Sleep -Milliseconds 300; & /usr/bin/kill -s HUP $using:PID }; $s = Wait-IpcSignal HUP -TimeoutSec 20; $s.GetType().FullName; $s.Signal; $s.Number; ($s.TimeReceived -ge $t0)'
        $r.ExitCode | Should -Be 0 -Because $r.StdErr
        ($r.StdOut.Trim() -split "`n").Trim() | Should -Be 'PosixIpc.Signals.ReceivedSignal', 'SIGHUP', '1', 'True'
    }

    It 'ends with SignalWaitTimeout after -TimeoutSec and gives the signal its old behaviour back' {
        $sw = [Diagnostics.Stopwatch]::StartNew()
        try { Wait-IpcSignal USR2 -TimeoutSec 0.5; $e = $null } catch { $e = $_ }
        $sw.Elapsed.TotalSeconds | Should -BeGreaterOrEqual 0.45
        $sw.Elapsed.TotalSeconds | Should -BeLessThan 5
        $e.FullyQualifiedErrorId | Should -Be 'SignalWaitTimeout,PosixIpc.Commands.WaitIpcSignalCommand'
        $e.CategoryInfo.Category | Should -Be 'OperationTimeout'
        (Get-IpcSignal -Id $PID).Caught | Should -Not -Contain 'SIGUSR2'
    }

    It 'ends promptly on Ctrl+C (StopProcessing)' {
        $stop = Invoke-Stoppable 'Wait-IpcSignal USR2'
        $stop.CompletedBeforeStop | Should -BeFalse
        $stop.StopSeconds | Should -BeLessThan 2
        $stop.State | Should -Be 'Stopped'
        (Get-IpcSignal -Id $PID).Caught | Should -Not -Contain 'SIGUSR2'
    }

    It 'refuses <Name> with SignalNotCatchable' -ForEach @(
        @{ Name = 'KILL' }, @{ Name = 'STOP' }, @{ Name = 'SEGV' }, @{ Name = 'RTMIN' }, @{ Name = '32' }
    ) {
        try { Wait-IpcSignal $Name -TimeoutSec 1; $e = $null } catch { $e = $_ }
        $e.FullyQualifiedErrorId | Should -Be 'SignalNotCatchable,PosixIpc.Commands.WaitIpcSignalCommand'
        $e.CategoryInfo.Category | Should -Be 'InvalidArgument'
    }

    It 'refuses an unknown name with SignalUnknown' {
        { Wait-IpcSignal USR9 -TimeoutSec 1 } | Should -Throw -ErrorId 'SignalUnknown,PosixIpc.Commands.WaitIpcSignalCommand'
    }
}

Describe 'Register-IpcSignalEvent' {
    BeforeEach { Skip-IfMissing $MissingPeers }
    It 'queues engine events for Wait-Event and Get-Event, and Unregister-Event restores the default' {
        $script = @'
$null = Register-IpcSignalEvent -Signal USR1, USR2 -SourceIdentifier sig -MessageData 'md'
Send-IpcSignal $PID USR1
$e = Wait-Event -SourceIdentifier sig -Timeout 10
"$($e.SourceIdentifier) $($e.SourceEventArgs.Signal) $($e.MessageData) $($e.SourceEventArgs.GetType().Name)"
Remove-Event -SourceIdentifier sig
Send-IpcSignal $PID USR2
$null = Wait-Event -SourceIdentifier sig -Timeout 10
(Get-Event -SourceIdentifier sig).SourceEventArgs.Number
(Get-IpcSignal -Id $PID).Caught -contains 'SIGUSR1'
Unregister-Event -SourceIdentifier sig
(Get-IpcSignal -Id $PID).Caught -contains 'SIGUSR1'
'unregistered'
Start-Sleep 30
'still alive'
'@
        $peer = Start-Peer -Pwsh $script
        $seen = Wait-Until { (Get-IpcSignal -Id $peer.Id -ErrorAction SilentlyContinue).Caught -contains 'SIGUSR1' } -TimeoutSec 30
        $seen | Should -BeTrue
        Wait-Until { -not ((Get-IpcSignal -Id $peer.Id -ErrorAction SilentlyContinue).Caught -contains 'SIGUSR1') } -TimeoutSec 30 | Should -BeTrue
        Start-Sleep -Milliseconds 200
        Send-IpcSignal $peer.Id USR1
        $r = $peer | Wait-Peer -TimeoutSec 20
        $r.TimedOut | Should -BeFalse
        $r.ExitCode | Should -Be (128 + 10) -Because 'USR1 ends the process again once nothing handles it'
        ($r.StdOut.Trim() -split "`n").Trim() | Should -Be 'sig SIGUSR1 md ReceivedSignal', '12', 'True', 'False', 'unregistered'
    }

    It 'runs -Action for each signal, sent by another process' {
        # Standard signals that arrive together merge into one, so each HUP is sent only once the
        # action has run for the one before (it writes a line to a file).
        $progress = New-TestPath progress
        $script = @"
`$global:got = [Collections.Concurrent.ConcurrentQueue[string]]::new()
`$job = Register-IpcSignalEvent HUP -SourceIdentifier hup -Action { `$global:got.Enqueue(`$EventArgs.Signal); Add-Content '$progress' `$EventArgs.Signal }
`$job.GetType().Name
'ready'
Set-Content '$progress.ready' 'ready'
`$sw = [Diagnostics.Stopwatch]::StartNew()
while (`$global:got.Count -lt 3 -and `$sw.Elapsed.TotalSeconds -lt 30) { Start-Sleep -Milliseconds 20 }
`$global:got.ToArray() -join ','
Unregister-Event hup
"@
        $peer = Start-Peer -Pwsh $script
        # Caught shows the handler; the ready file shows that Register-IpcSignalEvent has returned, so the
        # subscription exists too (a HUP in between would be caught and dropped).
        Wait-Until { (Test-Path "$progress.ready") -and (Get-IpcSignal -Id $peer.Id -ErrorAction SilentlyContinue).Caught -contains 'SIGHUP' } -TimeoutSec 30 | Should -BeTrue
        foreach ($i in 1..3) {
            & /usr/bin/kill -s HUP $peer.Id
            Wait-Until { (Test-Path $progress) -and @(Get-Content $progress).Count -ge $i } -TimeoutSec 20 | Should -BeTrue
        }
        $r = $peer | Wait-Peer -TimeoutSec 30
        $r.ExitCode | Should -Be 0 -Because $r.StdErr
        ($r.StdOut.Trim() -split "`n").Trim() | Should -Be 'PSEventJob', 'ready', 'SIGHUP,SIGHUP,SIGHUP'
    }

    It 'hands a signal caught before the first handler was attached to that handler, not to nobody' {
        $r = Invoke-Peer @'
$source = [PosixIpc.Signals.SignalEventSource]::new([PosixIpc.Signals.SignalInfo[]]@([PosixIpc.Signals.SignalTable]::Parse('USR2')))
Send-IpcSignal $PID USR2
Start-Sleep -Milliseconds 300
$null = Register-ObjectEvent -InputObject $source -EventName Received -SourceIdentifier early
$e = Wait-Event early -Timeout 10
"$($e.SourceEventArgs.Signal)"
Unregister-Event early
$source.Dispose()
'@
        $r.ExitCode | Should -Be 0 -Because $r.StdErr
        $r.StdOut.Trim() | Should -Be 'SIGUSR2'
    }

    It 'leaves a signal that was ignored before ignored after Unregister-Event' {
        $r = Invoke-Peer @'
$null = Register-IpcSignalEvent USR2 -SourceIdentifier u2
Unregister-Event u2
(Get-IpcSignal -Id $PID).Caught -contains 'SIGUSR2'
'@
        $r.StdOut.Trim() | Should -Be 'False'
        $shell = Start-Peer bash -ArgumentList '-c', 'trap "" USR2; exec "$0" "$@"', (Get-PwshCommand)[0], (Get-PwshCommand)[1], '-NoProfile', '-NonInteractive', '-Command',
            "Import-Module '$ModuleManifest'; `$null = Register-IpcSignalEvent USR2 -SourceIdentifier u2; Unregister-Event u2; (Get-IpcSignal -Id `$PID).Ignored -contains 'SIGUSR2'"
        $r = $shell | Wait-Peer -TimeoutSec 30
        $r.StdOut.Trim() | Should -Be 'True' -Because $r.StdErr
    }

    It 'refuses a -SourceIdentifier already in use with SignalSubscriberExists, keeping the first subscription' {
        $null = Register-IpcSignalEvent USR2 -SourceIdentifier 'sig-dup-test'
        try {
            try { Register-IpcSignalEvent USR1 -SourceIdentifier 'sig-dup-test'; $e = $null } catch { $e = $_ }
            $e.FullyQualifiedErrorId | Should -Be 'SignalSubscriberExists,PosixIpc.Commands.RegisterIpcSignalEventCommand'
            $e.CategoryInfo.Category | Should -Be 'ResourceExists'
            (Get-IpcSignal -Id $PID).Caught | Should -Contain 'SIGUSR2'
            (Get-IpcSignal -Id $PID).Caught | Should -Not -Contain 'SIGUSR1'
        }
        finally { Unregister-Event -SourceIdentifier 'sig-dup-test' }
        (Get-IpcSignal -Id $PID).Caught | Should -Not -Contain 'SIGUSR2'
    }

    It 'refuses <Name> with SignalNotCatchable' -ForEach @(@{ Name = 'KILL' }, @{ Name = 'SIGSTOP' }, @{ Name = 'FPE' }) {
        try { Register-IpcSignalEvent $Name; $e = $null } catch { $e = $_ }
        $e.FullyQualifiedErrorId | Should -Be 'SignalNotCatchable,PosixIpc.Commands.RegisterIpcSignalEventCommand'
        $e.CategoryInfo.Category | Should -Be 'InvalidArgument'
        Get-EventSubscriber | Should -BeNullOrEmpty
    }
}

Describe 'Signal cmdlets: completion, output types and help' {
    BeforeEach { Skip-IfMissing $MissingPeers }
    It 'completes signal names for -Signal' {
        $r = TabExpansion2 -inputScript 'Send-IpcSignal 1 -Signal US' -cursorColumn 27
        $r.CompletionMatches.CompletionText | Should -Be 'USR1', 'USR2'
        $r = TabExpansion2 -inputScript 'Wait-IpcSignal SIGRTMAX-' -cursorColumn 24
        $r.CompletionMatches.CompletionText | Should -Contain 'SIGRTMAX-14'
        $r = TabExpansion2 -inputScript 'Register-IpcSignalEvent -Signal h' -cursorColumn 33
        $r.CompletionMatches.CompletionText | Should -Be 'HUP'
        $r = TabExpansion2 -inputScript 'Get-IpcSignal te' -cursorColumn 16
        $r.CompletionMatches.CompletionText | Should -Be 'TERM'
    }

    It '<Name> declares its output type' -ForEach @(
        @{ Name = 'Send-IpcSignal'; Type = 'PosixIpc.Signals.SentSignal' }
        @{ Name = 'Get-IpcSignal'; Type = 'PosixIpc.Signals.SignalInfo' }
        @{ Name = 'Wait-IpcSignal'; Type = 'PosixIpc.Signals.ReceivedSignal' }
        @{ Name = 'Register-IpcSignalEvent'; Type = 'System.Management.Automation.PSEventJob' }
    ) {
        (Get-Command $Name).OutputType.Name | Should -Contain $Type
    }

    It 'has a format view for every signal output type' {
        $views = ([xml](Get-Content -Raw (Join-Path $RepoRoot 'PosixIpc.Format.ps1xml'))).Configuration.ViewDefinitions.View.ViewSelectedBy.TypeName
        foreach ($t in 'SignalInfo', 'ProcessSignalState', 'SentSignal', 'ReceivedSignal') {
            $views | Should -Contain "PosixIpc.Signals.$t"
        }
        (Get-IpcSignal USR1 | Out-String) | Should -Match 'SIGUSR1\s+Terminate'
    }

    It 'documents <Name> with every parameter in docs/help' -ForEach @(
        @{ Name = 'Send-IpcSignal' }, @{ Name = 'Get-IpcSignal' }, @{ Name = 'Wait-IpcSignal' }, @{ Name = 'Register-IpcSignalEvent' }
    ) {
        $md = Get-Content -Raw (Join-Path $RepoRoot "docs/help/$Name.md")
        $md | Should -Match '## SYNOPSIS'
        $md | Should -Match '### Example 1'
        $common = [System.Management.Automation.Cmdlet]::CommonParameters + [System.Management.Automation.Cmdlet]::OptionalCommonParameters
        foreach ($p in (Get-Command $Name).Parameters.Keys | Where-Object { $_ -notin $common -or $_ -in 'WhatIf', 'Confirm' }) {
            $md | Should -Match "### -$p\b" -Because "$Name -$p needs a help section"
        }
    }
}
