# File locks: Lock-IpcFile, Unlock-IpcFile, Use-IpcFileLock and Get-IpcObject -Kind FileLock against the
# built module, interoperating both ways with util-linux flock(1), with other pwsh processes, with
# Python's fcntl (POSIX and OFD locks), with another user, and with a planted symbolic link.

BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')

    # flock comes from util-linux; a fresh CI machine may lack it. Without it the tests fail, never pass.
    if (-not (Get-Command flock -ErrorAction Ignore)) {
        $env:DEBIAN_FRONTEND = 'noninteractive'
        & apt-get update -qq | Out-Null
        & apt-get install -y -qq util-linux | Out-Null
        if (-not (Get-Command flock -ErrorAction Ignore)) { throw 'flock (util-linux) is missing and could not be installed.' }
    }
    $script:Flock = (Get-Command flock -CommandType Application)[0].Source
    $script:Python = (Get-Command python3).Source

    function New-LockPath { New-TestPath lock }

    function Test-FlockFree {
        # What util-linux says: exit 0 when `flock -n` (exclusive, or shared with -Shared) gets the lock at once.
        param([string] $Path, [switch] $Shared)
        & $Flock $(if ($Shared) { '-s' } else { '-x' }) -n $Path true
        $LASTEXITCODE -eq 0
    }

    function Start-FlockHolder {
        # `flock [-s] FILE sleep N` as a peer; returns once /proc/locks shows its lock, so the caller can rely on it.
        param([string] $Path, [int] $Seconds = 3, [switch] $Shared)
        $arguments = @(if ($Shared) { '-s' }) + @($Path, 'sleep', "$Seconds")
        $peer = Start-Peer $Flock $arguments
        $held = Wait-Until { -not (Test-FlockFree $Path) } -TimeoutSec 10
        if (-not $held) { throw "flock $arguments did not take the lock" }
        $peer
    }

    function Get-ErrorId([System.Management.Automation.ErrorRecord[]] $Errors) { @($Errors | ForEach-Object FullyQualifiedErrorId) }

    function Get-IpcFileLockHeldForTests {
        # Nothing a test took may stay held in this pwsh.
        [PosixIpc.FileLocks.FileLock]::Held() | ForEach-Object { $_.Release() }
    }
}

AfterAll {
    Stop-StartedPeers
    Get-IpcFileLockHeldForTests
}

