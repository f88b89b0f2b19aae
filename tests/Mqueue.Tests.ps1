# POSIX message queues: New/Get/Remove/Clear-MqQueue, Send/Receive-MqMessage and Register-MqMessageEvent
# against the built module, across real processes: a C peer (mqueue.h), other pwsh processes, another user.

BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $script:MissingPeers = Get-MissingPeer gcc

    $script:MountedByTests = Mount-Mqueue

    $script:MqPeer = Build-TestPeer mq_peer.c -Library rt

    $script:MsgMax = [long](Get-Content /proc/sys/fs/mqueue/msg_max)
    $script:MsgSizeMax = [long](Get-Content /proc/sys/fs/mqueue/msgsize_max)

    function Get-Hex([byte[]] $Bytes) { [Convert]::ToHexString($Bytes) }
}

AfterAll {
    Get-MqQueue 'mqtest-*' -ErrorAction Ignore | Remove-MqQueue -ErrorAction Ignore
}

Describe 'New-MqQueue, Get-MqQueue, Remove-MqQueue, Clear-MqQueue' {
    BeforeEach { Skip-IfMissing $MissingPeers; $script:Q = New-TestName mqtest }
    AfterEach { Remove-MqQueue $Q -ErrorAction Ignore }

    It 'creates a queue with the sizes and mode asked for, and Get-MqQueue shows it' {
        $made = New-MqQueue -Name $Q -MaxMessages 4 -MessageSize 100 -Mode 0640
        $made | Should -BeOfType PosixIpc.Mq.MqQueueInfo
        $got = Get-MqQueue $Q
        $got.Name | Should -Be $Q
        $got.MaxMessages | Should -Be 4
        $got.MessageSize | Should -Be 100
        $got.CurrentMessages | Should -Be 0
        $got.OctalMode | Should -Be '0640'
        $got.Owner | Should -Be (& id -un)
        (Get-Item "/dev/mqueue/$($Q.Substring(1))").UnixFileMode | Should -Be ([IO.UnixFileMode]'UserRead, UserWrite, GroupRead')
    }

    It 'defaults to mode 0600 and adds the slash to a bare name' {
        $made = New-MqQueue $Q.Substring(1)
        $made.Name | Should -Be $Q
        $made.OctalMode | Should -Be '0600'
    }

    It 'refuses an existing queue with MqExists, and -Force reuses it without emptying it' {
        New-MqQueue $Q -MaxMessages 3
        Send-MqMessage $Q 'kept'
        { New-MqQueue $Q -ErrorAction Stop } | Should -Throw -ErrorId 'MqExists,PosixIpc.Commands.NewMqQueueCommand'
        (New-MqQueue $Q -Force).CurrentMessages | Should -Be 1
    }

    It 'lists queues by wildcard, and an exact -Name of a missing queue is MqNotFound' {
        New-MqQueue $Q
        @(Get-MqQueue 'mqtest-*').Name | Should -Contain $Q
        @(Get-MqQueue).Name | Should -Contain $Q
        { Get-MqQueue '/mqtest-missing' -ErrorAction Stop } | Should -Throw -ErrorId 'MqNotFound,PosixIpc.Commands.GetMqQueueCommand'
    }

    It 'says how to mount the mqueue file system where it is not mounted, and an exact name still works' {
        New-MqQueue $Q
        $saved = Set-TestHook ([PosixIpc.Mq.MqQueues]) MountPoint '/nonexistent/mqueue'
        try {
            $err = $null
            Get-MqQueue -ErrorVariable err -ErrorAction SilentlyContinue
            $err[0].FullyQualifiedErrorId | Should -Be 'MqNotMounted,PosixIpc.Commands.GetMqQueueCommand'
            "$($err[0])" | Should -Match 'mount -t mqueue none /nonexistent/mqueue'
            (Get-MqQueue $Q).Name | Should -Be $Q
        }
        finally {
            $null = Set-TestHook ([PosixIpc.Mq.MqQueues]) MountPoint $saved
        }
    }

    It 'removes queues from the pipeline, honours -WhatIf, and Clear-MqQueue empties one' {
        New-MqQueue $Q
        'a', 'b' | Send-MqMessage $Q
        Clear-MqQueue $Q -WhatIf
        (Get-MqQueue $Q).CurrentMessages | Should -Be 2
        (Clear-MqQueue $Q -PassThru).CurrentMessages | Should -Be 0
        Get-MqQueue $Q | Remove-MqQueue -WhatIf
        Test-Path "/dev/mqueue/$($Q.Substring(1))" | Should -BeTrue
        Get-MqQueue $Q | Remove-MqQueue
        Test-Path "/dev/mqueue/$($Q.Substring(1))" | Should -BeFalse
        { Remove-MqQueue $Q -ErrorAction Stop } | Should -Throw -ErrorId 'MqNotFound,PosixIpc.Commands.RemoveMqQueueCommand'
    }

    It 'takes queues from Get-MqQueue into Receive-MqMessage by property name' {
        New-MqQueue $Q
        Send-MqMessage $Q 'piped'
        (Get-MqQueue $Q | Receive-MqMessage -TimeoutSec 5).Text | Should -Be 'piped'
    }

    It 'completes queue names on Tab' {
        New-MqQueue $Q
        $line = "Receive-MqMessage -Name $($Q.Substring(0, 10))"
        $completion = TabExpansion2 -inputScript $line -cursorColumn $line.Length
        $completion.CompletionMatches.CompletionText | Should -Contain $Q
    }
}

