# POSIX named semaphores: the *-IpcSemaphore cmdlets of the built module, with a C program using
# sem_open/sem_wait/sem_post (tests/peers/sem_peer.c) on the same semaphore, and four pwsh processes
# counting in one shared memory segment under Use-IpcSemaphore.

BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $script:MissingPeers = Get-MissingPeer gcc
    $script:SemPeer = Build-TestPeer sem_peer.c -Library pthread
}

AfterAll {
    Stop-StartedPeers
    Get-ChildItem /dev/shm -Filter 'sem.semtest-*' -ErrorAction Ignore | Remove-Item -ErrorAction Ignore
    Get-ChildItem /dev/shm -Filter 'semtest-*' -ErrorAction Ignore | Remove-Item -ErrorAction Ignore
}

Describe 'New-IpcSemaphore, Get-IpcSemaphore, Remove-IpcSemaphore' {
    BeforeEach { Skip-IfMissing $MissingPeers; $script:N = New-TestName semtest }
    AfterEach { Remove-IpcSemaphore $N -ErrorAction Ignore }

    It 'creates a semaphore with value 1 and mode 0600 by default, where glibc keeps it' {
        $info = New-IpcSemaphore $N
        $info | Should -BeOfType ([PosixIpc.Semaphores.SemaphoreInfo])
        $info.Value | Should -Be 1
        $info.OctalMode | Should -Be '0600'
        $info.Path | Should -Be "/dev/shm/sem.$($N.TrimStart('/'))"
        (stat -c '%a' $info.Path) | Should -Be '600'
        & $SemPeer value $N | Should -Be '1'
    }

    It 'sets -InitialValue and the exact -Mode' {
        $info = New-IpcSemaphore $N -InitialValue 3 -Mode 0666
        $info.Value | Should -Be 3
        (stat -c '%a' $info.Path) | Should -Be '666'
    }

    It 'refuses an existing semaphore with SemaphoreExists; -Force reuses it without resetting its value' {
        $null = New-IpcSemaphore $N -InitialValue 2
        New-IpcSemaphore $N -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -Be 'SemaphoreExists,PosixIpc.Commands.NewIpcSemaphoreCommand'
        $err[0].CategoryInfo.Category | Should -Be 'ResourceExists'
        $err[0].TargetObject | Should -Be $N
        $info = New-IpcSemaphore $N -InitialValue 5 -Force -WarningVariable warn 3>$null
        $info.Value | Should -Be 2
        "$warn" | Should -Match 'did not set it to 5'
    }

    It 'refuses <Label> before any system call' -ForEach @(
        @{ Label = 'a name with a second slash'; Arguments = @{ Name = '/a/b' }; Id = 'SemaphoreInvalidName' }
        @{ Label = 'a name of 252 bytes (the limit is 251)'; Arguments = @{ Name = '/' + ('s' * 252) }; Id = 'SemaphoreInvalidName' }
        @{ Label = 'a name with a NUL'; Arguments = @{ Name = "/a`0" }; Id = 'SemaphoreInvalidName' }
        @{ Label = 'a negative value'; Arguments = @{ Name = '/semtest-neg'; InitialValue = -1 }; Id = 'SemaphoreInvalidValue' }
        @{ Label = 'a value over SEM_VALUE_MAX'; Arguments = @{ Name = '/semtest-big'; InitialValue = 2147483648 }; Id = 'SemaphoreInvalidValue' }
    ) {
        New-IpcSemaphore @Arguments -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -Be "$Id,PosixIpc.Commands.NewIpcSemaphoreCommand"
        $err[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        Test-Path /dev/shm/sem.semtest-neg, /dev/shm/sem.semtest-big | Should -Be @($false, $false)
    }

    It 'takes a 251-byte name' {
        $long = '/semtest-' + ('l' * 242)
        try { (New-IpcSemaphore $long).Name | Should -Be $long } finally { Remove-IpcSemaphore $long }
    }

    It 'lists semaphores by wildcard with their values, and removes what Get-IpcSemaphore pipes in' {
        $null = New-IpcSemaphore $N -InitialValue 0
        $null = New-IpcSemaphore "$N-b" -InitialValue 7
        $list = @(Get-IpcSemaphore "$N*")
        $list.Name | Should -Be @($N, "$N-b")
        $list.Value | Should -Be @(0, 7)
        Get-IpcSemaphore "$N*" | Remove-IpcSemaphore -WhatIf
        @(Get-IpcSemaphore "$N*").Count | Should -Be 2
        (Get-IpcSemaphore "$N*" | Remove-IpcSemaphore -PassThru).Name | Should -Be @($N, "$N-b")
        Get-IpcSemaphore $N -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -Be 'SemaphoreNotFound,PosixIpc.Commands.GetIpcSemaphoreCommand'
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }

    It 'never opens a file too short to be a semaphore (SIGBUS in glibc): SemaphoreInvalid, and pwsh goes on' {
        $bogus = "/dev/shm/sem.$($N.TrimStart('/'))"
        [IO.File]::WriteAllBytes($bogus, [byte[]](1, 2, 3))
        $info = Get-IpcSemaphore $N
        $info.Value | Should -BeNullOrEmpty
        Lock-IpcSemaphore $N -TimeoutSec 0 -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -Be 'SemaphoreInvalid,PosixIpc.Commands.LockIpcSemaphoreCommand'
        $err[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        New-IpcSemaphore $N -Force -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -Be 'SemaphoreInvalid,PosixIpc.Commands.NewIpcSemaphoreCommand'
        [IO.File]::ReadAllBytes($bogus).Length | Should -Be 3
    }

    It 'completes semaphore names' {
        $null = New-IpcSemaphore $N
        $line = "Lock-IpcSemaphore $($N.Substring(0, 10))"
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Contain $N
    }
}

Describe 'Lock-IpcSemaphore, Unlock-IpcSemaphore and a C peer' {
    BeforeEach { Skip-IfMissing $MissingPeers; $script:N = New-TestName semtest }
    AfterEach { Remove-IpcSemaphore $N -ErrorAction Ignore }

    It 'shares a semaphore the C peer created: pwsh releases, C sees the value' {
        & $SemPeer create $N 0
        $LASTEXITCODE | Should -Be 0
        (Get-IpcSemaphore $N).Value | Should -Be 0
        (Unlock-IpcSemaphore $N -PassThru).Value | Should -Be 1
        & $SemPeer value $N | Should -Be '1'
    }

    It 'C waits while pwsh holds the lock, and gets it when pwsh releases' {
        $null = New-IpcSemaphore $N
        (Lock-IpcSemaphore $N -PassThru).Value | Should -Be 0
        & $SemPeer wait $N 300 | Should -Be 'timeout'
        $LASTEXITCODE | Should -Be 2
        Unlock-IpcSemaphore $N
        & $SemPeer wait $N 300 | Should -Be 'acquired'
        (Get-IpcSemaphore $N).Value | Should -Be 0
    }

    It 'pwsh waits while C holds the lock: SemaphoreTimeout first, then the lock when C posts' {
        $null = New-IpcSemaphore $N
        $holder = Start-Peer $SemPeer 'hold', $N, '2500'
        Wait-Until { (Get-IpcSemaphore $N).Value -eq 0 } | Should -BeTrue
        Lock-IpcSemaphore $N -TimeoutSec 0.3 -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -Be 'SemaphoreTimeout,PosixIpc.Commands.LockIpcSemaphoreCommand'
        $err[0].CategoryInfo.Category | Should -Be 'OperationTimeout'
        $err[0].TargetObject | Should -Be $N
        Lock-IpcSemaphore $N -TimeoutSec 0 -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -Be 'SemaphoreBusy,PosixIpc.Commands.LockIpcSemaphoreCommand'
        Lock-IpcSemaphore $N -TimeoutSec 30
        $holder.HasExited -or $holder.WaitForExit(1000) | Should -BeTrue
        ($holder | Wait-Peer).StdOut.Trim() | Should -Be 'held'
        (Get-IpcSemaphore $N).Value | Should -Be 0
    }

    It 'ends a waiting Lock-IpcSemaphore promptly on Ctrl+C' {
        $null = New-IpcSemaphore $N -InitialValue 0
        $r = Invoke-Stoppable "Lock-IpcSemaphore '$N'"
        $r.CompletedBeforeStop | Should -BeFalse
        $r.StopSeconds | Should -BeLessThan 1
        (Get-IpcSemaphore $N).Value | Should -Be 0
    }

    It 'releases a unit taken after the stop began and before its own StopProcessing came (a slow StopProcessing earlier in the pipeline)' {
        # A stop marks the pipeline as stopping, then calls each command's StopProcessing in turn: a
        # command before Lock-IpcSemaphore that takes 1.5 s over it holds Lock's StopToken back while
        # the unit is posted, so Lock takes it, sees Stopping, and must give it back.
        $slow = Add-Type -PassThru -TypeDefinition @'
using System.Management.Automation;
[Cmdlet("Write", "SlowToStop")]
public sealed class WriteSlowToStopCommand : PSCmdlet
{
    [Parameter(Position = 0)] public object Value { get; set; }
    protected override void ProcessRecord() => WriteObject(Value);
    protected override void StopProcessing() => System.Threading.Thread.Sleep(1500);
}
'@
        $iss = [initialsessionstate]::CreateDefault2()
        $iss.Commands.Add([Management.Automation.Runspaces.SessionStateCmdletEntry]::new('Write-SlowToStop', $slow, $null))
        $iss.ImportPSModule($ModuleManifest)
        $rs = [runspacefactory]::CreateRunspace($iss); $rs.Open()
        $null = New-IpcSemaphore $N -InitialValue 0
        $sem = [PosixIpc.Semaphores.IpcSemaphore]::Open($N)
        try {
            $ps = [powershell]::Create(); $ps.Runspace = $rs
            $null = $ps.AddCommand('Write-SlowToStop').AddArgument($N).AddCommand('Lock-IpcSemaphore')
            $null = $ps.BeginInvoke()
            Start-Sleep -Milliseconds 500
            $stop = $ps.BeginStop($null, $null)
            Start-Sleep -Milliseconds 300
            $sem.Release()
            $ps.EndStop($stop)
            $ps.InvocationStateInfo.State | Should -Be 'Stopped'
            $sem.Value | Should -Be 1 -Because 'a stopped Lock-IpcSemaphore gives back the unit it took'
            $ps.Dispose()
        }
        finally { $sem.Dispose(); $rs.Dispose() }
    }

    It 'reports a missing semaphore as SemaphoreNotFound' {
        Lock-IpcSemaphore $N -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -Be 'SemaphoreNotFound,PosixIpc.Commands.LockIpcSemaphoreCommand'
        Unlock-IpcSemaphore $N -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -Be 'SemaphoreNotFound,PosixIpc.Commands.UnlockIpcSemaphoreCommand'
    }

    It 'refuses to release past SEM_VALUE_MAX with SemaphoreOverflow' {
        $null = New-IpcSemaphore $N -InitialValue 2147483647
        Unlock-IpcSemaphore $N -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -Be 'SemaphoreOverflow,PosixIpc.Commands.UnlockIpcSemaphoreCommand'
        $err[0].CategoryInfo.Category | Should -Be 'LimitsExceeded'
        (Get-IpcSemaphore $N).Value | Should -Be 2147483647
    }

    It 'refuses another user on a 0600 semaphore; Get-IpcSemaphore still shows it, without a value' {
        $null = New-IpcSemaphore $N
        $out = Invoke-AsOtherUser @"
try { Lock-IpcSemaphore '$N' -TimeoutSec 1 -ErrorAction Stop } catch { `$_.FullyQualifiedErrorId + '|' + `$_.CategoryInfo.Category }
try { Remove-IpcSemaphore '$N' -ErrorAction Stop } catch { `$_.FullyQualifiedErrorId }
`$s = Get-IpcSemaphore '$N'; "`$(`$s.Owner)|`$(`$null -eq `$s.Value)"
"@
        $out[0] | Should -Be 'SemaphorePermissionDenied,PosixIpc.Commands.LockIpcSemaphoreCommand|PermissionDenied'
        $out[1] | Should -Be 'SemaphorePermissionDenied,PosixIpc.Commands.RemoveIpcSemaphoreCommand'
        $out[2] | Should -Be 'root|True'
        (Get-IpcSemaphore $N).Value | Should -Be 1
    }
}

Describe 'Use-IpcSemaphore' {
    BeforeEach { Skip-IfMissing $MissingPeers; $script:N = New-TestName semtest; $null = New-IpcSemaphore $N }
    AfterEach { Remove-IpcSemaphore $N -ErrorAction Ignore }

    It 'holds the semaphore while the block runs and emits its output after' {
        $seen = Use-IpcSemaphore $N { (Get-IpcSemaphore $args[0]).Value; 'done' } -ArgumentList $N
        $seen | Should -Be @(0, 'done')
        (Get-IpcSemaphore $N).Value | Should -Be 1
    }

    It 'runs once per pipeline object, as $_' {
        1..3 | Use-IpcSemaphore $N { $_ * 10 } | Should -Be @(10, 20, 30)
        (Get-IpcSemaphore $N).Value | Should -Be 1
    }

    It 'releases when the block throws, and passes the error on' {
        { Use-IpcSemaphore $N { throw 'broken inside' } } | Should -Throw '*broken inside*'
        (Get-IpcSemaphore $N).Value | Should -Be 1
    }

    It 'releases on Ctrl+C while the block runs' {
        $r = Invoke-Stoppable "Use-IpcSemaphore '$N' { Start-Sleep -Seconds 30 }"
        $r.CompletedBeforeStop | Should -BeFalse
        $r.StopSeconds | Should -BeLessThan 2
        (Get-IpcSemaphore $N).Value | Should -Be 1
    }

    It 'does not run the block when the semaphore stays taken: SemaphoreTimeout' {
        Lock-IpcSemaphore $N
        $ran = $false
        { Use-IpcSemaphore $N { $script:ran = $true } -TimeoutSec 0.2 -ErrorAction Stop } | Should -Throw -ErrorId 'SemaphoreTimeout,PosixIpc.Commands.UseIpcSemaphoreCommand'
        $ran | Should -BeFalse
        (Get-IpcSemaphore $N).Value | Should -Be 0
    }

    It 'four processes each add 1 to a shared counter 1,000 times: the total is exactly 4,000' {
        $segment = "/semtest-counter-$([guid]::NewGuid().ToString('n').Substring(0, 8))"
        $null = New-SharedMemory $segment 8
        $go = New-TestPath 'go'
        try {
            $workers = 1..4 | ForEach-Object {
                Start-Peer -Pwsh @"
while (-not (Test-Path '$go')) { Start-Sleep -Milliseconds 10 }
`$seg = Open-SharedMemory '$segment'
1..1000 | Use-IpcSemaphore '$N' { `$seg.WriteInt64(0, `$seg.ReadInt64(0) + 1) }
`$seg.Dispose()
'finished'
"@
            }
            Start-Sleep -Milliseconds 500
            $null = New-Item -ItemType File $go
            $results = $workers | Wait-Peer -TimeoutSec 240
            $results.StdOut.Trim() | Should -Be @('finished', 'finished', 'finished', 'finished')
            $results.ExitCode | Should -Be @(0, 0, 0, 0)
            $total = [BitConverter]::ToInt64((Read-SharedMemory $segment -Count 8 -AsByteStream), 0)
            $total | Should -Be 4000
        }
        finally { Remove-SharedMemory $segment }
    }
}