Describe 'Lock-IpcFile and Unlock-IpcFile' {
    AfterEach { Get-IpcFileLockHeldForTests; Stop-StartedPeers }

    It 'creates a missing lock file with mode 0600 and emits the lock that holds it' {
        $path = New-LockPath
        $lock = Lock-IpcFile $path
        $lock | Should -BeOfType PosixIpc.FileLocks.FileLock
        $lock.Path | Should -Be $path
        $lock.Shared | Should -BeFalse
        $lock.ProcessId | Should -Be $PID
        $lock.Created | Should -BeTrue
        $lock.IsHeld | Should -BeTrue
        $lock.AcquiredAt | Should -BeGreaterThan (Get-Date).AddMinutes(-1)
        (stat -c '%a' $path) | Should -Be '600'
        $lock | Unlock-IpcFile
        $lock.IsHeld | Should -BeFalse
    }

    It 'sets -Mode exactly on a file it creates, and never truncates or writes an existing one' {
        $path = New-LockPath
        Lock-IpcFile $path -Mode 0644 | Unlock-IpcFile
        (stat -c '%a' $path) | Should -Be '644'
        Set-Content -LiteralPath $path -Value 'pid 4242' -NoNewline
        $before = Get-Item -LiteralPath $path
        $lock = Lock-IpcFile $path -Mode 0600
        $lock.Created | Should -BeFalse
        $lock | Unlock-IpcFile
        Get-Content -Raw -LiteralPath $path | Should -Be 'pid 4242'
        (Get-Item -LiteralPath $path).LastWriteTimeUtc | Should -Be $before.LastWriteTimeUtc
        (stat -c '%a' $path) | Should -Be '644'
    }

    It 'is seen by flock(1): flock -n fails while pwsh holds it, and succeeds once Unlock-IpcFile released it' {
        $path = New-LockPath
        $lock = Lock-IpcFile $path
        Test-FlockFree $path | Should -BeFalse
        Test-FlockFree $path -Shared | Should -BeFalse
        $lock | Unlock-IpcFile
        Test-FlockFree $path | Should -BeTrue
    }

    It 'waits for `flock FILE sleep 3` to end, then takes the lock' {
        $path = New-LockPath
        $holder = Start-FlockHolder $path -Seconds 3
        $sw = [System.Diagnostics.Stopwatch]::StartNew()
        $lock = Lock-IpcFile $path -TimeoutSec 20
        $sw.Stop()
        $lock.IsHeld | Should -BeTrue
        $sw.Elapsed.TotalSeconds | Should -BeGreaterThan 1.5
        $sw.Elapsed.TotalSeconds | Should -BeLessThan 10
        ($holder | Wait-Peer).ExitCode | Should -Be 0
        Test-FlockFree $path | Should -BeFalse
    }

    It 'with -TimeoutSec 0 fails at once with FileLockBusy, a non-terminating error naming the holder, and goes on' {
        $path = New-LockPath
        $holder = Start-FlockHolder $path -Seconds 30
        $sw = [System.Diagnostics.Stopwatch]::StartNew()
        $result = Lock-IpcFile $path -TimeoutSec 0 -ErrorVariable err -ErrorAction SilentlyContinue
        $after = 'went on'
        $sw.Elapsed.TotalSeconds | Should -BeLessThan 1
        $result | Should -BeNullOrEmpty
        $after | Should -Be 'went on'
        Get-ErrorId $err | Should -Be 'FileLockBusy,PosixIpc.Commands.LockIpcFileCommand'
        $err[0].CategoryInfo.Category | Should -Be 'ResourceBusy'
        $err[0].TargetObject | Should -Be $path
        $err[0].Exception.Message | Should -BeLike "*exclusively by flock (pid $($holder.Id))*"
        { Lock-IpcFile $path -TimeoutSec 0 -ErrorAction Stop } | Should -Throw -ErrorId 'FileLockBusy,PosixIpc.Commands.LockIpcFileCommand'
    }

    It 'with -TimeoutSec gives up with FileLockTimeout (OperationTimeout) after that long' {
        $path = New-LockPath
        $null = Start-FlockHolder $path -Seconds 30
        $sw = [System.Diagnostics.Stopwatch]::StartNew()
        Lock-IpcFile $path -TimeoutSec 0.5 -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $sw.Elapsed.TotalSeconds | Should -BeGreaterOrEqual 0.45
        $sw.Elapsed.TotalSeconds | Should -BeLessThan 3
        Get-ErrorId $err | Should -Be 'FileLockTimeout,PosixIpc.Commands.LockIpcFileCommand'
        $err[0].CategoryInfo.Category | Should -Be 'OperationTimeout'
    }

    It 'says with -Verbose what it waits for' {
        $path = New-LockPath
        $holder = Start-FlockHolder $path -Seconds 30
        $verbose = Lock-IpcFile $path -TimeoutSec 0.3 -Verbose -ErrorAction SilentlyContinue 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
        "$verbose" | Should -BeLike "*Waiting for an exclusive lock on '$path'*flock (pid $($holder.Id))*"
    }

    It 'shares a -Shared lock with `flock -s` and excludes `flock -x`, as flock(1) expects' {
        $path = New-LockPath
        $shared = Lock-IpcFile $path -Shared
        $shared.Shared | Should -BeTrue
        Test-FlockFree $path -Shared | Should -BeTrue
        Test-FlockFree $path | Should -BeFalse
        $shared | Unlock-IpcFile
        Test-FlockFree $path | Should -BeTrue
    }

    It 'against a `flock -s` holder: a shared Lock-IpcFile gets in, an exclusive one is FileLockBusy' {
        $path = New-LockPath
        $null = Start-FlockHolder $path -Seconds 30 -Shared
        $lock = Lock-IpcFile $path -Shared -TimeoutSec 0
        $lock.IsHeld | Should -BeTrue
        $lock | Unlock-IpcFile
        Lock-IpcFile $path -TimeoutSec 0 -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        Get-ErrorId $err | Should -Be 'FileLockBusy,PosixIpc.Commands.LockIpcFileCommand'
        $err[0].Exception.Message | Should -BeLike '*shared by flock*'
    }

    It 'an exclusive flock(1) waits while pwsh holds the lock shared, and runs once it is released' {
        $path = New-LockPath
        $lock = Lock-IpcFile $path -Shared
        $waiter = Start-Peer $Flock '-x', '-w', '20', $path, 'true'
        Start-Sleep -Milliseconds 500
        $waiter.HasExited | Should -BeFalse
        $lock | Unlock-IpcFile
        ($waiter | Wait-Peer -TimeoutSec 20).ExitCode | Should -Be 0
    }

    It 'is released by the kernel when the pwsh holding it is killed with SIGKILL' {
        $path = New-LockPath
        $peer = Start-Peer -Pwsh "`$l = Lock-IpcFile '$path'; Start-Sleep -Seconds 60"
        Wait-Until { -not (Test-FlockFree $path) } -TimeoutSec 30 | Should -BeTrue
        & kill -KILL $peer.Id
        $peer.WaitForExit(10000) | Should -BeTrue
        Wait-Until { Test-FlockFree $path } -TimeoutSec 5 | Should -BeTrue
        $lock = Lock-IpcFile $path -TimeoutSec 0
        $lock.IsHeld | Should -BeTrue
    }

    It 'is free for pwsh at once when a flock(1) holder and its command are killed with SIGKILL' {
        $path = New-LockPath
        $holder = Start-FlockHolder $path -Seconds 60
        $holder.Kill($true)  # SIGKILL to flock and to its sleep, which shares the locked descriptor
        $holder.WaitForExit(10000) | Should -BeTrue
        Wait-Until { Test-FlockFree $path } -TimeoutSec 5 | Should -BeTrue
        (Lock-IpcFile $path -TimeoutSec 0).IsHeld | Should -BeTrue
    }

    It 'stays held when its object is dropped and collected, until Unlock-IpcFile -Path' {
        $path = New-LockPath
        Lock-IpcFile $path | Out-Null
        [GC]::Collect(); [GC]::WaitForPendingFinalizers(); [GC]::Collect()
        Test-FlockFree $path | Should -BeFalse
        Unlock-IpcFile -Path $path -PassThru | ForEach-Object IsHeld | Should -BeFalse
        Test-FlockFree $path | Should -BeTrue
    }

    It 'in one process, a second lock on the file waits for the first (the lock belongs to its descriptor), and says so' {
        $path = New-LockPath
        $first = Lock-IpcFile $path
        Lock-IpcFile $path -TimeoutSec 0 -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $err[0].Exception.Message | Should -BeLike "*this process (pid $PID) itself*"
        $first | Unlock-IpcFile
    }

    It 'releases by -Path with wildcards, relative to the location; a path without a held lock is FileLockNotHeld' {
        $dir = New-TestPath dir
        New-Item -ItemType Directory $dir | Out-Null
        Push-Location $dir
        try {
            $a = Lock-IpcFile ./a.lock
            $b = Lock-IpcFile ./b.lock
            $a.Path | Should -Be "$dir/a.lock"
            @(Unlock-IpcFile -Path ./*.lock -PassThru).Count | Should -Be 2
            $a.IsHeld, $b.IsHeld | Should -Be @($false, $false)
            Unlock-IpcFile -Path ./a.lock -ErrorVariable err -ErrorAction SilentlyContinue
            Get-ErrorId $err | Should -Be 'FileLockNotHeld,PosixIpc.Commands.UnlockIpcFileCommand'
            $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
            # Releasing a released lock object again does nothing.
            $a | Unlock-IpcFile -ErrorVariable err2
            $err2 | Should -BeNullOrEmpty
        }
        finally { Pop-Location }
    }

    It 'completes -Path of Unlock-IpcFile with the paths of the locks this process holds' {
        $path = New-LockPath
        $lock = Lock-IpcFile $path
        $line = "Unlock-IpcFile -Path $(Split-Path $path)/lock-"
        $completion = TabExpansion2 -inputScript $line -cursorColumn $line.Length
        $completion.CompletionMatches.CompletionText | Should -Contain $path
        $lock | Unlock-IpcFile
    }

    It 'ends a waiting Lock-IpcFile promptly on Ctrl+C' {
        $path = New-LockPath
        $null = Start-FlockHolder $path -Seconds 30
        $r = Invoke-Stoppable "Lock-IpcFile '$path'"
        $r.CompletedBeforeStop | Should -BeFalse
        $r.StopSeconds | Should -BeLessThan 1
        $r.State | Should -Be 'Stopped'
    }
}

Describe 'Refusals: symbolic links, other file types, missing paths' {
    AfterEach { Get-IpcFileLockHeldForTests }

    It 'refuses a planted symbolic link to a missing file with FileLockSymlink, and never creates the target' {
        $target = New-LockPath
        $link = New-LockPath
        New-Item -ItemType SymbolicLink -Path $link -Target $target | Out-Null
        Lock-IpcFile $link -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        Get-ErrorId $err | Should -Be 'FileLockSymlink,PosixIpc.Commands.LockIpcFileCommand'
        $err[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err[0].TargetObject | Should -Be $link
        Test-Path -LiteralPath $target | Should -BeFalse
        (Get-Item -LiteralPath $link -Force).LinkType | Should -Be 'SymbolicLink'
    }

    It 'refuses a symbolic link to an existing file: the target is neither locked, written nor truncated' {
        $target = New-LockPath
        Set-Content -LiteralPath $target -Value 'precious data' -NoNewline
        $stamp = (Get-Item -LiteralPath $target).LastWriteTimeUtc
        $link = New-LockPath
        New-Item -ItemType SymbolicLink -Path $link -Target $target | Out-Null
        Lock-IpcFile $link -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        Get-ErrorId $err | Should -Be 'FileLockSymlink,PosixIpc.Commands.LockIpcFileCommand'
        Get-Content -Raw -LiteralPath $target | Should -Be 'precious data'
        (Get-Item -LiteralPath $target).LastWriteTimeUtc | Should -Be $stamp
        Test-FlockFree $target | Should -BeTrue
        $script:ran = $false
        { Use-IpcFileLock $link { $script:ran = $true } } | Should -Throw -ErrorId 'FileLockSymlink,PosixIpc.Commands.UseIpcFileLockCommand'
        $script:ran | Should -BeFalse
    }

    It 'refuses a FIFO with FileLockNotRegular, without blocking on it' {
        $fifo = New-LockPath
        New-IpcFifo $fifo | Out-Null
        $sw = [System.Diagnostics.Stopwatch]::StartNew()
        Lock-IpcFile $fifo -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $sw.Elapsed.TotalSeconds | Should -BeLessThan 2
        Get-ErrorId $err | Should -Be 'FileLockNotRegular,PosixIpc.Commands.LockIpcFileCommand'
    }

    It 'locks a directory, as flock(1) does' {
        $dir = New-TestPath dir
        New-Item -ItemType Directory $dir | Out-Null
        $lock = Lock-IpcFile $dir
        Test-FlockFree $dir | Should -BeFalse
        $lock | Unlock-IpcFile
    }

    It 'reports a missing directory, and a missing file with -NoCreate, as FileLockNotFound; -NoCreate creates nothing' {
        $missingDir = "$(New-TestPath nodir)/x.lock"
        Lock-IpcFile $missingDir -ErrorVariable err -ErrorAction SilentlyContinue
        Get-ErrorId $err | Should -Be 'FileLockNotFound,PosixIpc.Commands.LockIpcFileCommand'
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $path = New-LockPath
        Lock-IpcFile $path -NoCreate -ErrorVariable err -ErrorAction SilentlyContinue
        Get-ErrorId $err | Should -Be 'FileLockNotFound,PosixIpc.Commands.LockIpcFileCommand'
        Test-Path -LiteralPath $path | Should -BeFalse
    }
}

Describe 'Use-IpcFileLock' {
    AfterEach { Get-IpcFileLockHeldForTests; Stop-StartedPeers }

    It 'holds the lock while the block runs (flock -n fails inside), releases it after, and emits the output after' {
        $path = New-LockPath
        $inside = Use-IpcFileLock $path { & $args[0] -n $args[1] true; $LASTEXITCODE } -ArgumentList $Flock, $path
        $inside | Should -Be 1
        Test-FlockFree $path | Should -BeTrue
    }

    It 'runs once per pipeline object, as $_' {
        $path = New-LockPath
        1..3 | Use-IpcFileLock $path { $_ * 10 } | Should -Be @(10, 20, 30)
    }

    It 'releases when the block throws, and passes the error on' {
        $path = New-LockPath
        { Use-IpcFileLock $path { throw 'broken inside' } } | Should -Throw '*broken inside*'
        Test-FlockFree $path | Should -BeTrue
    }

    It 'releases on Ctrl+C while the block runs' {
        $path = New-LockPath
        # As Invoke-Stoppable does, but stopping only once the block is seen to hold the lock.
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript("Import-Module '$ModuleManifest'; Use-IpcFileLock '$path' { Start-Sleep -Seconds 30 }")
            $handle = $ps.BeginInvoke()
            Wait-Until { -not (Test-FlockFree $path) } -TimeoutSec 30 | Should -BeTrue
            $sw = [System.Diagnostics.Stopwatch]::StartNew()
            $ps.Stop()
            $sw.Elapsed.TotalSeconds | Should -BeLessThan 2
            $handle.IsCompleted | Should -BeTrue
            $ps.InvocationStateInfo.State | Should -Be 'Stopped'
            Test-FlockFree $path | Should -BeTrue
        }
        finally { $ps.Dispose() }
    }

    It 'skips the block with a non-terminating FileLockBusy when flock(1) holds the lock and -TimeoutSec 0 is given' {
        $path = New-LockPath
        $null = Start-FlockHolder $path -Seconds 30
        $script:ran = $false
        Use-IpcFileLock $path -TimeoutSec 0 { $script:ran = $true } -ErrorVariable err -ErrorAction SilentlyContinue
        $script:ran | Should -BeFalse
        Get-ErrorId $err | Should -Be 'FileLockBusy,PosixIpc.Commands.UseIpcFileLockCommand'
        { Use-IpcFileLock $path -TimeoutSec 0 { } -ErrorAction Stop } | Should -Throw -ErrorId 'FileLockBusy,PosixIpc.Commands.UseIpcFileLockCommand'
        # Each item tries on its own: none runs, every one reports.
        1..2 | Use-IpcFileLock $path -TimeoutSec 0.2 { $_ } -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        Get-ErrorId $err | Should -Be (@('FileLockTimeout,PosixIpc.Commands.UseIpcFileLockCommand') * 2)
    }

    It 'two pwsh processes and two flock(1) shell loops add 1 to a counter file 100 times each: the total is exactly 400' {
        $path = New-LockPath
        $counter = New-TestPath counter
        Set-Content -LiteralPath $counter -Value 0
        $pwsh = 1..2 | ForEach-Object {
            Start-Peer -Pwsh "1..100 | Use-IpcFileLock '$path' { `$n = [int](Get-Content -LiteralPath '$counter'); Set-Content -LiteralPath '$counter' -Value (`$n + 1) }"
        }
        $shell = 1..2 | ForEach-Object {
            Start-Peer bash '-c', "for i in `$(seq 100); do $Flock '$path' sh -c 'n=`$(cat ""$counter""); echo `$((n + 1)) > ""$counter""'; done"
        }
        foreach ($p in @($pwsh) + @($shell)) {
            $r = $p | Wait-Peer -TimeoutSec 120
            $r.ExitCode | Should -Be 0 -Because $r.StdErr
        }
        [int](Get-Content -LiteralPath $counter) | Should -Be 400
    }
}

Describe 'Another user' {
    BeforeAll {
        $script:Dir = New-TestPath users
        New-Item -ItemType Directory $Dir | Out-Null
        chmod 755 $Dir
    }
    AfterEach { Get-IpcFileLockHeldForTests }

    It 'cannot open a 0600 lock file of root: FileLockPermissionDenied' {
        $path = "$Dir/private.lock"
        Lock-IpcFile $path | Unlock-IpcFile
        $out = Invoke-AsOtherUser "try { Lock-IpcFile '$path' -TimeoutSec 0 -ErrorAction Stop } catch { `$_.FullyQualifiedErrorId + '|' + `$_.CategoryInfo.Category }"
        $out | Should -Be 'FileLockPermissionDenied,PosixIpc.Commands.LockIpcFileCommand|PermissionDenied'
    }

    It 'shares a 0644 lock file: root''s lock makes the other user''s pwsh busy, and its flock(1) makes root''s pwsh busy' {
        $path = "$Dir/shared.lock"
        $lock = Lock-IpcFile $path -Mode 0644
        $out = Invoke-AsOtherUser "try { Lock-IpcFile '$path' -TimeoutSec 0 -ErrorAction Stop; 'locked' } catch { `$_.FullyQualifiedErrorId }"
        $out | Should -Be 'FileLockBusy,PosixIpc.Commands.LockIpcFileCommand'
        $lock | Unlock-IpcFile
        # Now the other user holds it with flock(1), in the background, for a few seconds.
        Invoke-AsOtherUser "bash -c `"setsid $Flock '$path' sleep 4 </dev/null >/dev/null 2>&1 &`"; 'started'" | Should -Be 'started'
        Wait-Until { -not (Test-FlockFree $path) } -TimeoutSec 10 | Should -BeTrue
        Lock-IpcFile $path -TimeoutSec 0 -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        Get-ErrorId $err | Should -Be 'FileLockBusy,PosixIpc.Commands.LockIpcFileCommand'
        $listed = @(Get-IpcObject -Kind FileLock | Where-Object Path -EQ $path)
        $listed.Count | Should -Be 1
        $listed[0].Holders.ProcessName | Should -Contain 'flock'
        $listed[0].Owner | Should -Be 'root'
        # ... and pwsh gets it when that lock ends.
        (Lock-IpcFile $path -TimeoutSec 20).IsHeld | Should -BeTrue
    }
}

Describe 'Get-IpcObject -Kind FileLock' {
    AfterEach { Get-IpcFileLockHeldForTests; Stop-StartedPeers }

    It 'lists this pwsh''s lock with its path, type and holder' {
        $path = New-LockPath
        $lock = Lock-IpcFile $path
        $o = @(Get-IpcObject -Kind FileLock | Where-Object Path -EQ $path)
        $o.Count | Should -Be 1
        $o[0].Kind | Should -Be 'FileLock'
        $o[0].Name | Should -Be $path
        $o[0].State | Should -Be 'FLOCK WRITE'
        $o[0].Owner | Should -Be 'root'
        $o[0].OctalMode | Should -Be '0600'
        $o[0].Pid | Should -Be $PID
        $o[0].Holders[0].HeldBy | Should -Be 'Lock'
        $o[0].IsOrphaned | Should -BeFalse
        $lock | Unlock-IpcFile
        @(Get-IpcObject -Kind FileLock | Where-Object Path -EQ $path).Count | Should -Be 0
    }

    It 'lists a `flock -s` holder, and Python''s POSIX (lockf) and OFD locks, with their holders' {
        $flockPath = New-LockPath
        $posixPath = New-LockPath
        $ofdPath = New-LockPath
        $holder = Start-FlockHolder $flockPath -Seconds 30 -Shared
        $code = @'
import fcntl, os, struct, sys, time
a = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT, 0o600)
fcntl.lockf(a, fcntl.LOCK_EX)
b = os.open(sys.argv[2], os.O_RDWR | os.O_CREAT, 0o600)
fcntl.fcntl(b, 37, struct.pack('hhqqi', fcntl.F_RDLCK, 0, 0, 0, 0))  # F_OFD_SETLK
print('locked', flush=True)
time.sleep(60)
'@
        $py = Start-Peer $Python '-c', $code, $posixPath, $ofdPath
        Wait-Until { (Get-Content /proc/locks -Raw) -match 'OFDLCK' -and (Test-Path $ofdPath) } | Should -BeTrue
        Wait-Until { @(Get-IpcObject -Kind FileLock | Where-Object Path -EQ $ofdPath).Count -eq 1 } | Should -BeTrue
        $all = Get-IpcObject -Kind FileLock
        $f = @($all | Where-Object Path -EQ $flockPath)
        $f.Count | Should -Be 1
        $f[0].State | Should -Be 'FLOCK READ'
        $f[0].Pid | Should -Contain $holder.Id
        $p = @($all | Where-Object Path -EQ $posixPath)
        $p[0].State | Should -Be 'POSIX WRITE'
        $p[0].Pid | Should -Be $py.Id
        $o = @($all | Where-Object Path -EQ $ofdPath)
        $o[0].State | Should -Be 'OFDLCK READ'
        $o[0].Pid | Should -Be $py.Id -Because 'the kernel names no pid for an OFD lock; the holder is found through /proc/PID/fdinfo'
        Get-IpcObject -Kind FileLock -Name $flockPath | Should -Not -BeNullOrEmpty
    }

    It 'refuses to remove a file lock (IpcObjectNotRemovable), and the lock stays' {
        $path = New-LockPath
        $lock = Lock-IpcFile $path
        Get-IpcObject -Kind FileLock | Where-Object Path -EQ $path | Remove-IpcObject -ErrorVariable err -ErrorAction SilentlyContinue
        Get-ErrorId $err | Should -Be 'IpcObjectNotRemovable,PosixIpc.Commands.RemoveIpcObjectCommand'
        $lock.IsHeld | Should -BeTrue
        Test-FlockFree $path | Should -BeFalse
        Test-Path -LiteralPath $path | Should -BeTrue
    }
}