Describe 'Bad input' {
    BeforeEach { Skip-IfMissing $MissingPeers; $script:Q = New-TestName mqtest }
    AfterEach { Remove-MqQueue $Q -ErrorAction Ignore }

    It 'refuses the name <Name> with MqInvalidName before any system call' -ForEach @(
        @{ Name = '/a/b' }
        @{ Name = 'a/b' }
        @{ Name = '//a' }
        @{ Name = '/' }
        @{ Name = ('/' + ('x' * 256)) }
    ) {
        $err = $null
        New-MqQueue $Name -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -Be 'MqInvalidName,PosixIpc.Commands.NewMqQueueCommand'
        $err[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        "$($err[0])" | Should -Match 'at most 255 bytes, with no further slash'
        { Send-MqMessage $Name 'x' } | Should -Throw -ErrorId 'MqInvalidName,PosixIpc.Commands.SendMqMessageCommand'
    }

    It 'takes a name of exactly 255 bytes' {
        $long = '/mqtest-' + ('y' * 247)
        try { (New-MqQueue $long).Name | Should -Be $long }
        finally { Remove-MqQueue $long -ErrorAction Ignore }
    }

    It 'reports a missing queue as MqNotFound' {
        { Send-MqMessage $Q 'x' } | Should -Throw -ErrorId 'MqNotFound,PosixIpc.Commands.SendMqMessageCommand'
        { Receive-MqMessage $Q -NoWait -ErrorAction Stop } | Should -Throw -ErrorId 'MqNotFound,PosixIpc.Commands.ReceiveMqMessageCommand'
    }

    It 'refuses sizes over the system limits, naming the limit and the sysctl' {
        $err = $null
        New-MqQueue $Q -MaxMessages ($MsgMax + 1) -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -Be 'MqLimitExceeded,PosixIpc.Commands.NewMqQueueCommand'
        "$($err[0])" | Should -Match "limit of $MsgMax .*msg_max.*sysctl -w fs.mqueue.msg_max"
        New-MqQueue $Q -MessageSize ($MsgSizeMax + 1) -ErrorVariable err -ErrorAction SilentlyContinue
        "$($err[0])" | Should -Match "limit of $MsgSizeMax .*msgsize_max"
        Test-Path "/dev/mqueue/$($Q.Substring(1))" | Should -BeFalse
    }

    It 'fails at once on a full queue with -NoWait, carrying the message that was not sent' {
        New-MqQueue $Q -MaxMessages 2
        $err = $null
        $sw = [Diagnostics.Stopwatch]::StartNew()
        'one', 'two', 'three', 'four' | Send-MqMessage $Q -NoWait -ErrorVariable err -ErrorAction SilentlyContinue
        $sw.Elapsed.TotalSeconds | Should -BeLessThan 1
        $err.Count | Should -Be 2
        $err[0].FullyQualifiedErrorId | Should -Be 'MqFull,PosixIpc.Commands.SendMqMessageCommand'
        $err[0].CategoryInfo.Category | Should -Be 'OperationTimeout'
        $err.Exception.Unsent | Should -Be 'three', 'four'
    }

    It 'waits up to -TimeoutSec on a full queue, then MqSendTimeout carries the message' {
        New-MqQueue $Q -MaxMessages 1
        Send-MqMessage $Q 'first'
        $sw = [Diagnostics.Stopwatch]::StartNew()
        $caught = $null
        try { Send-MqMessage $Q 'second' -TimeoutSec 0.5 -ErrorAction Stop } catch { $caught = $_ }
        $sw.Elapsed.TotalSeconds | Should -BeGreaterOrEqual 0.45
        $sw.Elapsed.TotalSeconds | Should -BeLessThan 3
        $caught.FullyQualifiedErrorId | Should -Be 'MqSendTimeout,PosixIpc.Commands.SendMqMessageCommand'
        $caught.CategoryInfo.Category | Should -Be 'OperationTimeout'
        $caught.Exception.Unsent | Should -Be 'second'
    }

    It 'says with -Verbose, once, that a full queue holds the send up and how to go on' {
        New-MqQueue $Q -MaxMessages 1
        Send-MqMessage $Q 'first'
        $verbose = @()
        try { Send-MqMessage $Q 'second' -TimeoutSec 0.6 -Verbose 4>&1 | ForEach-Object { $verbose += $_ } } catch { $caught = $_ }
        $caught.FullyQualifiedErrorId | Should -Be 'MqSendTimeout,PosixIpc.Commands.SendMqMessageCommand'
        @($verbose).Count | Should -Be 1
        $verbose[0].Message | Should -BeLike "The message queue '$Q' is full (1 messages): waiting for room, up to 0.6 s per message.*Receive-MqMessage $Q*-NoWait*"
    }

    It 'receives with -NoWait and -TimeoutSec on an empty queue as MqEmpty and MqReceiveTimeout' {
        New-MqQueue $Q
        { Receive-MqMessage $Q -NoWait -ErrorAction Stop } | Should -Throw -ErrorId 'MqEmpty,PosixIpc.Commands.ReceiveMqMessageCommand'
        { Receive-MqMessage $Q -TimeoutSec 0.3 -ErrorAction Stop } | Should -Throw -ErrorId 'MqReceiveTimeout,PosixIpc.Commands.ReceiveMqMessageCommand'
    }

    It 'refuses a message larger than the queue takes as MqMessageTooLarge naming both sizes' {
        New-MqQueue $Q -MessageSize 64
        $err = $null
        Send-MqMessage $Q -Value ([byte[]]::new(65)) -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -Be 'MqMessageTooLarge,PosixIpc.Commands.SendMqMessageCommand'
        $err[0].CategoryInfo.Category | Should -Be 'LimitsExceeded'
        "$($err[0])" | Should -Match '65 bytes.*MessageSize 64 bytes'
        $err[0].Exception.Unsent.Length | Should -Be 65
    }

    It 'reports permission denied for another user as MqPermissionDenied' {
        New-MqQueue $Q -Mode 0600
        $out = Invoke-AsOtherUser "try { Send-MqMessage '$Q' 'x' } catch { `$_.FullyQualifiedErrorId; `$_.CategoryInfo.Category }"
        $out | Should -Contain 'MqPermissionDenied,PosixIpc.Commands.SendMqMessageCommand'
        $out | Should -Contain 'PermissionDenied'
        (Get-MqQueue $Q).CurrentMessages | Should -Be 0
        # Get-MqQueue still shows the mode and owner of a queue it may not open, with empty sizes.
        $seen = Invoke-AsOtherUser "`$q = Get-MqQueue '$Q'; `"`$(`$q.OctalMode) `$(`$q.Owner) [`$(`$q.MaxMessages)]`""
        $seen | Should -Contain "0600 $(& id -un) []"
    }

    It 'ends a waiting Receive-MqMessage -Wait promptly on Ctrl+C' {
        New-MqQueue $Q
        $r = Invoke-Stoppable "Receive-MqMessage '$Q' -Wait"
        $r.CompletedBeforeStop | Should -BeFalse
        $r.StopSeconds | Should -BeLessThan 1
        $r.State | Should -Be 'Stopped'
    }
}

Describe 'Messages across processes' {
    BeforeEach { Skip-IfMissing $MissingPeers; $script:Q = New-TestName mqtest }
    AfterEach { Remove-MqQueue $Q -ErrorAction Ignore }

    It 'receives what a C program sent, highest priority first, with exact bytes' {
        New-MqQueue $Q -MaxMessages 10 -MessageSize 64
        $r = Start-Peer $MqPeer -ArgumentList send, $Q | Wait-Peer
        $r.ExitCode | Should -Be 0 -Because $r.StdErr
        $got = Receive-MqMessage $Q -Count 5 -TimeoutSec 5
        $got[0] | Should -BeOfType PosixIpc.Mq.MqMessage
        $got.Priority | Should -Be 5, 4, 3, 2, 1
        foreach ($m in $got) {
            $expected = [Text.Encoding]::ASCII.GetBytes("prio-$($m.Priority)") + [byte[]](0, 255, $m.Priority)
            Get-Hex $m.Body | Should -Be (Get-Hex $expected)
            $m.Length | Should -Be $expected.Length
            $m.Queue | Should -Be $Q
            $m.ReceivedAt | Should -BeOfType datetime
        }
        $got[0].Text | Should -BeLike 'prio-5*'
    }

    It 'sends what a C program receives, with exact bytes and priorities' {
        New-MqQueue $Q -MaxMessages 10 -MessageSize 64
        Send-MqMessage $Q -Value ([byte[]](0, 1, 2, 255)) -Priority 2
        Send-MqMessage $Q 'héllo' -Priority 7
        Send-MqMessage $Q 'low' -Priority 0
        $r = Start-Peer $MqPeer -ArgumentList recv, $Q, 3 | Wait-Peer
        $r.ExitCode | Should -Be 0 -Because $r.StdErr
        $lines = $r.StdOut.Trim() -split "`n"
        $lines[0] | Should -Be "7 $(Get-Hex ([Text.Encoding]::UTF8.GetBytes('héllo')))"
        $lines[1] | Should -Be '2 000102FF'
        $lines[2] | Should -Be "0 $(Get-Hex ([Text.Encoding]::UTF8.GetBytes('low')))"
    }

    It 'carries PowerShell objects from one pwsh to another with -Serialize and -Deserialize' {
        New-MqQueue $Q -MaxMessages 10 -MessageSize 8192
        $countFile = Join-Path $TestDrive 'count.txt'
        $sender = Start-Peer -Pwsh @"
`$p = @(Get-Process | Select-Object Id, Name, CPU)
Set-Content '$countFile' `$p.Count
`$p | Send-MqMessage '$Q' -Serialize -TimeoutSec 30
`$p.Id -join ','
"@
        Wait-Until { Test-Path $countFile } -TimeoutSec 30 | Should -BeTrue
        Start-Sleep -Milliseconds 100
        $count = [int](Get-Content $countFile)
        $objects = @(Receive-MqMessage $Q -Count $count -Deserialize -TimeoutSec 30)
        $r = $sender | Wait-Peer
        $r.ExitCode | Should -Be 0 -Because $r.StdErr
        $objects.Count | Should -Be $count
        ($objects.Id -join ',') | Should -Be $r.StdOut.Trim()
        $objects[0].PSObject.Properties.Name | Should -Be 'Id', 'Name', 'CPU'
        $objects[0].Name | Should -Not -BeNullOrEmpty
    }

    It 'refuses an object whose CliXml is larger than the queue, suggesting Select-Object or a larger -MessageSize' {
        New-MqQueue $Q -MessageSize 512
        $err = $null
        Get-Process -Id $PID | Send-MqMessage $Q -Serialize -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -Be 'MqMessageTooLarge,PosixIpc.Commands.SendMqMessageCommand'
        "$($err[0])" | Should -Match 'Select-Object'
        "$($err[0])" | Should -Match '-MessageSize'
        $err[0].Exception.Unsent.Id | Should -Be $PID
    }

    It 'sends into room and takes a waiting message with one system call each, without a timed wait' {
        # The first try passes the time 0 (no clock read, no wait); only a full or empty queue leads to timed slices.
        if (Get-MissingPeer strace) { Set-ItResult -Skipped -Because 'it needs strace (build.ps1 Test installs it as root)'; return }
        New-MqQueue $Q -MaxMessages 10 -MessageSize 64
        $log = Join-Path $TestDrive 'mq.strace'
        $exe, $dll = Get-PwshCommand
        $script = "`$ErrorActionPreference = 'Stop'; Import-Module '$ModuleManifest'; 'a', 'b', 'c' | Send-MqMessage '$Q'; (Receive-MqMessage '$Q' -Count 3).Text -join ','"
        $r = Start-Peer strace -ArgumentList '-f', '-qq', '-e', 'trace=mq_timedsend,mq_timedreceive', '-o', $log, $exe, $dll, '-NoProfile', '-NonInteractive', '-Command', $script |
            Wait-Peer -TimeoutSec 120
        $r.ExitCode | Should -Be 0 -Because $r.StdErr
        $r.StdOut.Trim() | Should -Be 'a,b,c'
        $calls = @(Get-Content $log | Where-Object { $_ -match 'mq_timed(send|receive)\(' })
        @($calls -match 'mq_timedsend\(').Count | Should -Be 3 -Because ($calls -join "`n")
        @($calls -match 'mq_timedreceive\(').Count | Should -Be 3 -Because ($calls -join "`n")
        $calls | Should -Match '\{tv_sec=0, tv_nsec=0\}\) = \d+$'
    }

    It 'stops serializing an object too large for the queue at its MessageSize (Get-Item / at -Depth 30): MqMessageTooLarge, nothing partial queued, pwsh goes on' {
        New-MqQueue $Q -MessageSize 8192 | Out-Null
        # The sender's heap is capped (1 GiB): serializing the whole graph first fails there (or takes minutes) instead.
        $r = Invoke-Peer -TimeoutSec 120 -Environment @{ DOTNET_GCHeapHardLimit = '0x40000000' } -Pwsh @"
Get-Item / | Send-MqMessage '$Q' -Serialize -Depth 30 -ErrorVariable err -ErrorAction SilentlyContinue
'after' | Send-MqMessage '$Q'
"`$(`$err[0].FullyQualifiedErrorId)|`$(`$err[0].Exception.Unsent.FullName)|`$(`$err[0].Exception.Message)"
"@
        $r.TimedOut | Should -BeFalse
        $r.ExitCode | Should -Be 0 -Because $r.StdErr
        $id, $unsent, $message = $r.StdOut.Trim() -split '\|'
        $id | Should -Be 'MqMessageTooLarge,PosixIpc.Commands.SendMqMessageCommand'
        $unsent | Should -Be '/'
        $message | Should -BeLike '*Serializing it stopped there*'
        (Get-MqQueue $Q).CurrentMessages | Should -Be 1
        (Receive-MqMessage $Q -NoWait).Text | Should -Be 'after'
    }

    It 'delivers 100,000 messages from 4 producer processes to 2 consumers exactly once' {
        New-MqQueue $Q -MaxMessages $MsgMax -MessageSize 64
        $outs = 1..2 | ForEach-Object { Join-Path $TestDrive "consumer-$_.txt" }
        $consumers = foreach ($out in $outs) {
            Start-Peer -Pwsh @"
`$w = [IO.StreamWriter]::new('$out')
Receive-MqMessage '$Q' -Wait | ForEach-Object { if (`$_.Priority -eq 0) { `$w.Close(); exit 0 }; `$w.WriteLine(`$_.Text) }
"@
        }
        $producers = foreach ($p in 1..4) {
            Start-Peer -Pwsh "1..25000 | ForEach-Object { '$p-' + `$_ } | Send-MqMessage '$Q' -Priority 1"
        }
        foreach ($r in $producers | Wait-Peer -TimeoutSec 300) { $r.ExitCode | Should -Be 0 -Because $r.StdErr }
        # One end marker per consumer, at the lowest priority: each is taken only once every message is.
        'end', 'end' | Send-MqMessage $Q -Priority 0
        foreach ($r in $consumers | Wait-Peer -TimeoutSec 300) { $r.ExitCode | Should -Be 0 -Because $r.StdErr }
        $all = [Collections.Generic.List[string]]::new()
        foreach ($out in $outs) { $all.AddRange([IO.File]::ReadAllLines($out)) }
        $all.Count | Should -Be 100000
        [Collections.Generic.HashSet[string]]::new($all).Count | Should -Be 100000
        foreach ($p in 1..4) { @($all | Where-Object { $_.StartsWith("$p-") }).Count | Should -Be 25000 }
    }
}

Describe 'Register-MqMessageEvent' {
    BeforeEach { Skip-IfMissing $MissingPeers; $script:Q = New-TestName mqtest }
    AfterEach {
        Get-EventSubscriber -ErrorAction Ignore | Where-Object SourceIdentifier -Like 'mqtest*' | Unregister-Event
        Get-Event -ErrorAction Ignore | Where-Object SourceIdentifier -Like 'mqtest*' | Remove-Event
        Remove-MqQueue $Q -ErrorAction Ignore
    }

    It 'raises an event per message sent by another process, highest priority first' {
        New-MqQueue $Q
        Register-MqMessageEvent $Q -SourceIdentifier mqtest-events
        $r = Start-Peer $MqPeer -ArgumentList send, $Q | Wait-Peer
        $r.ExitCode | Should -Be 0
        Wait-Until { @(Get-Event -SourceIdentifier mqtest-events -ErrorAction Ignore).Count -eq 5 } -TimeoutSec 10 | Should -BeTrue
        $events = @(Get-Event -SourceIdentifier mqtest-events)
        $events[0].SourceEventArgs | Should -BeOfType PosixIpc.Mq.MqMessage
        $events.SourceEventArgs.Text | ForEach-Object { $_ | Should -BeLike 'prio-*' }
        @($events.SourceEventArgs.Priority | Sort-Object) | Should -Be 1, 2, 3, 4, 5
    }

    It 'runs an -Action per message and stops receiving after Unregister-Event' {
        New-MqQueue $Q
        $seen = [Collections.Concurrent.ConcurrentQueue[string]]::new()
        $job = Register-MqMessageEvent $Q -SourceIdentifier mqtest-action -MessageData $seen -Action { $Event.MessageData.Enqueue($EventArgs.Text) }
        $job | Should -BeOfType System.Management.Automation.PSEventJob
        'a', 'b', 'c' | Send-MqMessage $Q
        Wait-Until { $seen.Count -eq 3 } -TimeoutSec 10 | Should -BeTrue
        @($seen | Sort-Object) | Should -Be 'a', 'b', 'c'
        Unregister-Event -SourceIdentifier mqtest-action
        Start-Sleep -Milliseconds 300
        Send-MqMessage $Q 'after'
        Start-Sleep -Milliseconds 300
        (Get-MqQueue $Q).CurrentMessages | Should -Be 1
    }

    It 'takes no more than -MaxInFlight messages while the events wait, and gives them back at Unregister-Event' {
        New-MqQueue $Q -MaxMessages 10
        Register-MqMessageEvent $Q -SourceIdentifier mqtest-bp -MaxInFlight 3
        1..8 | ForEach-Object { "m$_" } | Send-MqMessage $Q
        Wait-Until { @(Get-Event -SourceIdentifier mqtest-bp -ErrorAction Ignore).Count -eq 3 } -TimeoutSec 10 | Should -BeTrue
        Start-Sleep -Milliseconds 300
        @(Get-Event -SourceIdentifier mqtest-bp).SourceEventArgs.Text | Should -Be 'm1', 'm2', 'm3'
        (Get-MqQueue $Q).CurrentMessages | Should -Be 5
        Get-Event -SourceIdentifier mqtest-bp | Remove-Event
        Wait-Until { @(Get-Event -SourceIdentifier mqtest-bp -ErrorAction Ignore).Count -eq 3 } -TimeoutSec 10 | Should -BeTrue
        @(Get-Event -SourceIdentifier mqtest-bp).SourceEventArgs.Text | Should -Be 'm4', 'm5', 'm6'
        $sw = [Diagnostics.Stopwatch]::StartNew()
        Unregister-Event -SourceIdentifier mqtest-bp
        $sw.Elapsed.TotalSeconds | Should -BeLessThan 0.5
        Wait-Until { (Get-MqQueue $Q).CurrentMessages -eq 5 } -TimeoutSec 5 | Should -BeTrue
        @(Get-Event -SourceIdentifier mqtest-bp -ErrorAction Ignore).Count | Should -Be 0
        # The messages given back go behind those of their priority that waited.
        @(Receive-MqMessage $Q -Count 5 -TimeoutSec 5).Text | Should -Be 'm7', 'm8', 'm4', 'm5', 'm6'
    }

    It 'reports the messages in flight that cannot go back to a full queue at Unregister-Event: MqMessageNotGivenBack in $Error, each message once' {
        New-MqQueue $Q -MaxMessages 4 | Out-Null
        Register-MqMessageEvent $Q -SourceIdentifier mqtest-full -MaxInFlight 2
        'f1', 'f2' | Send-MqMessage $Q
        Wait-Until { @(Get-Event -SourceIdentifier mqtest-full -ErrorAction Ignore).Count -eq 2 } -TimeoutSec 10 | Should -BeTrue
        # A producer fills the queue meanwhile: there is no room to give the two back.
        'q1', 'q2', 'q3', 'q4' | Send-MqMessage $Q
        $sw = [Diagnostics.Stopwatch]::StartNew()
        Unregister-Event -SourceIdentifier mqtest-full 3>$null
        $sw.Elapsed.TotalSeconds | Should -BeLessThan 5
        $lost = @($Error | Where-Object { $_.FullyQualifiedErrorId -like 'MqMessageNotGivenBack*' -and $_.TargetObject.Queue -eq $Q })
        @($lost.TargetObject.Text | Sort-Object) | Should -Be 'f1', 'f2'
        $lost[0].CategoryInfo.Category | Should -Be 'OperationStopped'
        # Reported, so not also left as events: each message reaches the script once.
        @(Get-Event -SourceIdentifier mqtest-full -ErrorAction Ignore).Count | Should -Be 0
        @(Receive-MqMessage $Q -Count 4 -TimeoutSec 5).Text | Should -Be 'q1', 'q2', 'q3', 'q4'
    }

    It 'counts an event the script took from the event queue as delivered at Unregister-Event, and gives back only the others' {
        New-MqQueue $Q -MaxMessages 10 | Out-Null
        Register-MqMessageEvent $Q -SourceIdentifier mqtest-taken -MaxInFlight 4
        't1', 't2', 't3' | Send-MqMessage $Q
        Wait-Until { @(Get-Event -SourceIdentifier mqtest-taken -ErrorAction Ignore).Count -eq 3 } -TimeoutSec 10 | Should -BeTrue
        # Taken below the limit, so the source has not looked yet; at the end it must not give t1 back.
        $taken = Get-Event -SourceIdentifier mqtest-taken | Select-Object -First 1
        $taken | Remove-Event
        Unregister-Event -SourceIdentifier mqtest-taken
        $taken.SourceEventArgs.Text | Should -Be 't1'
        @(Receive-MqMessage $Q -Count 2 -TimeoutSec 5).Text | Should -Be 't2', 't3'
        (Get-MqQueue $Q).CurrentMessages | Should -Be 0
    }

    It 'runs the -Action for a queue''s messages in queue order' {
        New-MqQueue $Q -MaxMessages 10
        $seen = [Collections.Concurrent.ConcurrentQueue[string]]::new()
        $null = Register-MqMessageEvent $Q -SourceIdentifier mqtest-order -MessageData $seen -Action { $Event.MessageData.Enqueue($EventArgs.Text) }
        $sender = Start-Peer -Pwsh "1..500 | ForEach-Object { 'o' + `$_ } | Send-MqMessage '$Q' -TimeoutSec 60"
        Wait-Until { $seen.Count -eq 500 } -TimeoutSec 60 | Should -BeTrue
        Unregister-Event -SourceIdentifier mqtest-order
        ($sender | Wait-Peer).ExitCode | Should -Be 0
        @($seen) | Should -Be (1..500 | ForEach-Object { "o$_" })
    }

    It 'keeps a flood of events into a child runspace within -MaxInFlight, so PowerShell''s event engine there is never swamped: all delivered in order, pwsh lives' {
        New-MqQueue $Q -MaxMessages 10 | Out-Null
        $r = Invoke-Peer -TimeoutSec 180 -Pwsh @"
`$seen = [Collections.Concurrent.ConcurrentQueue[string]]::new()
`$rs = [runspacefactory]::CreateRunspace(); `$rs.Open()
`$ps = [powershell]::Create(); `$ps.Runspace = `$rs
# The child runspace registers, then runs a script that waits while the events' actions come.
`$null = `$ps.AddScript("Import-Module '$ModuleManifest'; ```$null = Register-MqMessageEvent '$Q' -SourceIdentifier flood -MaxInFlight 8 -MessageData ```$args[0] -Action { ```$Event.MessageData.Enqueue(```$EventArgs.Text) }; while (```$args[0].Count -lt 3000) { Start-Sleep -Milliseconds 10 }").AddArgument(`$seen)
`$child = `$ps.BeginInvoke()
Start-Sleep -Seconds 1
`$sender = [powershell]::Create().AddScript("Import-Module '$ModuleManifest'; 1..3000 | ForEach-Object { 'f' + ```$_ } | Send-MqMessage '$Q' -TimeoutSec 60")
`$handle = `$sender.BeginInvoke()
`$most = 0; `$sw = [Diagnostics.Stopwatch]::StartNew()
while (`$seen.Count -lt 3000 -and `$sw.Elapsed.TotalSeconds -lt 120) {
    `$most = [Math]::Max(`$most, `$rs.Events.ReceivedEvents.Count)
    Start-Sleep -Milliseconds 5
}
`$null = `$sender.EndInvoke(`$handle)
`$null = `$ps.EndInvoke(`$child)
`$inOrder = (@(`$seen) -join ',') -eq ((1..3000 | ForEach-Object { 'f' + `$_ }) -join ',')
"`$(`$seen.Count)|`$inOrder|`$most"
"@
        $r.TimedOut | Should -BeFalse
        $r.ExitCode | Should -Be 0 -Because $r.StdErr
        $count, $inOrder, $most = $r.StdOut.Trim() -split '\|'
        [int]$count | Should -Be 3000
        $inOrder | Should -Be 'True'
        [int]$most | Should -BeLessOrEqual 8
    }

    It 'names a subscription without -SourceIdentifier by a GUID, one per queue piped in' {
        $Q2 = New-TestName mqtest
        $subs = @()
        New-MqQueue $Q
        New-MqQueue $Q2
        try {
            $Q, $Q2 | ForEach-Object { [pscustomobject]@{ Name = $_ } } | Register-MqMessageEvent
            $subs = @(Get-EventSubscriber | Where-Object { $_.SourceObject -is [PosixIpc.Mq.MqMessageEventSource] -and $_.SourceObject.Name -in $Q, $Q2 -and $_.SourceIdentifier -notlike '*.Failed' })
            $subs.Count | Should -Be 2
            foreach ($s in $subs) { [guid]::TryParse($s.SourceIdentifier, [ref][guid]::Empty) | Should -BeTrue -Because $s.SourceIdentifier }
            $subs[0].SourceIdentifier | Should -Not -Be $subs[1].SourceIdentifier
            Send-MqMessage $Q2 'to-two'
            $e = Wait-Event -SourceIdentifier ($subs | Where-Object { $_.SourceObject.Name -eq $Q2 }).SourceIdentifier -Timeout 10
            $e.SourceEventArgs.Text | Should -Be 'to-two'
            $e | Remove-Event
        }
        finally {
            $subs | Unregister-Event -ErrorAction Ignore
            Remove-MqQueue $Q2 -ErrorAction Ignore
        }
    }

    It 'unregisters itself after -MaxTriggerCount 2 events, leaving the other messages in the queue' {
        New-MqQueue $Q -MaxMessages 10
        $seen = [Collections.Concurrent.ConcurrentQueue[string]]::new()
        $null = Register-MqMessageEvent $Q -SourceIdentifier mqtest-twice -MaxTriggerCount 2 -MaxInFlight 1 -MessageData $seen -Action { $Event.MessageData.Enqueue($EventArgs.Text) }
        1..5 | ForEach-Object { "t$_" } | Send-MqMessage $Q
        Wait-Until { $seen.Count -eq 2 -and -not (Get-EventSubscriber -SourceIdentifier mqtest-twice -ErrorAction Ignore) } -TimeoutSec 10 | Should -BeTrue
        Wait-Until { (Get-MqQueue $Q).CurrentMessages -eq 3 } -TimeoutSec 5 | Should -BeTrue
        @($seen) | Should -Be 't1', 't2'
        @(Receive-MqMessage $Q -Count 3 -TimeoutSec 5).Text | Sort-Object | Should -Be 't3', 't4', 't5'
    }

    It 'refuses a source identifier in use and a missing queue' {
        New-MqQueue $Q
        Register-MqMessageEvent $Q -SourceIdentifier mqtest-dup
        { Register-MqMessageEvent $Q -SourceIdentifier mqtest-dup } | Should -Throw -ErrorId 'MqSubscriberExists,PosixIpc.Commands.RegisterMqMessageEventCommand'
        { Register-MqMessageEvent '/mqtest-missing' } | Should -Throw -ErrorId 'MqNotFound,PosixIpc.Commands.RegisterMqMessageEventCommand'
    }
}
