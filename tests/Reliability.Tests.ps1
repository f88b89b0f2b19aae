# Reliability and security (issue 9): load, faults, hostile input, other users and symbolic links,
# across FIFOs, signals, message queues, Unix sockets, mapped files and (through the Core class
# SharedMemorySegment) shared memory. Every section adds its figures to $Figures; AfterAll prints
# them and writes them to out/reliability-summary.txt.

BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')

    $null = Mount-Mqueue

    $script:MissingPeers = Get-MissingPeer python3, socat, setpriv
    $script:Python = 'python3'
    $script:SuiteClock = [Diagnostics.Stopwatch]::StartNew()

    # The figures the summary reports; every section fills in its own.
    $script:Figures = [ordered]@{
        Load        = [ordered]@{}
        Faults      = [Collections.Generic.List[object]]::new()
        BadInputs   = [ordered]@{ Tried = 0; Handled = 0 }
        ExpectedIds = [Collections.Generic.List[string]]::new()
        OtherUser   = [ordered]@{ Checks = 0; Passed = 0 }
        Symlinks    = [ordered]@{ Checks = 0; Passed = 0 }
        Attacks     = [Collections.Generic.List[object]]::new()
        Interruptions = [Collections.Generic.List[object]]::new()
    }

    function Add-Fault([string] $Name, [bool] $Survived, [string] $Outcome) {
        $Figures.Faults.Add([pscustomobject]@{ Name = $Name; Survived = $Survived; Outcome = $Outcome })
    }

    function Assert-PeerSurvived([string] $Name, [string] $Role, $Result, [string[]] $Expected) {
        # A fault whose peer (the reader, the receiver...) must end well and print what matches each of
        # $Expected: recorded as survived when it did, then asserted.
        $ok = $Result.ExitCode -eq 0 -and @($Expected | Where-Object { $Result.StdOut -notmatch $_ }).Count -eq 0
        Add-Fault $Name $ok "${Role}: $(($Result.StdOut.Trim() -split "`n") -join ', '), exit $($Result.ExitCode)"
        $Result.ExitCode | Should -Be 0 -Because $Result.StdErr
        foreach ($pattern in $Expected) { $Result.StdOut | Should -Match $pattern }
    }

    function Add-Attack([string] $Name, [bool] $Refused, [string] $Outcome) {
        # An other-user attack (or a hostile peer's trick): refused when it gained nothing.
        $Figures.Attacks.Add([pscustomobject]@{ Name = $Name; Refused = $Refused; Outcome = $Outcome })
    }

    function Get-FileState([string] $Path) {
        # What a file is, without following a link: type, size, link target and content hash.
        $item = Get-Item -LiteralPath $Path -Force -ErrorAction Ignore
        if (-not $item) { return 'missing' }
        $mode = [string]$item.UnixMode
        if ($item.LinkType) { return "link->$($item.LinkTarget)" }
        if ($item.PSIsContainer) { return "dir $mode" }
        if ($mode[0] -eq '-') { return "file $mode $($item.Length) $(Get-Sha256 ([IO.File]::ReadAllBytes($item.FullName)))" }
        "$($mode[0]) $mode"
    }

    function Get-TreeState([string] $Directory) {
        # The state of every entry in a directory, one line each, in a stable order.
        (Get-ChildItem -LiteralPath $Directory -Force | Sort-Object Name | ForEach-Object { "$($_.Name): $(Get-FileState $_.FullName)" }) -join "`n"
    }

    function Add-Check([string] $Area, [bool] $Passed) {
        $Figures[$Area].Checks++
        if ($Passed) { $Figures[$Area].Passed++ }
    }
}

AfterAll {
    Stop-StartedPeers
    Get-MqQueue 'reltest-*' -ErrorAction Ignore | Remove-MqQueue -ErrorAction Ignore
    Get-ChildItem /dev/shm -Filter 'reltest-*' -ErrorAction Ignore | Remove-Item -Force -ErrorAction Ignore

    $lines = [Collections.Generic.List[string]]::new()
    $lines.Add("Reliability summary ($([DateTime]::UtcNow.ToString('u')), $([int]$SuiteClock.Elapsed.TotalSeconds) s)")
    foreach ($m in $Figures.Load.Keys) {
        $f = $Figures.Load[$m]
        $lines.Add(('load {0,-13} producers {1} consumers {2} sent {3} received {4} lost {5} duplicated {6}' -f $m, $f.Producers, $f.Consumers, $f.Sent, $f.Received, $f.Lost, $f.Duplicated))
    }
    $survived = @($Figures.Faults | Where-Object Survived).Count
    $lines.Add("faults injected $($Figures.Faults.Count) survived $survived")
    foreach ($f in $Figures.Faults) { $lines.Add("  fault $($f.Name): $($f.Outcome)") }
    $lines.Add("bad inputs tried $($Figures.BadInputs.Tried) handled $($Figures.BadInputs.Handled)")
    $lines.Add("other-user checks $($Figures.OtherUser.Checks) passed $($Figures.OtherUser.Passed)")
    $lines.Add("symlink checks $($Figures.Symlinks.Checks) passed $($Figures.Symlinks.Passed)")
    $refused = @($Figures.Attacks | Where-Object Refused).Count
    $lines.Add("attacks tried $($Figures.Attacks.Count) refused $refused")
    foreach ($a in $Figures.Attacks) { $lines.Add("  attack $($a.Name): $($a.Outcome)") }
    if ($Figures.Interruptions.Count -gt 0) {
        $lines.Add('interruptions: sent = delivered + given back + reported')
        foreach ($l in ($Figures.Interruptions | Format-Table -AutoSize | Out-String -Width 200).Trim() -split "`n") { $lines.Add('  ' + $l.TrimEnd()) }
    }

    $out = Join-Path $RepoRoot 'out'
    $null = New-Item -ItemType Directory -Force $out
    Set-Content -LiteralPath (Join-Path $out 'reliability-summary.txt') -Value $lines
    foreach ($l in $lines) { Write-Host $l }
}

Describe 'Symbolic links planted where an IPC object is expected are never followed into their target' {
    BeforeAll {
        $script:LinkDir = Join-Path $TestDrive 'links'
        $null = New-Item -ItemType Directory $LinkDir
    }

    BeforeEach {
        Skip-IfMissing $MissingPeers
        # A fresh victim (a regular file with data) and links to it, to a FIFO and to nowhere.
        Get-ChildItem $LinkDir | Remove-Item -Force -Recurse
        $script:Victim = Join-Path $LinkDir 'victim'
        Set-Content -LiteralPath $Victim -Value 'precious data' -NoNewline
        $script:VictimFifo = Join-Path $LinkDir 'victim-fifo'
        $null = New-IpcFifo $VictimFifo
        $script:LinkToFile = (New-Item -ItemType SymbolicLink -Path (Join-Path $LinkDir 'to-file') -Target $Victim).FullName
        $script:LinkToFifo = (New-Item -ItemType SymbolicLink -Path (Join-Path $LinkDir 'to-fifo') -Target $VictimFifo).FullName
        $script:Dangling = (New-Item -ItemType SymbolicLink -Path (Join-Path $LinkDir 'dangling') -Target (Join-Path $LinkDir 'would-be-created')).FullName
        $script:Before = Get-TreeState $LinkDir
    }

    It '<Name>: <Expect>, and nothing in the directory changes' -ForEach @(
        @{ Name = 'New-IpcFifo -Force on a link to a file'; Expect = 'FifoPathTaken'; Run = { New-IpcFifo $LinkToFile -Force } }
        @{ Name = 'New-IpcFifo -Force on a dangling link'; Expect = 'FifoPathTaken'; Run = { New-IpcFifo $Dangling -Force } }
        @{ Name = 'Remove-IpcFifo on a link to a FIFO'; Expect = 'NotAFifo'; Run = { Remove-IpcFifo $LinkToFifo } }
        @{ Name = 'Remove-IpcFifo on a link to a file'; Expect = 'NotAFifo'; Run = { Remove-IpcFifo $LinkToFile } }
        @{ Name = 'Write-IpcFifo on a link to a file'; Expect = 'NotAFifo'; Run = { Write-IpcFifo $LinkToFile 'overwrite' -TimeoutSec 1 } }
        @{ Name = 'Write-IpcFifo on a dangling link'; Expect = 'FifoNotFound'; Run = { Write-IpcFifo $Dangling 'create' -TimeoutSec 1 } }
        @{ Name = 'Receive-UnixSocketMessage -Force on a link to a file'; Expect = 'SocketPathTaken'; Run = { Receive-UnixSocketMessage $LinkToFile -Force -TimeoutSec 1 } }
        @{ Name = 'Receive-UnixSocketMessage -Force on a dangling link'; Expect = 'SocketPathTaken'; Run = { Receive-UnixSocketMessage $Dangling -Force -TimeoutSec 1 } }
        @{ Name = 'Start-UnixSocketServer -Force on a link to a FIFO'; Expect = 'SocketPathTaken'; Run = { Start-UnixSocketServer $LinkToFifo { $_ } -Force -TimeoutSec 1 } }
        @{ Name = 'Write-MappedFile -Extend on a link to a file'; Expect = 'MappedFileNotRegular'; Run = { Write-MappedFile $LinkToFile 'a much longer text than the victim holds' -Extend } }
        @{ Name = 'Write-MappedFile on a link to a file'; Expect = 'MappedFileNotRegular'; Run = { Write-MappedFile $LinkToFile 'PRECIOUS' } }
        @{ Name = 'Write-MappedFile -Extend on a dangling link'; Expect = 'MappedFileNotRegular'; Run = { Write-MappedFile $Dangling 'x' -Extend } }
    ) {
        $id = Get-IpcErrorId $Run
        $after = Get-TreeState $LinkDir
        Add-Check Symlinks ($id -like "$Expect,*" -and $after -eq $Before)
        $id | Should -BeLike "$Expect,*"
        $after | Should -Be $Before
        Get-Content -LiteralPath $Victim -Raw | Should -Be 'precious data'
        Test-Path -LiteralPath (Join-Path $LinkDir 'would-be-created') | Should -BeFalse
    }

    It 'Get-IpcFifo -Recurse does not enter links to directories (no loop, nothing from outside the tree)' {
        $tree = Join-Path $TestDrive 'tree'
        $outside = Join-Path $TestDrive 'outside'
        $null = New-Item -ItemType Directory "$tree/sub", $outside
        $null = New-IpcFifo "$tree/sub/inside", "$outside/elsewhere"
        $null = New-Item -ItemType SymbolicLink -Path "$tree/sub/loop" -Target $tree
        $null = New-Item -ItemType SymbolicLink -Path "$tree/away" -Target $outside
        $found = @(Get-IpcFifo $tree -Recurse)
        Add-Check Symlinks ($found.Count -eq 1 -and $found[0].Path -eq "$tree/sub/inside")
        $found.Path | Should -Be "$tree/sub/inside"
    }

    It 'Read-MappedFile still reads through a link (reading changes nothing)' {
        (Read-MappedFile $LinkToFile).Text | Should -Be 'precious data'
        Get-TreeState $LinkDir | Should -Be $Before
    }
}

Describe 'Hostile input: every bad input gives its documented ErrorId, pwsh lives on, and nothing else is touched' {
    BeforeEach { Skip-IfMissing $MissingPeers }
    BeforeAll {
        # The fixtures every row may aim at; the whole directory (and the queues) must be the same after each row.
        $script:Fx = Join-Path $TestDrive 'hostile'
        $null = New-Item -ItemType Directory $Fx
        Set-Content -LiteralPath "$Fx/reg" -Value 'precious' -NoNewline
        $null = New-IpcFifo "$Fx/fifo"
        $null = New-Item -ItemType Directory "$Fx/dir"
        $null = New-Item -ItemType SymbolicLink -Path "$Fx/link-reg" -Target "$Fx/reg"
        $null = New-Item -ItemType SymbolicLink -Path "$Fx/link-fifo" -Target "$Fx/fifo"
        $null = New-Item -ItemType SymbolicLink -Path "$Fx/dangling" -Target "$Fx/nothing-here"
        [IO.File]::WriteAllBytes("$Fx/map", [byte[]](0..255) * 16)
        & $Python -c "import socket; s = socket.socket(socket.AF_UNIX); s.bind('$Fx/stale')"
        $script:FullQ = New-TestName reltest
        $null = New-MqQueue $FullQ -MaxMessages 2 -MessageSize 64
        Send-MqMessage $FullQ 'one'; Send-MqMessage $FullQ 'two'
        $script:EmptyQ = New-TestName reltest
        $null = New-MqQueue $EmptyQ -MaxMessages 4 -MessageSize 128
        $script:MsgMax = [long](Get-Content /proc/sys/fs/mqueue/msg_max)
        $script:Long = 'a' * 300

        function Get-FixtureState {
            (Get-TreeState $Fx) + "`nqueues: " + ((Get-MqQueue $FullQ, $EmptyQ | ForEach-Object { "$($_.Name)=$($_.CurrentMessages)" }) -join ' ')
        }
        $script:FixtureBefore = Get-FixtureState
    }

    AfterAll {
        Remove-MqQueue $FullQ, $EmptyQ -ErrorAction Ignore
    }

    It '<Command> <Case> gives <Expect>' -ForEach @(
        # Message queues: names, sizes at and over the system limits, wrong types, full and empty queues.
        @{ Command = 'New-MqQueue'; Case = 'name with a further slash'; Expect = 'MqInvalidName'; Run = { New-MqQueue '/a/b' } }
        @{ Command = 'New-MqQueue'; Case = 'name with a NUL'; Expect = 'MqInvalidName'; Run = { New-MqQueue "/x`0y" } }
        @{ Command = 'New-MqQueue'; Case = 'name of 300 bytes'; Expect = 'MqInvalidName'; Run = { New-MqQueue "/$Long" } }
        @{ Command = 'New-MqQueue'; Case = 'name of 256 bytes after the slash (NAME_MAX + 1)'; Expect = 'MqInvalidName'; Run = { New-MqQueue ('/' + ('a' * 256)) } }
        @{ Command = 'New-MqQueue'; Case = 'name of 128 two-byte characters (256 bytes of UTF-8)'; Expect = 'MqInvalidName'; Run = { New-MqQueue ('/' + ([string][char]0xE9 * 128)) } }
        @{ Command = 'New-MqQueue'; Case = 'name that is only a slash'; Expect = 'MqInvalidName'; Run = { New-MqQueue '/' } }
        @{ Command = 'New-MqQueue'; Case = 'empty name'; Expect = 'ParameterArgumentValidationError'; Run = { New-MqQueue '' } }
        @{ Command = 'New-MqQueue'; Case = '-MaxMessages -1'; Expect = 'ParameterArgumentValidationError'; Run = { New-MqQueue (New-TestName reltest) -MaxMessages -1 } }
        @{ Command = 'New-MqQueue'; Case = '-MaxMessages over fs.mqueue.msg_max'; Expect = 'MqLimitExceeded'; Run = { New-MqQueue (New-TestName reltest) -MaxMessages ($MsgMax + 1) } }
        @{ Command = 'New-MqQueue'; Case = '-MessageSize 0'; Expect = 'ParameterArgumentValidationError'; Run = { New-MqQueue (New-TestName reltest) -MessageSize 0 } }
        @{ Command = 'New-MqQueue'; Case = '-MessageSize [long]::MaxValue'; Expect = 'MqLimitExceeded'; Run = { New-MqQueue (New-TestName reltest) -MessageSize ([long]::MaxValue) } }
        @{ Command = 'New-MqQueue'; Case = '-MessageSize over fs.mqueue.msgsize_max'; Expect = 'MqLimitExceeded'; Run = { New-MqQueue (New-TestName reltest) -MessageSize ([long](Get-Content /proc/sys/fs/mqueue/msgsize_max) + 1) } }
        @{ Command = 'New-MqQueue'; Case = '-MaxMessages of the wrong type'; Expect = 'CannotConvertArgumentNoMessage'; Run = { New-MqQueue (New-TestName reltest) -MaxMessages 'ten' } }
        @{ Command = 'New-MqQueue'; Case = '-Mode that is not a mode'; Expect = 'ParameterArgumentTransformationError'; Run = { New-MqQueue (New-TestName reltest) -Mode 'rwxbogus' } }
        @{ Command = 'New-MqQueue'; Case = '-Mode with a digit 9'; Expect = 'ParameterArgumentTransformationError'; Run = { New-MqQueue (New-TestName reltest) -Mode '0999' } }
        @{ Command = 'New-MqQueue'; Case = 'an existing queue'; Expect = 'MqExists'; Run = { New-MqQueue $FullQ } }
        @{ Command = 'Send-MqMessage'; Case = 'a missing queue'; Expect = 'MqNotFound'; Run = { Send-MqMessage (New-TestName reltest) 'x' -NoWait } }
        @{ Command = 'Send-MqMessage'; Case = 'a message over the queue''s message size'; Expect = 'MqMessageTooLarge'; Run = { Send-MqMessage $EmptyQ ('x' * 9000) } }
        @{ Command = 'Send-MqMessage'; Case = '-Priority over MQ_PRIO_MAX'; Expect = 'ParameterArgumentValidationError'; Run = { Send-MqMessage $EmptyQ 'x' -Priority 40000 } }
        @{ Command = 'Send-MqMessage'; Case = '-Priority -1 (wrong type for uint)'; Expect = 'CannotConvertArgumentNoMessage'; Run = { Send-MqMessage $EmptyQ 'x' -Priority -1 } }
        @{ Command = 'Send-MqMessage'; Case = 'a full queue with -NoWait'; Expect = 'MqFull'; Run = { Send-MqMessage $FullQ 'three' -NoWait } }
        @{ Command = 'Send-MqMessage'; Case = 'a full queue with -TimeoutSec'; Expect = 'MqSendTimeout'; Run = { Send-MqMessage $FullQ 'three' -TimeoutSec 0.2 } }
        @{ Command = 'Send-MqMessage'; Case = 'negative -TimeoutSec'; Expect = 'ParameterArgumentValidationError'; Run = { Send-MqMessage $FullQ 'three' -TimeoutSec -1 } }
        @{ Command = 'Receive-MqMessage'; Case = '-Count -1'; Expect = 'ParameterArgumentValidationError'; Run = { Receive-MqMessage $EmptyQ -Count -1 } }
        @{ Command = 'Receive-MqMessage'; Case = 'an empty queue with -NoWait'; Expect = 'MqEmpty'; Run = { Receive-MqMessage $EmptyQ -NoWait } }
        @{ Command = 'Receive-MqMessage'; Case = 'an empty queue with -TimeoutSec'; Expect = 'MqReceiveTimeout'; Run = { Receive-MqMessage $EmptyQ -TimeoutSec 0.2 } }
        @{ Command = 'Receive-MqMessage'; Case = 'a name with a further slash'; Expect = 'MqInvalidName'; Run = { Receive-MqMessage '/a/b' -NoWait } }
        @{ Command = 'Receive-MqMessage'; Case = '-Deserialize of text that is not CliXml'; Expect = 'MqNotSerialized'; Run = { Send-MqMessage $EmptyQ '<Objs bogus'; Receive-MqMessage $EmptyQ -Deserialize -NoWait } }
        @{ Command = 'Remove-MqQueue'; Case = 'a missing queue'; Expect = 'MqNotFound'; Run = { Remove-MqQueue (New-TestName reltest) } }
        @{ Command = 'Clear-MqQueue'; Case = 'a name with a further slash'; Expect = 'MqInvalidName'; Run = { Clear-MqQueue '/a/b' } }
        @{ Command = 'Get-MqQueue'; Case = 'a name with a NUL'; Expect = 'MqInvalidName'; Run = { Get-MqQueue "/x`0" } }

        # FIFOs: objects of the wrong kind, links, NUL, long names, missing parents.
        @{ Command = 'New-IpcFifo'; Case = '-Force on a regular file'; Expect = 'FifoPathTaken'; Run = { New-IpcFifo "$Fx/reg" -Force } }
        @{ Command = 'New-IpcFifo'; Case = '-Force on a link to a regular file'; Expect = 'FifoPathTaken'; Run = { New-IpcFifo "$Fx/link-reg" -Force } }
        @{ Command = 'New-IpcFifo'; Case = '-Force on a directory'; Expect = 'FifoPathTaken'; Run = { New-IpcFifo "$Fx/dir" -Force } }
        @{ Command = 'New-IpcFifo'; Case = 'a missing parent directory'; Expect = 'FifoParentNotFound'; Run = { New-IpcFifo "$Fx/nodir/f" } }
        @{ Command = 'New-IpcFifo'; Case = 'a path with a NUL'; Expect = 'FifoCreateFailed'; Run = { New-IpcFifo "$Fx/fifo`0tail" } }
        @{ Command = 'New-IpcFifo'; Case = 'a file name of 300 bytes'; Expect = 'FifoCreateFailed'; Run = { New-IpcFifo "$Fx/$Long" } }
        @{ Command = 'New-IpcFifo'; Case = 'a file name of 256 bytes (NAME_MAX + 1)'; Expect = 'FifoCreateFailed'; Run = { New-IpcFifo "$Fx/$('f' * 256)" } }
        @{ Command = 'New-IpcFifo'; Case = 'an existing FIFO without -Force'; Expect = 'FifoExists'; Run = { New-IpcFifo "$Fx/fifo" } }
        @{ Command = 'New-IpcFifo'; Case = '-Mode that is not a mode'; Expect = 'ParameterArgumentTransformationError'; Run = { New-IpcFifo "$Fx/new" -Mode 'bogus' } }
        @{ Command = 'Remove-IpcFifo'; Case = 'a regular file'; Expect = 'NotAFifo'; Run = { Remove-IpcFifo "$Fx/reg" } }
        @{ Command = 'Remove-IpcFifo'; Case = 'a link to a FIFO'; Expect = 'NotAFifo'; Run = { Remove-IpcFifo "$Fx/link-fifo" } }
        @{ Command = 'Remove-IpcFifo'; Case = 'a directory'; Expect = 'NotAFifo'; Run = { Remove-IpcFifo "$Fx/dir" } }
        @{ Command = 'Remove-IpcFifo'; Case = 'a socket'; Expect = 'NotAFifo'; Run = { Remove-IpcFifo "$Fx/stale" } }
        @{ Command = 'Remove-IpcFifo'; Case = 'a path with a NUL after a real FIFO''s name'; Expect = 'FifoNotFound'; Run = { Remove-IpcFifo "$Fx/fifo`0tail" } }
        @{ Command = 'Read-IpcFifo'; Case = 'a regular file'; Expect = 'NotAFifo'; Run = { Read-IpcFifo "$Fx/reg" -TimeoutSec 0.2 } }
        @{ Command = 'Read-IpcFifo'; Case = 'a directory'; Expect = 'NotAFifo'; Run = { Read-IpcFifo "$Fx/dir" -TimeoutSec 0.2 } }
        @{ Command = 'Read-IpcFifo'; Case = 'a socket'; Expect = 'NotAFifo'; Run = { Read-IpcFifo "$Fx/stale" -TimeoutSec 0.2 } }
        @{ Command = 'Read-IpcFifo'; Case = 'a missing path'; Expect = 'FifoNotFound'; Run = { Read-IpcFifo "$Fx/missing" -TimeoutSec 0.2 } }
        @{ Command = 'Read-IpcFifo'; Case = '-Count -1'; Expect = 'ParameterArgumentValidationError'; Run = { Read-IpcFifo "$Fx/fifo" -Count -1 } }
        @{ Command = 'Read-IpcFifo'; Case = '-Raw with -Count'; Expect = 'RawWithCount'; Run = { Read-IpcFifo "$Fx/fifo" -Raw -Count 2 } }
        @{ Command = 'Read-IpcFifo'; Case = 'an unknown -Encoding'; Expect = 'ParameterArgumentTransformationError'; Run = { Read-IpcFifo "$Fx/fifo" -Encoding 'no-such-encoding' } }
        @{ Command = 'Write-IpcFifo'; Case = 'a regular file'; Expect = 'NotAFifo'; Run = { Write-IpcFifo "$Fx/reg" 'overwrite' -TimeoutSec 0.2 } }
        @{ Command = 'Write-IpcFifo'; Case = 'a link to a regular file'; Expect = 'NotAFifo'; Run = { Write-IpcFifo "$Fx/link-reg" 'overwrite' -TimeoutSec 0.2 } }
        @{ Command = 'Write-IpcFifo'; Case = 'a directory'; Expect = 'NotAFifo'; Run = { Write-IpcFifo "$Fx/dir" 'x' -TimeoutSec 0.2 } }
        @{ Command = 'Write-IpcFifo'; Case = 'a FIFO nobody reads, -TimeoutSec 0.2'; Expect = 'FifoOpenTimeout'; Run = { Write-IpcFifo "$Fx/fifo" 'x' -TimeoutSec 0.2 } }
        @{ Command = 'Write-IpcFifo'; Case = '-TimeoutSec of the wrong type'; Expect = 'CannotConvertArgumentNoMessage'; Run = { Write-IpcFifo "$Fx/fifo" 'x' -TimeoutSec 'soon' } }

        # Signals: numbers past the table, pids 0 and -1 without -ProcessGroup, uncatchable signals.
        @{ Command = 'Send-IpcSignal'; Case = 'signal 65'; Expect = 'SignalOutOfRange'; Run = { Send-IpcSignal -Id $PID -Signal 65 } }
        @{ Command = 'Send-IpcSignal'; Case = 'signal -1'; Expect = 'SignalOutOfRange'; Run = { Send-IpcSignal -Id $PID -Signal -1 } }
        @{ Command = 'Send-IpcSignal'; Case = 'an unknown signal name'; Expect = 'SignalUnknown'; Run = { Send-IpcSignal -Id $PID -Signal 'NOTASIG' } }
        @{ Command = 'Send-IpcSignal'; Case = 'pid 0 without -ProcessGroup'; Expect = 'SignalInvalidProcessId'; Run = { Send-IpcSignal -Id 0 -Signal 0 } }
        @{ Command = 'Send-IpcSignal'; Case = 'pid -1 without -ProcessGroup'; Expect = 'SignalInvalidProcessId'; Run = { Send-IpcSignal -Id -1 -Signal 0 } }
        @{ Command = 'Send-IpcSignal'; Case = 'pid [int]::MaxValue'; Expect = 'SignalProcessNotFound'; Run = { Send-IpcSignal -Id ([int]::MaxValue) -Signal 0 } }
        @{ Command = 'Send-IpcSignal'; Case = 'a pid that is not a number'; Expect = 'CannotConvertArgumentNoMessage'; Run = { Send-IpcSignal -Id 'abc' -Signal 0 } }
        @{ Command = 'Send-IpcSignal'; Case = '-Value with signal 65'; Expect = 'SignalOutOfRange'; Run = { Send-IpcSignal -Id $PID -Signal 65 -Value 1 } }
        @{ Command = 'Send-IpcSignal'; Case = 'process group -1'; Expect = 'SignalInvalidProcessId'; Run = { Send-IpcSignal -Id -1 -ProcessGroup -Signal 0 } }
        @{ Command = 'Get-IpcSignal'; Case = '-Id 0'; Expect = 'SignalInvalidProcessId'; Run = { Get-IpcSignal -Id 0 } }
        @{ Command = 'Get-IpcSignal'; Case = '-Id [int]::MaxValue'; Expect = 'SignalProcessNotFound'; Run = { Get-IpcSignal -Id ([int]::MaxValue) } }
        @{ Command = 'Get-IpcSignal'; Case = 'an unknown signal name'; Expect = 'SignalUnknown'; Run = { Get-IpcSignal -Signal 'NOTASIG' } }
        @{ Command = 'Wait-IpcSignal'; Case = 'KILL'; Expect = 'SignalNotCatchable'; Run = { Wait-IpcSignal -Signal KILL -TimeoutSec 0.2 } }
        @{ Command = 'Wait-IpcSignal'; Case = 'STOP'; Expect = 'SignalNotCatchable'; Run = { Wait-IpcSignal -Signal STOP -TimeoutSec 0.2 } }
        @{ Command = 'Wait-IpcSignal'; Case = 'SEGV (the runtime''s fault signal)'; Expect = 'SignalNotCatchable'; Run = { Wait-IpcSignal -Signal SEGV -TimeoutSec 0.2 } }
        @{ Command = 'Wait-IpcSignal'; Case = 'RTMIN (the runtime''s own)'; Expect = 'SignalNotCatchable'; Run = { Wait-IpcSignal -Signal RTMIN -TimeoutSec 0.2 } }
        @{ Command = 'Wait-IpcSignal'; Case = 'signal 32 (the C library''s)'; Expect = 'SignalNotCatchable'; Run = { Wait-IpcSignal -Signal 32 -TimeoutSec 0.2 } }
        @{ Command = 'Wait-IpcSignal'; Case = 'signal 65'; Expect = 'SignalOutOfRange'; Run = { Wait-IpcSignal -Signal 65 -TimeoutSec 0.2 } }
        @{ Command = 'Wait-IpcSignal'; Case = '-Count 0'; Expect = 'ParameterArgumentValidationError'; Run = { Wait-IpcSignal -Signal USR1 -Count 0 -TimeoutSec 0.2 } }
        @{ Command = 'Register-IpcSignalEvent'; Case = 'KILL'; Expect = 'SignalNotCatchable'; Run = { Register-IpcSignalEvent -Signal KILL } }
        @{ Command = 'Register-IpcSignalEvent'; Case = 'signal 0'; Expect = 'SignalOutOfRange'; Run = { Register-IpcSignalEvent -Signal 0 } }

        # Mapped files: objects of the wrong kind, offsets and counts at the limits.
        @{ Command = 'Read-MappedFile'; Case = 'a FIFO'; Expect = 'MappedFileNotRegular'; Run = { Read-MappedFile "$Fx/fifo" } }
        @{ Command = 'Read-MappedFile'; Case = 'a directory'; Expect = 'MappedFileNotRegular'; Run = { Read-MappedFile "$Fx/dir" } }
        @{ Command = 'Read-MappedFile'; Case = 'a socket'; Expect = 'MappedFileNotRegular'; Run = { Read-MappedFile "$Fx/stale" } }
        @{ Command = 'Read-MappedFile'; Case = 'a link to a FIFO'; Expect = 'MappedFileNotRegular'; Run = { Read-MappedFile "$Fx/link-fifo" } }
        @{ Command = 'Read-MappedFile'; Case = 'a path with a NUL after a real file''s name'; Expect = 'MappedFileNotFound'; Run = { Read-MappedFile "$Fx/map`0tail" } }
        @{ Command = 'Read-MappedFile'; Case = '-Offset -1'; Expect = 'ParameterArgumentValidationError'; Run = { Read-MappedFile "$Fx/map" -Offset -1 } }
        @{ Command = 'Read-MappedFile'; Case = '-Offset [long]::MaxValue'; Expect = 'MappedFileOutOfRange'; Run = { Read-MappedFile "$Fx/map" -Offset ([long]::MaxValue) } }
        @{ Command = 'Read-MappedFile'; Case = '-Count [long]::MaxValue'; Expect = 'MappedFileOutOfRange'; Run = { Read-MappedFile "$Fx/map" -Count ([long]::MaxValue) } }
        @{ Command = 'Read-MappedFile'; Case = '-Offset [long]::MaxValue with -Count 1'; Expect = 'MappedFileOutOfRange'; Run = { Read-MappedFile "$Fx/map" -Offset ([long]::MaxValue) -Count 1 } }
        @{ Command = 'Read-MappedFile'; Case = 'a range past the end'; Expect = 'MappedFileOutOfRange'; Run = { Read-MappedFile "$Fx/map" -Offset 4000 -Count 200 } }
        @{ Command = 'Read-MappedFile'; Case = '-Offset at the file''s size'; Expect = 'MappedFileOutOfRange'; Run = { Read-MappedFile "$Fx/map" -Offset 4096 } }
        @{ Command = 'Read-MappedFile'; Case = '-Offset of the wrong type'; Expect = 'CannotConvertArgumentNoMessage'; Run = { Read-MappedFile "$Fx/map" -Offset 'start' } }
        @{ Command = 'Write-MappedFile'; Case = '-Offset [long]::MaxValue with -Extend'; Expect = 'MappedFileOutOfRange'; Run = { Write-MappedFile "$Fx/map" 'x' -Offset ([long]::MaxValue) -Extend } }
        @{ Command = 'Write-MappedFile'; Case = '-Offset 2^62 with -Extend (over the file-size limit)'; Expect = 'MappedFileExtendFailed'; Run = { Write-MappedFile "$Fx/map" 'x' -Offset ([long]1 -shl 62) -Extend } }
        @{ Command = 'Write-MappedFile'; Case = 'a write that reaches past the end'; Expect = 'MappedFileOutOfRange'; Run = { Write-MappedFile "$Fx/map" 'xyz' -Offset 4095 } }
        @{ Command = 'Write-MappedFile'; Case = 'a FIFO'; Expect = 'MappedFileNotRegular'; Run = { Write-MappedFile "$Fx/fifo" 'x' } }
        @{ Command = 'Write-MappedFile'; Case = 'a directory'; Expect = 'MappedFileNotRegular'; Run = { Write-MappedFile "$Fx/dir" 'x' } }
        @{ Command = 'Write-MappedFile'; Case = '-Extend on a link to a regular file'; Expect = 'MappedFileNotRegular'; Run = { Write-MappedFile "$Fx/link-reg" 'a longer text than the file holds' -Extend } }
        @{ Command = 'Write-MappedFile'; Case = '-AsByteStream with 300'; Expect = 'NotBytes'; Run = { Write-MappedFile "$Fx/map" -AsByteStream -Value 300 } }
        @{ Command = 'Search-MappedFile'; Case = 'an empty text'; Expect = 'ParameterArgumentValidationError'; Run = { Search-MappedFile "$Fx/map" -Text '' } }
        @{ Command = 'Search-MappedFile'; Case = 'a pattern of 2 MiB'; Expect = 'ParameterArgumentValidationError'; Run = { Search-MappedFile "$Fx/map" -Pattern ([byte[]]::new(2MB)) } }
        @{ Command = 'Search-MappedFile'; Case = '-Offset [long]::MaxValue'; Expect = 'MappedFileOutOfRange'; Run = { Search-MappedFile "$Fx/map" -Text 'a' -Offset ([long]::MaxValue) } }
        @{ Command = 'Search-MappedFile'; Case = 'a FIFO'; Expect = 'MappedFileNotRegular'; Run = { Search-MappedFile "$Fx/fifo" -Text 'a' } }

        # Unix sockets: paths taken by other kinds of object, links, long names.
        @{ Command = 'Receive-UnixSocketMessage'; Case = '-Force on a regular file'; Expect = 'SocketPathTaken'; Run = { Receive-UnixSocketMessage "$Fx/reg" -Force -TimeoutSec 0.2 } }
        @{ Command = 'Receive-UnixSocketMessage'; Case = '-Force on a link to a regular file'; Expect = 'SocketPathTaken'; Run = { Receive-UnixSocketMessage "$Fx/link-reg" -Force -TimeoutSec 0.2 } }
        @{ Command = 'Receive-UnixSocketMessage'; Case = '-Force on a directory'; Expect = 'SocketPathTaken'; Run = { Receive-UnixSocketMessage "$Fx/dir" -Force -TimeoutSec 0.2 } }
        @{ Command = 'Receive-UnixSocketMessage'; Case = '-Force on a FIFO'; Expect = 'SocketPathTaken'; Run = { Receive-UnixSocketMessage "$Fx/fifo" -Force -TimeoutSec 0.2 } }
        @{ Command = 'Receive-UnixSocketMessage'; Case = 'a stale socket without -Force'; Expect = 'SocketExists'; Run = { Receive-UnixSocketMessage "$Fx/stale" -TimeoutSec 0.2 } }
        @{ Command = 'Receive-UnixSocketMessage'; Case = 'a path over sun_path''s 108 bytes'; Expect = 'SocketInvalidName'; Run = { Receive-UnixSocketMessage "$Fx/$('a' * 120)" -TimeoutSec 0.2 } }
        @{ Command = 'Receive-UnixSocketMessage'; Case = 'a path of exactly 108 bytes (one over sun_path)'; Expect = 'SocketInvalidName'; Run = { Receive-UnixSocketMessage ("$Fx/" + ('s' * (108 - "$Fx/".Length))) -TimeoutSec 0.2 } }
        @{ Command = 'Receive-UnixSocketMessage'; Case = 'a path with a NUL'; Expect = 'SocketInvalidName'; Run = { Receive-UnixSocketMessage "$Fx/stale`0tail" -Force -TimeoutSec 0.2 } }
        @{ Command = 'Receive-UnixSocketMessage'; Case = 'an abstract name of 200 bytes'; Expect = 'SocketInvalidName'; Run = { Receive-UnixSocketMessage -Abstract ('a' * 200) -TimeoutSec 0.2 } }
        @{ Command = 'Receive-UnixSocketMessage'; Case = 'an empty abstract name'; Expect = 'ParameterArgumentValidationError'; Run = { Receive-UnixSocketMessage -Abstract '' -TimeoutSec 0.2 } }
        @{ Command = 'Receive-UnixSocketMessage'; Case = 'a missing parent directory'; Expect = 'SocketParentNotFound'; Run = { Receive-UnixSocketMessage "$Fx/nodir/s" -TimeoutSec 0.2 } }
        @{ Command = 'Receive-UnixSocketMessage'; Case = '-Count -1'; Expect = 'ParameterArgumentValidationError'; Run = { Receive-UnixSocketMessage "$Fx/s" -Count -1 } }
        @{ Command = 'Send-UnixSocketMessage'; Case = 'a missing path'; Expect = 'SocketNotFound'; Run = { Send-UnixSocketMessage "$Fx/missing" 'x' -TimeoutSec 0.5 } }
        @{ Command = 'Send-UnixSocketMessage'; Case = 'a regular file'; Expect = 'SocketNotASocket'; Run = { Send-UnixSocketMessage "$Fx/reg" 'x' -TimeoutSec 0.5 } }
        @{ Command = 'Send-UnixSocketMessage'; Case = 'a link to a regular file'; Expect = 'SocketNotASocket'; Run = { Send-UnixSocketMessage "$Fx/link-reg" 'x' -TimeoutSec 0.5 } }
        @{ Command = 'Send-UnixSocketMessage'; Case = 'a socket nobody listens on'; Expect = 'SocketConnectionRefused'; Run = { Send-UnixSocketMessage "$Fx/stale" 'x' -TimeoutSec 0.5 } }
        @{ Command = 'Send-UnixSocketMessage'; Case = 'an abstract name nobody holds'; Expect = 'SocketConnectionRefused'; Run = { Send-UnixSocketMessage -Abstract "reltest-none-$PID" 'x' -TimeoutSec 0.5 } }
        @{ Command = 'Send-UnixSocketMessage'; Case = 'a path over sun_path''s 108 bytes'; Expect = 'SocketInvalidName'; Run = { Send-UnixSocketMessage "$Fx/$('a' * 120)" 'x' -TimeoutSec 0.5 } }
        @{ Command = 'Invoke-UnixSocketRequest'; Case = 'a regular file'; Expect = 'SocketNotASocket'; Run = { Invoke-UnixSocketRequest "$Fx/reg" 'x' -TimeoutSec 0.5 } }
        @{ Command = 'Invoke-UnixSocketRequest'; Case = '-ReplyLineCount -1'; Expect = 'ParameterArgumentValidationError'; Run = { Invoke-UnixSocketRequest "$Fx/stale" 'x' -ReplyLineCount -1 } }
        @{ Command = 'Start-UnixSocketServer'; Case = '-Force on a regular file'; Expect = 'SocketPathTaken'; Run = { Start-UnixSocketServer "$Fx/reg" { $_ } -Force -TimeoutSec 0.2 } }

        # Shared memory and semaphore cmdlets: names, sizes beyond /dev/shm, offsets, values, missing objects.
        @{ Command = 'New-SharedMemory'; Case = 'a name with a further slash'; Expect = 'ShmInvalidName'; Run = { New-SharedMemory '/a/b' 10 } }
        @{ Command = 'New-SharedMemory'; Case = '-Size [long]::MaxValue (beyond /dev/shm)'; Expect = 'ShmTooLarge'; Run = { New-SharedMemory (New-TestName reltest) ([long]::MaxValue) } }
        @{ Command = 'New-SharedMemory'; Case = '-Size -1'; Expect = 'ShmInvalidSize'; Run = { New-SharedMemory (New-TestName reltest) -1 } }
        @{ Command = 'New-SharedMemory'; Case = '-Mode 04777 (setuid)'; Expect = 'ParameterArgumentTransformationError'; Run = { New-SharedMemory (New-TestName reltest) 10 -Mode 04777 } }
        @{ Command = 'New-IpcFifo'; Case = '-Mode 01777 (sticky)'; Expect = 'ParameterArgumentTransformationError'; Run = { New-IpcFifo "$Fx/sticky-fifo" -Mode 01777 } }
        @{ Command = 'Read-SharedMemory'; Case = 'a missing segment'; Expect = 'ShmNotFound'; Run = { Read-SharedMemory (New-TestName reltest) } }
        @{ Command = 'Read-SharedMemory'; Case = 'a name of 300 bytes'; Expect = 'ShmInvalidName'; Run = { Read-SharedMemory "/$Long" } }
        @{ Command = 'Write-SharedMemory'; Case = '-Offset past the end'; Expect = 'ShmOutOfRange'; Run = {
                $name = New-TestName reltest
                $null = New-SharedMemory $name 16
                try { Write-SharedMemory $name 'x' -Offset 16 } finally { Remove-SharedMemory $name }
            }
        }
        @{ Command = 'Remove-SharedMemory'; Case = 'a name with a NUL'; Expect = 'ShmInvalidName'; Run = { Remove-SharedMemory "/a`0b" } }
        @{ Command = 'New-IpcSemaphore'; Case = '-InitialValue -1'; Expect = 'SemaphoreInvalidValue'; Run = { New-IpcSemaphore (New-TestName reltest) -InitialValue -1 } }
        @{ Command = 'New-IpcSemaphore'; Case = 'a name of 252 bytes (251 is the limit)'; Expect = 'SemaphoreInvalidName'; Run = { New-IpcSemaphore ('/' + ('s' * 252)) } }
        @{ Command = 'Lock-IpcSemaphore'; Case = 'a missing semaphore'; Expect = 'SemaphoreNotFound'; Run = { Lock-IpcSemaphore (New-TestName reltest) -TimeoutSec 0 } }
        @{ Command = 'Unlock-IpcSemaphore'; Case = 'a name with a further slash'; Expect = 'SemaphoreInvalidName'; Run = { Unlock-IpcSemaphore '/a/b' } }
        @{ Command = 'Use-IpcSemaphore'; Case = 'a missing semaphore'; Expect = 'SemaphoreNotFound'; Run = { Use-IpcSemaphore (New-TestName reltest) { 'never runs' } } }
        @{ Command = 'Lock-IpcSemaphore'; Case = '-TimeoutSec -1'; Expect = 'ParameterArgumentValidationError'; Run = { Lock-IpcSemaphore (New-TestName reltest) -TimeoutSec -1 } }

        # Shared memory through the Core class.
        @{ Command = 'SharedMemorySegment.Create'; Case = 'a name with a further slash'; Expect = 'ShmInvalidName'; Run = { [PosixIpc.SharedMemory.SharedMemorySegment]::Create('/a/b', 10) } }
        @{ Command = 'SharedMemorySegment.Create'; Case = 'a name with a NUL'; Expect = 'ShmInvalidName'; Run = { [PosixIpc.SharedMemory.SharedMemorySegment]::Create("/a`0b", 10) } }
        @{ Command = 'SharedMemorySegment.Create'; Case = 'a name of 300 bytes'; Expect = 'ShmInvalidName'; Run = { [PosixIpc.SharedMemory.SharedMemorySegment]::Create("/$Long", 10) } }
        @{ Command = 'SharedMemorySegment.Create'; Case = 'size -1'; Expect = 'ShmInvalidSize'; Run = { [PosixIpc.SharedMemory.SharedMemorySegment]::Create((New-TestName reltest), -1) } }
        @{ Command = 'SharedMemorySegment.Open'; Case = 'a missing segment'; Expect = 'ShmNotFound'; Run = { [PosixIpc.SharedMemory.SharedMemorySegment]::Open((New-TestName reltest)) } }
        @{ Command = 'SharedMemorySegment.Write'; Case = 'a segment opened read-only'; Expect = 'ShmReadOnly'; Run = {
                $name = New-TestName reltest
                $seg = [PosixIpc.SharedMemory.SharedMemorySegment]::Create($name, 4096)
                $ro = [PosixIpc.SharedMemory.SharedMemorySegment]::Open($name, $true)
                try { $ro.Write(0, [byte[]](1, 2)) } finally { $ro.Dispose(); $seg.Dispose(); [PosixIpc.SharedMemory.SharedMemorySegment]::Unlink($name) }
            }
        }
        @{ Command = 'SharedMemorySegment.Read'; Case = 'offset [long]::MaxValue'; Expect = 'ShmOutOfRange'; Run = {
                $name = New-TestName reltest
                $seg = [PosixIpc.SharedMemory.SharedMemorySegment]::Create($name, 4096)
                try { $seg.Read([long]::MaxValue, 1) } finally { $seg.Dispose(); [PosixIpc.SharedMemory.SharedMemorySegment]::Unlink($name) }
            }
        }
        @{ Command = 'SharedMemorySegment.Read'; Case = 'count -1'; Expect = 'ShmOutOfRange'; Run = {
                $name = New-TestName reltest
                $seg = [PosixIpc.SharedMemory.SharedMemorySegment]::Create($name, 4096)
                try { $seg.Read(0, -1) } finally { $seg.Dispose(); [PosixIpc.SharedMemory.SharedMemorySegment]::Unlink($name) }
            }
        }
    ) {
        $Figures.BadInputs.Tried++
        $Figures.ExpectedIds.Add($Expect)
        $id = Get-IpcErrorId $Run
        # pwsh and the module still work, and nothing among the fixtures changed.
        $alive = @(Get-IpcSignal -Signal TERM).Count -eq 1
        $after = Get-FixtureState
        if (($id -eq $Expect -or $id -like "$Expect,*") -and $alive -and $after -eq $FixtureBefore) { $Figures.BadInputs.Handled++ }
        ($id -replace ',.*$') | Should -Be $Expect
        $alive | Should -BeTrue
        $after | Should -Be $FixtureBefore
    }
}

Describe 'Other users: the default mode keeps a uid-65534 process out of every object; -Mode lets it in exactly as far as asked' {
    BeforeEach { Skip-IfMissing $MissingPeers }
    BeforeAll {
        $script:OuDir = Join-Path $TestDrive 'other-user'
        $null = New-Item -ItemType Directory $OuDir
        chmod 755 $OuDir   # others may enter, not create or remove

        $script:Ou = @{
            Fifo600  = "$OuDir/fifo-0600"; Fifo622 = "$OuDir/fifo-0622"
            Q600     = New-TestName; Q622 = New-TestName reltest
            Map600   = "$OuDir/map-0600"; Map644 = "$OuDir/map-0644"
            Sock600  = "$OuDir/sock-0600"; Sock622 = "$OuDir/sock-0622"
            Shm600   = New-TestName reltest
        }
        $null = New-IpcFifo $Ou.Fifo600
        $null = New-IpcFifo $Ou.Fifo622 -Mode 0622
        $null = New-MqQueue $Ou.Q600
        $null = New-MqQueue $Ou.Q622 -Mode 0622
        Send-MqMessage $Ou.Q600 'root only'
        foreach ($m in $Ou.Map600, $Ou.Map644) { [IO.File]::WriteAllBytes($m, [Text.Encoding]::ASCII.GetBytes('owner data 0123456789')) }
        chmod 600 $Ou.Map600
        chmod 644 $Ou.Map644
        $script:Shm = [PosixIpc.SharedMemory.SharedMemorySegment]::Create($Ou.Shm600, 4096)
        # A socket file left by a receiver that ended, with the default mode; and a FIFO in a sticky, world-writable directory (as in /tmp).
        $Ou.Stale600 = "$OuDir/stale-0600"
        & $Python -c "import os, socket; s = socket.socket(socket.AF_UNIX); s.bind('$($Ou.Stale600)'); os.chmod('$($Ou.Stale600)', 0o600)"
        $Ou.Sticky = "$OuDir/sticky"
        $null = New-Item -ItemType Directory $Ou.Sticky
        chmod 1777 $Ou.Sticky
        $Ou.StickyFifo = "$($Ou.Sticky)/fifo-0600"
        $null = New-IpcFifo $Ou.StickyFifo

        # Root processes on the other side: receivers on both sockets and the FIFO that others may write, and a signal target.
        $script:Sock600Peer = Start-Peer -Pwsh "Receive-UnixSocketMessage '$($Ou.Sock600)' -Count 1 -TimeoutSec 60 | ForEach-Object { `"`$(`$_.Uid)|`$(`$_.Text)`" }"
        $script:Sock622Peer = Start-Peer -Pwsh "Receive-UnixSocketMessage '$($Ou.Sock622)' -Mode 0622 -Count 1 -TimeoutSec 60 | ForEach-Object { `"`$(`$_.Uid)|`$(`$_.Text)`" }"
        $script:FifoPeer = Start-Peer -Pwsh "Read-IpcFifo '$($Ou.Fifo622)' -Count 1 -TimeoutSec 60"
        $script:Target = Start-Peer sleep 120
        $null = Wait-Until { (Test-Path $Ou.Sock600) -and (Test-Path $Ou.Sock622) } -TimeoutSec 60

        # Socket files come and go with their receivers: everything else must stay as it is.
        function Get-OuState { (((Get-TreeState $OuDir) -split "`n" | Where-Object { $_ -notlike 'sock-*' }) -join "`n") + "`nsticky: " + (Get-TreeState $Ou.Sticky) }
        $script:OuBefore = (Get-OuState) + "`n" + ((Get-MqQueue $Ou.Q600, $Ou.Q622 | ForEach-Object { "$($_.Name)=$($_.CurrentMessages)" }) -join ' ')

        # One process of user nobody tries everything and reports label|ErrorId (or label|OK).
        $script:OuResult = @{}
        $lines = Invoke-AsOtherUser @"
function Try-It([string] `$Label, [scriptblock] `$Run) {
    try { `$ErrorActionPreference = 'Stop'; `$null = & `$Run; "`$Label|OK" }
    catch {
        `$e = `$_.Exception; while (`$e -and `$e -isnot [PosixIpc.PosixIpcException] -and `$e.InnerException) { `$e = `$e.InnerException }
        if (`$_.FullyQualifiedErrorId -notmatch ',PosixIpc\.Commands\.' -and `$e -is [PosixIpc.PosixIpcException]) { "`$Label|`$(`$e.ErrorId)" }
        else { "`$Label|`$((`$_.FullyQualifiedErrorId -split ',')[0])" }
    }
}
Try-It fifo600-read { Read-IpcFifo '$($Ou.Fifo600)' -TimeoutSec 1 }
Try-It fifo600-write { 'x' | Write-IpcFifo '$($Ou.Fifo600)' -TimeoutSec 1 }
Try-It fifo600-remove { Remove-IpcFifo '$($Ou.Fifo600)' }
Try-It fifo600-new-force { New-IpcFifo '$($Ou.Fifo600)' -Force }
Try-It fifo600-sticky-remove { Remove-IpcFifo '$($Ou.StickyFifo)' }
Try-It stale600-bind-force { Receive-UnixSocketMessage '$($Ou.Stale600)' -Force -TimeoutSec 1 }
Try-It stale600-server-force { Start-UnixSocketServer '$($Ou.Stale600)' { `$_ } -Force -TimeoutSec 1 }
Try-It fifo622-write { 'from nobody' | Write-IpcFifo '$($Ou.Fifo622)' -TimeoutSec 20 }
Try-It fifo622-read { Read-IpcFifo '$($Ou.Fifo622)' -TimeoutSec 1 }
Try-It q600-send { Send-MqMessage '$($Ou.Q600)' 'x' -NoWait }
Try-It q600-receive { Receive-MqMessage '$($Ou.Q600)' -NoWait }
Try-It q600-clear { Clear-MqQueue '$($Ou.Q600)' -Confirm:`$false }
Try-It q600-remove { Remove-MqQueue '$($Ou.Q600)' -Confirm:`$false }
Try-It q600-new-force { New-MqQueue '$($Ou.Q600)' -Force }
Try-It q622-send { Send-MqMessage '$($Ou.Q622)' 'from nobody' -NoWait }
Try-It q622-receive { Receive-MqMessage '$($Ou.Q622)' -NoWait }
Try-It q622-clear { Clear-MqQueue '$($Ou.Q622)' -Confirm:`$false }
Try-It q600-register { Register-MqMessageEvent '$($Ou.Q600)' -SourceIdentifier nobody-watch }
Try-It q622-remove { Remove-MqQueue '$($Ou.Q622)' -Confirm:`$false }
Try-It map600-read { Read-MappedFile '$($Ou.Map600)' }
Try-It map600-search { Search-MappedFile '$($Ou.Map600)' -Text 'owner' }
Try-It map600-write { Write-MappedFile '$($Ou.Map600)' 'OWNED' }
Try-It map644-read { if ((Read-MappedFile '$($Ou.Map644)').Text -ne 'owner data 0123456789') { throw 'wrong data' } }
Try-It map644-write { Write-MappedFile '$($Ou.Map644)' 'OWNED' }
Try-It map644-extend { Write-MappedFile '$($Ou.Map644)' 'more' -Offset 100 -Extend }
Try-It sock600-send { 'x' | Send-UnixSocketMessage '$($Ou.Sock600)' -TimeoutSec 5 }
Try-It sock600-request { Invoke-UnixSocketRequest '$($Ou.Sock600)' 'x' -TimeoutSec 5 }
Try-It sock600-bind-force { Receive-UnixSocketMessage '$($Ou.Sock600)' -Force -TimeoutSec 1 }
Try-It sock622-send { 'from nobody' | Send-UnixSocketMessage '$($Ou.Sock622)' -TimeoutSec 5 }
Try-It signal-term { Send-IpcSignal -Id $($Target.Id) -Signal TERM -Confirm:`$false }
Try-It signal-kill { Send-IpcSignal -Id $($Target.Id) -Signal KILL -Confirm:`$false }
Try-It signal-value { Send-IpcSignal -Id $($Target.Id) -Signal USR1 -Value 7 -Confirm:`$false }
Try-It signal-own { Send-IpcSignal -Id `$PID -Signal 0 }
Try-It shm600-open { [PosixIpc.SharedMemory.SharedMemorySegment]::Open('$($Ou.Shm600)', `$true) }
Try-It shm600-unlink { [PosixIpc.SharedMemory.SharedMemorySegment]::Unlink('$($Ou.Shm600)') }
"@
        foreach ($l in $lines) {
            $label, $value = "$l" -split '\|', 2
            if ($null -ne $value) { $OuResult[$label] = $value }
        }
        $script:OuText = $lines -join "`n"
    }

    AfterAll {
        Remove-MqQueue $Ou.Q600, $Ou.Q622 -ErrorAction Ignore
        $Shm.Dispose()
        [PosixIpc.SharedMemory.SharedMemorySegment]::Unlink($Ou.Shm600)
        if (-not $Target.HasExited) { $Target.Kill() }
    }

    It '<Label>: <Expect>' -ForEach @(
        @{ Label = 'fifo600-read'; Expect = 'FifoPermissionDenied' }
        @{ Label = 'fifo600-write'; Expect = 'FifoPermissionDenied' }
        @{ Label = 'fifo600-remove'; Expect = 'FifoPermissionDenied' }
        @{ Label = 'fifo600-new-force'; Expect = 'OK' }   # -Force reuses the FIFO as it is: no change, no access
        @{ Label = 'fifo600-sticky-remove'; Expect = 'FifoPermissionDenied' }
        @{ Label = 'stale600-bind-force'; Expect = 'SocketPermissionDenied' }
        @{ Label = 'stale600-server-force'; Expect = 'SocketPermissionDenied' }
        @{ Label = 'fifo622-write'; Expect = 'OK' }
        @{ Label = 'fifo622-read'; Expect = 'FifoPermissionDenied' }
        @{ Label = 'q600-send'; Expect = 'MqPermissionDenied' }
        @{ Label = 'q600-receive'; Expect = 'MqPermissionDenied' }
        @{ Label = 'q600-clear'; Expect = 'MqPermissionDenied' }
        @{ Label = 'q600-remove'; Expect = 'MqPermissionDenied' }
        @{ Label = 'q600-new-force'; Expect = 'MqPermissionDenied' }
        @{ Label = 'q622-send'; Expect = 'OK' }
        @{ Label = 'q622-receive'; Expect = 'MqPermissionDenied' }
        @{ Label = 'q622-clear'; Expect = 'MqPermissionDenied' }
        @{ Label = 'q600-register'; Expect = 'MqPermissionDenied' }
        @{ Label = 'q622-remove'; Expect = 'MqPermissionDenied' }
        @{ Label = 'map600-read'; Expect = 'MappedFilePermissionDenied' }
        @{ Label = 'map600-search'; Expect = 'MappedFilePermissionDenied' }
        @{ Label = 'map600-write'; Expect = 'MappedFilePermissionDenied' }
        @{ Label = 'map644-read'; Expect = 'OK' }
        @{ Label = 'map644-write'; Expect = 'MappedFilePermissionDenied' }
        @{ Label = 'map644-extend'; Expect = 'MappedFilePermissionDenied' }
        @{ Label = 'sock600-send'; Expect = 'SocketPermissionDenied' }
        @{ Label = 'sock600-request'; Expect = 'SocketPermissionDenied' }
        @{ Label = 'sock600-bind-force'; Expect = 'SocketPermissionDenied' }   # it may not connect, so it cannot tell that someone listens
        @{ Label = 'sock622-send'; Expect = 'OK' }
        @{ Label = 'signal-term'; Expect = 'SignalPermissionDenied' }
        @{ Label = 'signal-kill'; Expect = 'SignalPermissionDenied' }
        @{ Label = 'signal-value'; Expect = 'SignalPermissionDenied' }
        @{ Label = 'signal-own'; Expect = 'OK' }
        @{ Label = 'shm600-open'; Expect = 'ShmPermissionDenied' }
        @{ Label = 'shm600-unlink'; Expect = 'ShmPermissionDenied' }
    ) {
        $got = $OuResult[$Label]
        if ($Expect -ne 'OK') { $Figures.ExpectedIds.Add($Expect) }
        Add-Check OtherUser ($got -eq $Expect)
        $got | Should -Be $Expect -Because $OuText
    }

    It 'left every object as it was, and what -Mode let through arrived from uid 65534' {
        $after = (Get-OuState) + "`n" + ((Get-MqQueue $Ou.Q600, $Ou.Q622 | ForEach-Object { "$($_.Name)=$($_.CurrentMessages)" }) -join ' ')
        $sock600 = $Sock600Peer
        # The 0600 receiver got nothing from nobody: give it its one message from root so it ends.
        'from root' | Send-UnixSocketMessage $Ou.Sock600 -TimeoutSec 10
        $ok = ($Sock622Peer | Wait-Peer).StdOut.Trim() -eq '65534|from nobody' -and
            ($sock600 | Wait-Peer).StdOut.Trim() -eq '0|from root' -and
            ($FifoPeer | Wait-Peer).StdOut.Trim() -eq 'from nobody' -and
            -not $Target.HasExited -and
            (Receive-MqMessage $Ou.Q600 -NoWait).Text -eq 'root only' -and
            (Receive-MqMessage $Ou.Q622 -NoWait).Text -eq 'from nobody'
        Add-Check OtherUser $ok
        # Only what nobody was allowed changed: one message more in the 0622 queue.
        $after | Should -Be ($OuBefore -replace "($([regex]::Escape($Ou.Q622)))=0", '$1=1')
        $ok | Should -BeTrue
    }
}

Describe 'Load: several producer and consumer processes, numbered messages, none lost and none duplicated' {
    BeforeEach { Skip-IfMissing $MissingPeers }
    BeforeAll {
        $script:Producers = 4
        $script:Consumers = 2
        $script:PerProducer = 500

        function Measure-Delivery([string] $Mechanism, [string[]] $Received) {
            # Compares what the consumers printed with every message the producers sent.
            $sent = foreach ($p in 1..$Producers) { foreach ($n in 1..$PerProducer) { "p$p-$n" } }
            $sentSet = [Collections.Generic.HashSet[string]]::new([string[]]$sent)
            $seen = [Collections.Generic.HashSet[string]]::new()
            $dup = 0; $foreign = 0
            foreach ($r in $Received) {
                if (-not $sentSet.Contains($r)) { $foreign++ }
                elseif (-not $seen.Add($r)) { $dup++ }
            }
            $f = [ordered]@{
                Producers = $Producers; Consumers = $Consumers; Sent = $sent.Count; Received = $Received.Count
                Lost = $sent.Count - $seen.Count; Duplicated = $dup; Garbled = $foreign
            }
            $Figures.Load[$Mechanism] = $f
            [pscustomobject]$f
        }

        function Assert-Delivered($Delivery) {
            # Measure-Delivery's figures: every message sent arrived once, whole.
            $Delivery.Lost | Should -Be 0
            $Delivery.Duplicated | Should -Be 0
            $Delivery.Garbled | Should -Be 0
            $Delivery.Received | Should -Be $Delivery.Sent
        }

        function Start-SpreadWriters([string] $Sink, [string[]] $Targets) {
            # A pwsh peer per producer that spreads its numbered messages over the targets, each through $Sink.
            foreach ($p in 1..$Producers) {
                $script = foreach ($c in 0..($Targets.Count - 1)) {
                    "1..$PerProducer | Where-Object { `$_ % $($Targets.Count) -eq $c } | ForEach-Object { 'p$p-' + `$_ } | $Sink '$($Targets[$c])' -TimeoutSec 60"
                }
                Start-Peer -Pwsh ($script -join "`n")
            }
        }

        function Get-Lines($Results) {
            # The non-empty lines of the peers' standard output.
            foreach ($r in $Results) { foreach ($l in ($r.StdOut -split "`n")) { if ($l.Trim()) { $l.Trim() } } }
        }

        function Assert-PeersOk($Results) {
            foreach ($r in $Results) {
                $r.TimedOut | Should -BeFalse
                $r.ExitCode | Should -Be 0 -Because $r.StdErr
            }
        }
    }

    It 'message queue: <Producers> producers and <Consumers> consumers on one queue of 10' {
        $q = New-TestName reltest
        $null = New-MqQueue $q -MaxMessages 10 -MessageSize 64
        try {
            $readerPeers = foreach ($c in 1..$Consumers) {
                Start-Peer -Pwsh "while (`$true) { `$m = Receive-MqMessage '$q' -TimeoutSec 60; if (`$m.Text -eq 'STOP') { break }; `$m.Text }"
            }
            $writerPeers = foreach ($p in 1..$Producers) {
                Start-Peer -Pwsh "1..$PerProducer | ForEach-Object { 'p$p-' + `$_ } | Send-MqMessage '$q' -TimeoutSec 60"
            }
            $pr = $writerPeers | Wait-Peer -TimeoutSec 120
            # Every producer is done: one STOP per consumer, behind all the numbered messages.
            foreach ($c in 1..$Consumers) { Send-MqMessage $q 'STOP' -TimeoutSec 30 }
            $cr = $readerPeers | Wait-Peer -TimeoutSec 60
            Assert-PeersOk ($pr + $cr)
            $f = Measure-Delivery 'message queue' @(Get-Lines $cr)
            (Get-MqQueue $q).CurrentMessages | Should -Be 0
        }
        finally { Remove-MqQueue $q -ErrorAction Ignore }
        Assert-Delivered $f
    }

    It 'FIFO: <Producers> writers on each of <Consumers> FIFOs with one reader each (lines up to PIPE_BUF are atomic)' {
        # Two readers on one FIFO would split each other's reads, so each reader has its own FIFO and
        # every writer writes to both. The test holds a write end open so that no reader sees the end
        # between one writer's close and the next one's open.
        $fifos = foreach ($c in 1..$Consumers) { $f = New-TestPath fifo; $null = New-IpcFifo $f; $f }
        $readerPeers = foreach ($f in $fifos) { Start-Peer -Pwsh "Read-IpcFifo '$f' -TimeoutSec 60" }
        $holders = foreach ($f in $fifos) { [PosixIpc.Fifo.FifoWriter]::Open($f, [TimeSpan]::FromSeconds(60), [Threading.CancellationToken]::None) }
        try {
            $writerPeers = Start-SpreadWriters Write-IpcFifo $fifos
            $pr = $writerPeers | Wait-Peer -TimeoutSec 120
        }
        finally { $holders | ForEach-Object Dispose }
        $cr = $readerPeers | Wait-Peer -TimeoutSec 60
        Assert-PeersOk ($pr + $cr)
        $f = Measure-Delivery 'FIFO' @(Get-Lines $cr)
        Assert-Delivered $f
    }

    It 'stream socket: <Producers> clients on each of <Consumers> receivers' {
        $paths = foreach ($c in 1..$Consumers) { New-TestPath sock }
        $perConsumer = $Producers * $PerProducer / $Consumers
        $readerPeers = foreach ($s in $paths) { Start-Peer -Pwsh "Receive-UnixSocketMessage '$s' -Count $perConsumer -TimeoutSec 60 | ForEach-Object Text" }
        (Wait-Until { @($paths | Where-Object { Test-Path $_ }).Count -eq $Consumers } -TimeoutSec 60) | Should -BeTrue
        $writerPeers = Start-SpreadWriters Send-UnixSocketMessage $paths
        $pr = $writerPeers | Wait-Peer -TimeoutSec 120
        $cr = $readerPeers | Wait-Peer -TimeoutSec 60
        Assert-PeersOk ($pr + $cr)
        $f = Measure-Delivery 'stream socket' @(Get-Lines $cr)
        Assert-Delivered $f
    }
}

Describe 'Faults: pwsh survives every one and reports a clear error or a clean end' {
    BeforeEach { Skip-IfMissing $MissingPeers }
    BeforeAll {
        function Stop-Hard($Process) {
            # SIGKILL through the module itself; the process cannot catch or clean up.
            Send-IpcSignal -Id $Process.Id -Signal KILL -Confirm:$false
            $Process.WaitForExit(30000) | Should -BeTrue
        }

        function Wait-Writer([string] $Fifo, $Process) {
            # Whether the process holds the FIFO open (its descriptors in /proc).
            Wait-Until { @(Get-ChildItem "/proc/$($Process.Id)/fd" -ErrorAction Ignore | Where-Object { $_.LinkTarget -eq $Fifo }).Count -gt 0 } -TimeoutSec 60
        }
    }

    It 'a queue consumer killed with SIGKILL mid-stream leaves what it did not take for the next consumer' {
        $q = New-TestName reltest
        $null = New-MqQueue $q -MaxMessages 10 -MessageSize 64
        $log = New-TestPath taken; $marker = New-TestPath paused
        try {
            $producer = Start-Peer -Pwsh "1..200 | ForEach-Object { 'm' + `$_ } | Send-MqMessage '$q' -TimeoutSec 60"
            # The first consumer records each message as it takes it and stops taking (mid-stream) after 40.
            $first = Start-Peer -Pwsh @"
`$n = 0
Receive-MqMessage '$q' -Wait -TimeoutSec 60 | ForEach-Object {
    [IO.File]::AppendAllText('$log', `$_.Text + "``n"); `$n++
    if (`$n -eq 40) { [IO.File]::WriteAllText('$marker', 'paused'); Start-Sleep 600 }
}
"@
            Wait-PathAppears $marker
            Stop-Hard $first
            $taken = @(Get-Content $log)
            $second = @(Receive-MqMessage $q -Count (200 - $taken.Count) -TimeoutSec 30 | ForEach-Object Text)
            $pr = $producer | Wait-Peer -TimeoutSec 60
            $left = (Get-MqQueue $q).CurrentMessages
        }
        finally { Remove-MqQueue $q -ErrorAction Ignore }
        $all = $taken + $second
        $ok = $first.ExitCode -eq 137 -and $pr.ExitCode -eq 0 -and $all.Count -eq 200 -and
            @($all | Sort-Object -Unique).Count -eq 200 -and $left -eq 0
        Add-Fault 'queue consumer SIGKILL' $ok "sent 200 = first consumer $($taken.Count) + next consumer $($second.Count), duplicated $($all.Count - @($all | Sort-Object -Unique).Count), left $left"
        $first.ExitCode | Should -Be 137
        $pr.ExitCode | Should -Be 0 -Because $pr.StdErr
        $taken.Count | Should -Be 40
        $second.Count | Should -Be 160
        @($all | Sort-Object -Unique).Count | Should -Be 200
        $all | Should -Be (1..200 | ForEach-Object { "m$_" })
        $left | Should -Be 0
    }

    It 'a FIFO writer killed mid-write gives its reader a clean end with whole, consecutive lines' {
        $fifo = New-TestPath fifo
        $null = New-IpcFifo $fifo
        $reader = Start-Peer -Pwsh @"
`$expect = 1; `$bad = 0
Read-IpcFifo '$fifo' -TimeoutSec 60 | ForEach-Object { if (`$_ -ne "line `$expect") { `$bad++ }; `$expect++ }
"received `$(`$expect - 1) bad `$bad"
"@
        $writer = Start-Peer -Pwsh "1..100000000 | ForEach-Object { 'line ' + `$_ } | Write-IpcFifo '$fifo' -TimeoutSec 60"
        (Wait-Writer $fifo $writer) | Should -BeTrue
        Start-Sleep -Seconds 1
        Stop-Hard $writer
        $r = $reader | Wait-Peer -TimeoutSec 60
        $ok = $r.ExitCode -eq 0 -and $r.StdOut -match 'received (\d+) bad 0' -and [long]$Matches[1] -gt 0 -and -not $r.StdErr
        Add-Fault 'FIFO writer SIGKILL' $ok "reader: $($r.StdOut.Trim()), exit $($r.ExitCode)"
        $r.ExitCode | Should -Be 0 -Because $r.StdErr
        $r.StdErr | Should -BeNullOrEmpty
        $r.StdOut | Should -Match 'received [1-9]\d* bad 0'
    }

    # In the two shrink faults (segment and mapped file) the reader pauses 5 ms between reads and the
    # object is cut once. What is proven is that a truncation between two accesses is caught (fstat
    # before each access). A truncation that lands inside one copy is what the mapped-file context
    # below proves: a tight loop against a file truncated and regrown without a pause.
    It 'a shared memory segment shrunk (ftruncate) under a reader gives ShmOutOfRange, not a crash' {
        $name = New-TestName reltest
        $seg = [PosixIpc.SharedMemory.SharedMemorySegment]::Create($name, 1MB)
        $marker = New-TestPath reading
        try {
            $reader = Start-Peer -Pwsh @"
`$seg = [PosixIpc.SharedMemory.SharedMemorySegment]::Open('$name', `$true)
`$reads = 0; `$id = 'none'; `$sw = [Diagnostics.Stopwatch]::StartNew()
while (`$sw.Elapsed.TotalSeconds -lt 60) {
    try { `$null = `$seg.Read(524288, 4096); `$reads++; if (`$reads -eq 20) { [IO.File]::WriteAllText('$marker', 'x') } }
    catch { `$e = `$_.Exception; while (`$e.InnerException) { `$e = `$e.InnerException }; `$id = `$e.ErrorId; break }
    Start-Sleep -Milliseconds 5
}
"reads `$reads error `$id"
"@
            Wait-PathAppears $marker
            & $Python -c "import os; fd = os.open('/dev/shm/$($name.Substring(1))', os.O_RDWR); os.ftruncate(fd, 1000); os.close(fd)"
            $r = $reader | Wait-Peer -TimeoutSec 60
        }
        finally { $seg.Dispose(); [PosixIpc.SharedMemory.SharedMemorySegment]::Unlink($name) }
        Assert-PeerSurvived 'segment shrunk under a reader' reader $r 'reads \d+ error ShmOutOfRange'
    }

    It 'a shared memory segment removed under a reader: its mapping still reads, opening it again gives ShmNotFound' {
        $name = New-TestName reltest
        $seg = [PosixIpc.SharedMemory.SharedMemorySegment]::Create($name, 64KB)
        $seg.Write(0, [Text.Encoding]::ASCII.GetBytes('still here'))
        $marker = New-TestPath reading
        $reader = Start-Peer -Pwsh @"
`$seg = [PosixIpc.SharedMemory.SharedMemorySegment]::Open('$name', `$true)
[IO.File]::WriteAllText('$marker', 'x')
`$id = 'none'; `$sw = [Diagnostics.Stopwatch]::StartNew()
while (`$sw.Elapsed.TotalSeconds -lt 60) {
    try { ([PosixIpc.SharedMemory.SharedMemorySegment]::Open('$name', `$true)).Dispose() }
    catch { `$e = `$_.Exception; while (`$e.InnerException) { `$e = `$e.InnerException }; `$id = `$e.ErrorId; break }
    Start-Sleep -Milliseconds 5
}
"reopen `$id handle [`$([Text.Encoding]::ASCII.GetString(`$seg.Read(0, 10)))]"
"@
        Wait-PathAppears $marker
        $seg.Dispose()
        [PosixIpc.SharedMemory.SharedMemorySegment]::Unlink($name)
        $r = $reader | Wait-Peer -TimeoutSec 60
        Assert-PeerSurvived 'segment removed under a reader' reader $r 'reopen ShmNotFound handle \[still here\]'
    }

    It 'a mapped file truncated while Read-MappedFile reads it in a loop gives MappedFileOutOfRange, not SIGBUS' {
        $file = New-TestPath mapped
        [IO.File]::WriteAllBytes($file, [byte[]]::new(1MB))
        $marker = New-TestPath reading
        $reader = Start-Peer -Pwsh @"
`$reads = 0; `$id = 'none'; `$sw = [Diagnostics.Stopwatch]::StartNew()
while (`$sw.Elapsed.TotalSeconds -lt 60) {
    try { `$null = Read-MappedFile '$file' -Offset 524288 -Count 4096 -AsByteStream; `$reads++; if (`$reads -eq 20) { [IO.File]::WriteAllText('$marker', 'x') } }
    catch { `$id = (`$_.FullyQualifiedErrorId -split ',')[0]; break }
    Start-Sleep -Milliseconds 5
}
"reads `$reads error `$id"
"@
        Wait-PathAppears $marker
        & $Python -c "import os; os.truncate('$file', 1000)"
        $r = $reader | Wait-Peer -TimeoutSec 60
        Assert-PeerSurvived 'mapped file truncated under Read-MappedFile' reader $r 'reads \d+ error MappedFileOutOfRange'
    }

    Context 'mapped files that another process truncates, fills up or closes under them' {
        BeforeAll {
            # Every mapped-file operation, in a loop for the given seconds in a child pwsh; it prints
            # how many succeeded, every ErrorId (or exception type) it met with its count, and 'alive'.
            function Invoke-MappedFileVictim([string] $File, [double] $Seconds, [string] $Setup = '', [string[]] $Operations) {
                $ops = ($Operations | ForEach-Object { "{ $_ }" }) -join ",`n    "
                $peer = Start-Peer -Pwsh @"
$Setup
`$f = [PosixIpc.MappedFiles.MappedFile]::Open('$File', `$true)
`$payload = [byte[]]::new(300000); `$pattern = [Text.Encoding]::ASCII.GetBytes('zz')
`$ops = @(
    $ops
)
`$ok = 0; `$ids = @{}; `$sw = [Diagnostics.Stopwatch]::StartNew()
while (`$sw.Elapsed.TotalSeconds -lt $Seconds) {
    foreach (`$op in `$ops) {
        try { `$null = & `$op; `$ok++ }
        catch {
            `$e = `$_.Exception
            while (`$e -isnot [PosixIpc.PosixIpcException] -and `$e.InnerException) { `$e = `$e.InnerException }
            `$id = if (`$e -is [PosixIpc.PosixIpcException]) { `$e.ErrorId } else { `$e.GetType().Name }
            `$ids[`$id]++
        }
    }
}
`$f.Dispose()
"ok `$ok"
`$ids.GetEnumerator() | Sort-Object Name | ForEach-Object { "error `$(`$_.Name) `$(`$_.Value)" }
'alive'
"@
                $r = $peer | Wait-Peer -TimeoutSec ([int]$Seconds + 90)
                $lines = @($r.StdOut -split "`n" | ForEach-Object Trim | Where-Object { $_ })
                [pscustomobject]@{
                    ExitCode = $r.ExitCode; StdErr = $r.StdErr; Alive = $lines -contains 'alive'
                    Ok = [long](($lines | Where-Object { $_ -like 'ok *' }) -replace '^ok ', '')
                    Errors = @($lines | Where-Object { $_ -like 'error *' } | ForEach-Object { ($_ -split ' ')[1] })
                    Summary = ($lines -join ', ')
                }
            }

            $script:EveryMappedOperation = @(
                "Read-MappedFile '<file>' -AsByteStream"
                "Read-MappedFile '<file>' -Offset 4096 -Count 200000"
                "Search-MappedFile '<file>' -Text 'zz' -Count"
                "Search-MappedFile '<file>' -Text 'zz' -First 3"
                "Write-MappedFile '<file>' -Offset 4096 -Value `$payload -AsByteStream"
                "'tail' | Write-MappedFile '<file>' -Offset 1048570 -Extend"
                '$f.Read(0, 400000)'
                '$f.Write(1000, $payload)'
                '$f.WriteInt64(900000, 42); $f.ReadInt64(900000)'
                '$f.Count($pattern, 0)'
                '@($f.Search($pattern, 0))'
            )
        }

        It 'a mapped file truncated to 0 and regrown without pause by <Owner> (a file it owns): every cmdlet and the class only report MappedFileTruncated, OutOfRange or Empty, and pwsh lives' -ForEach @(
            @{ Owner = 'root'; As = @() }
            @{ Owner = 'uid 65534'; As = @('--reuid=65534', '--regid=65534', '--clear-groups') }
        ) {
            $file = New-TestPath truncated
            [IO.File]::WriteAllBytes($file, [byte[]]::new(1MB))
            if ($As) { & chown 65534:65534 $file }
            $cycles = New-TestPath cycles
            # The peer cuts the file to 0 and writes 1 MiB back, as fast as it can, for 8 seconds.
            $hammer = "import os, sys, time`nfd = os.open(sys.argv[1], os.O_RDWR); data = b'zz' * 524288; end = time.time() + 8; n = 0`nwhile time.time() < end:`n    os.ftruncate(fd, 0); os.pwrite(fd, data, 0); n += 1`nopen(sys.argv[2], 'w').write(str(n))"
            # As uid 65534: a python3 it may run (not a shim under /root), and a marker file it may write.
            $peer = if ($As) {
                $python = (Get-Command python3 -All -CommandType Application | Where-Object Source -NotLike '/root/*' | Select-Object -First 1).Source
                $null = New-Item -ItemType File $cycles; & chown 65534:65534 $cycles
                Start-Peer setpriv ($As + @($python, '-c', $hammer, $file, $cycles))
            }
            else { Start-Peer $Python @('-c', $hammer, $file, $cycles) }
            $v = Invoke-MappedFileVictim -File $file -Seconds 4 -Operations ($EveryMappedOperation -replace '<file>', $file)
            $p = $peer | Wait-Peer -TimeoutSec 60
            $n = if (Test-Path $cycles) { [long](Get-Content $cycles) } else { 0 }
            $unexpected = @($v.Errors | Where-Object { $_ -notin 'MappedFileTruncated', 'MappedFileOutOfRange', 'MappedFileEmpty' })
            $ok = $v.ExitCode -eq 0 -and $v.Alive -and $unexpected.Count -eq 0 -and $v.Ok -gt 0 -and $n -gt 100
            Add-Fault "mapped file truncated and regrown by $Owner under every mapped-file operation" $ok "victim: $($v.Summary), exit $($v.ExitCode); $n truncations"
            $p.ExitCode | Should -Be 0 -Because $p.StdErr
            $n | Should -BeGreaterThan 100
            $v.ExitCode | Should -Be 0 -Because $v.StdErr
            $v.Alive | Should -BeTrue
            $unexpected | Should -BeNullOrEmpty
            $v.Ok | Should -BeGreaterThan 0
            $v.Errors | Should -Contain 'MappedFileTruncated'
        }

        It 'a full tmpfs: Write-MappedFile -Extend and writes into the holes of a sparse file end in MappedFileNoSpace, reads of the holes give zeros, and pwsh lives' {
            $dir = New-FullTmpfs -Files @{ sparse = 1MB; small = 'hi' }
            try {
                $file = Join-Path $dir 'sparse'
                $ops = @(
                    "'x' * 100000 | Write-MappedFile '$dir/small' -Extend"
                    "Write-MappedFile '$file' -Offset 8192 -Value `$payload -AsByteStream"
                    '$f.Write(1000, $payload)'
                    '$f.WriteInt64(900000, 42)'
                    "if (@(Read-MappedFile '$file' -AsByteStream | ForEach-Object Bytes | Where-Object { `$_ }).Count) { throw 'a hole read as non-zero' }"
                    '$f.Count($pattern, 0)'
                )
                $v = Invoke-MappedFileVictim -File $file -Seconds 1 -Operations $ops
                $size = (Get-Item (Join-Path $dir 'small')).Length
            }
            finally { Remove-FullTmpfs $dir }
            $unexpected = @($v.Errors | Where-Object { $_ -ne 'MappedFileNoSpace' })
            $ok = $v.ExitCode -eq 0 -and $v.Alive -and $unexpected.Count -eq 0 -and $v.Errors -contains 'MappedFileNoSpace' -and $size -eq 2
            Add-Fault 'mapped-file writes on a full tmpfs (-Extend, holes of a sparse file)' $ok "victim: $($v.Summary), exit $($v.ExitCode); -Extend left the file at $size bytes"
            $v.ExitCode | Should -Be 0 -Because $v.StdErr
            $v.Alive | Should -BeTrue
            $unexpected | Should -BeNullOrEmpty
            $v.Errors | Should -Contain 'MappedFileNoSpace'
            # The reads (holes as zeros) and the count succeed every time.
            $v.Ok | Should -BeGreaterThan 0
            $size | Should -Be 2
        }

        It 'a MappedFile disposed on one thread while another thread writes and reads it: only ObjectDisposedException, never an unmapped copy' {
            $file = New-TestPath disposed
            & truncate -s 64M $file
            $r = Invoke-Peer -TimeoutSec 120 -Pwsh @"
`$big = [byte[]]::new(32MB); `$seen = @{}; `$rounds = 0; `$sw = [Diagnostics.Stopwatch]::StartNew()
while (`$sw.Elapsed.TotalSeconds -lt 4) {
    `$f = [PosixIpc.MappedFiles.MappedFile]::Open('$file', `$true)
    `$ps = [powershell]::Create()
    `$null = `$ps.AddScript({
        param(`$f, `$big)
        while (`$true) {
            try { `$f.Write(0, `$big); `$f.Write(32MB, `$big); `$null = `$f.Read(16MB, 32MB) }
            catch { `$e = `$_.Exception; while (`$e.InnerException) { `$e = `$e.InnerException }; return `$e.GetType().Name + ':' + `$e.ErrorId }
        }
    }).AddArgument(`$f).AddArgument(`$big)
    `$h = `$ps.BeginInvoke()
    Start-Sleep -Milliseconds (Get-Random -Minimum 20 -Maximum 120)
    `$f.Dispose()
    `$seen[[string]`$ps.EndInvoke(`$h)]++
    `$ps.Dispose(); `$rounds++
}
"rounds `$rounds"
`$seen.GetEnumerator() | ForEach-Object { "ended `$(`$_.Name)" }
'alive'
"@
            $lines = @($r.StdOut -split "`n" | ForEach-Object Trim | Where-Object { $_ })
            $ends = @($lines | Where-Object { $_ -like 'ended *' } | ForEach-Object { $_ -replace '^ended ', '' })
            $ok = $r.ExitCode -eq 0 -and $lines -contains 'alive' -and $ends.Count -gt 0 -and @($ends | Where-Object { $_ -ne 'ObjectDisposedException:' }).Count -eq 0
            Add-Fault 'MappedFile disposed while another thread copies' $ok "victim: $($lines -join ', '), exit $($r.ExitCode)"
            $r.ExitCode | Should -Be 0 -Because $r.StdErr
            $lines | Should -Contain 'alive'
            $ends | Should -Be 'ObjectDisposedException:'
        }
    }

    It 'a socket receiver killed mid-stream gives its sender SocketPeerGone, and the sender lives on' {
        $path = New-TestPath sock
        $marker = New-TestPath received
        $receiver = Start-Peer -Pwsh "`$n = 0; Receive-UnixSocketMessage '$path' -TimeoutSec 60 | ForEach-Object { `$n++; if (`$n -eq 100) { [IO.File]::WriteAllText('$marker', 'x') } }"
        Wait-PathAppears $path
        $sender = Start-Peer -Pwsh @"
try { 1..100000000 | ForEach-Object { 'line ' + `$_ } | Send-UnixSocketMessage '$path' -TimeoutSec 60; 'ended without error' }
catch { 'error ' + (`$_.FullyQualifiedErrorId -split ',')[0] }
'alive'
"@
        Wait-PathAppears $marker
        Stop-Hard $receiver
        $r = $sender | Wait-Peer -TimeoutSec 60
        Assert-PeerSurvived 'socket receiver SIGKILL' sender $r 'error SocketPeerGone', 'alive'
    }

    It 'a socket sender killed mid-stream gives its receiver a clean end, and the receiver lives on' {
        $path = New-TestPath sock
        $marker = New-TestPath received
        # The sender starts first and waits for the socket, so the receiver's idle timeout covers no start-up.
        $sender = Start-Peer -Pwsh "while (-not (Test-Path '$path')) { Start-Sleep -Milliseconds 20 }; Start-Sleep -Milliseconds 300; 1..100000000 | ForEach-Object { 'line ' + `$_ } | Send-UnixSocketMessage '$path' -TimeoutSec 60"
        $receiver = Start-Peer -Pwsh @"
`$n = 0; `$bad = [Collections.Generic.List[long]]::new(); `$id = 'none'
try {
    Receive-UnixSocketMessage '$path' -TimeoutSec 8 | ForEach-Object {
        `$n++; if (`$_.Text -ne "line `$n") { `$bad.Add(`$n) }
        if (`$n -eq 100) { [IO.File]::WriteAllText('$marker', 'x') }
    }
}
catch { `$id = (`$_.FullyQualifiedErrorId -split ',')[0] }
# Only the very last line may be cut short: the sender died in the middle of it.
`$badBeforeLast = @(`$bad | Where-Object { `$_ -ne `$n }).Count
"received `$n bad `$badBeforeLast error `$id"
"@
        Wait-PathAppears $marker
        Stop-Hard $sender
        $r = $receiver | Wait-Peer -TimeoutSec 60
        Assert-PeerSurvived 'socket sender SIGKILL' receiver $r 'received \d+ bad 0 error SocketTimeout'
    }
}

Describe 'Socket clients that flood, half-close, never read or pass descriptors: pwsh survives and serves the others' {
    BeforeAll {
        $script:SocketPeer = Join-Path $PSScriptRoot 'peers/socket_peer.py'

        function Start-LimitedPeer([string] $Script, [int] $DescriptorLimit) {
            # A pwsh peer started by bash under ulimit -n (soft and hard), with the module imported.
            $exe, $dll = Get-PwshCommand
            $text = "`$ErrorActionPreference = 'Stop'; Import-Module '$ModuleManifest'`n$Script"
            $file = New-TestPath limited
            Set-Content -LiteralPath "$file.ps1" -Value $text
            Start-Peer bash '-c', "ulimit -n $DescriptorLimit && exec '$exe' '$dll' -NoProfile -NonInteractive -File '$file.ps1'"
        }

        function Get-OpenDescriptorCount([int] $ProcessId) {
            @(Get-ChildItem "/proc/$ProcessId/fd" -ErrorAction Ignore).Count
        }

        function New-FloodReceiverScript([string] $Path, [string] $Arguments = '') {
            # Until no message has come for 5 s: lines of different clients come in no set order.
            @"
`$n = 0; `$last = 'none'
try { Receive-UnixSocketMessage '$Path' $Arguments -TimeoutSec 5 -WarningVariable warned 3>`$null | ForEach-Object { if (`$_.Text -like 'flood *') { `$n++ } else { `$last = `$_.Text } } }
catch { `$id = (`$_.FullyQualifiedErrorId -split ',')[0] }
"flood lines `$n last `$last `$id warnings `$(@(`$warned).Count): `$(`$warned -join ' | ')"
"@
        }

        function Assert-FloodServed($Receiver, [string] $Path, [int] $Clients, [string] $Fault, [string] $Warning) {
            # The Python peer floods the receiver's socket with clients: the receiver must serve every client
            # that connected, end by its timeout, and warn once (a warning matching $Warning). Returns the flood's result.
            Wait-PathAppears $Path
            $flood = Start-Peer $Python $SocketPeer, 'flood', $Path, "$Clients" | Wait-Peer -TimeoutSec 120
            $r = $Receiver | Wait-Peer -TimeoutSec 60
            $connected = if ($flood.StdOut -match 'connected (\d+)') { [int]$Matches[1] } else { -1 }
            $expected = "flood lines $connected last last SocketTimeout warnings 1: .*$Warning"
            Add-Fault $Fault ($r.ExitCode -eq 0 -and $r.StdOut -match $expected) "flood: $($flood.StdOut.Trim()); receiver: exit $($r.ExitCode), $(($r.StdOut.Trim() -split ':')[0])"
            $r.ExitCode | Should -Be 0 -Because $r.StdErr
            $r.StdOut | Should -Match $expected
            [pscustomobject]@{ Connected = $connected; StdErr = $flood.StdErr }
        }
    }

    It 'a flood of 1,200 clients under ulimit -n 512: the receiver pauses accepting, says so once, and serves every client that connected' {
        $path = New-TestPath flood
        $receiver = Start-LimitedPeer -DescriptorLimit 512 (New-FloodReceiverScript $path)
        $flood = Assert-FloodServed $receiver $path 1200 'socket flood of 1,200 clients under ulimit -n 512' descriptors
        $flood.Connected | Should -BeGreaterThan 100 -Because $flood.StdErr
    }

    It 'a flood beyond -MaxConnections: clients wait in the backlog and are all served once others leave' {
        $path = New-TestPath flood
        $receiver = Start-Peer -Pwsh (New-FloodReceiverScript $path '-MaxConnections 50')
        $null = Assert-FloodServed $receiver $path 400 'socket flood beyond -MaxConnections 50' '-MaxConnections allows'
    }

    It 'Start-UnixSocketServer serves a last request without a line feed from a client that shut down its sending side, and goes on' {
        $path = New-TestPath halfclose
        $server = Start-Peer -Pwsh "Start-UnixSocketServer '$path' { 're:' + `$_ } -Count 2 -TimeoutSec 60; 'server ended normally'"
        Wait-PathAppears $path
        $half = & bash -c "printf hi | timeout 20 socat -t 5 - UNIX-CONNECT:'$path'"
        $next = Invoke-UnixSocketRequest $path 'after' -TimeoutSec 20
        $r = $server | Wait-Peer -TimeoutSec 60
        $ok = $r.ExitCode -eq 0 -and $half -eq 're:hi' -and $next -eq 're:after'
        Add-Fault 'server client half-closed after an unterminated request' $ok "half-closed client got '$half', next '$next', server exit $($r.ExitCode)"
        $r.StdErr | Should -BeNullOrEmpty
        $r.ExitCode | Should -Be 0
        $half | Should -Be 're:hi'
        $next | Should -Be 're:after'
        $r.StdOut | Should -Match 'server ended normally'
    }

    It 'Start-UnixSocketServer: a client that sends requests and never reads the replies holds up only itself, and is disconnected after -SendTimeoutSec' {
        $path = New-TestPath slow
        $server = Start-Peer -Pwsh @"
try { Start-UnixSocketServer '$path' { 're:' + `$_ } -SendTimeoutSec 1 -TimeoutSec 6 -WarningVariable warned 3>`$null }
catch { 'ended with ' + (`$_.FullyQualifiedErrorId -split ',')[0] }
"warnings: `$(`$warned -join ' | ')"
"@
        Wait-PathAppears $path
        $slow = Start-Peer $Python $SocketPeer, 'slow', $path | Wait-Peer -TimeoutSec 60
        $r = $server | Wait-Peer -TimeoutSec 60
        $seconds = if ($slow.StdOut -match 'fast re:fast ([\d.]+)') { [double]$Matches[1] } else { -1 }
        $ok = $r.ExitCode -eq 0 -and $seconds -ge 0 -and $seconds -lt 3 -and $r.StdOut -match 'took none of its replies'
        Add-Fault 'server client that never reads its replies' $ok "other client served in $seconds s; server: $(($r.StdOut.Trim() -split "`n")[0]), exit $($r.ExitCode)"
        $r.ExitCode | Should -Be 0 -Because $r.StdErr
        $slow.StdOut | Should -Match 'fast re:fast' -Because $slow.StdErr
        $seconds | Should -BeLessThan 3
        $r.StdOut | Should -Match 'ended with SocketTimeout'
        $r.StdOut | Should -Match 'took none of its replies for 1 s; it was disconnected'
    }

    It '200 datagrams and 200 stream messages carrying descriptors (SCM_RIGHTS) leave no descriptor open in the receiver' {
        $dgram = New-TestPath passfd
        $stream = New-TestPath passfd
        $marker = New-TestPath counted
        # Every passed descriptor is a pipe: count the receiver's pipes, not all its descriptors, as the
        # runtime opens descriptors of its own (epoll, eventfd) when a loaded machine makes it grow threads.
        $receiver = Start-Peer -Pwsh @"
function Get-PipeCount { @(Get-ChildItem /proc/self/fd | Where-Object { `$_.LinkTarget -like 'pipe:*' }).Count }
`$before = Get-PipeCount
[IO.File]::WriteAllText('$marker', 'x')
`$d = @(Receive-UnixSocketMessage '$dgram' -Datagram -Count 200 -TimeoutSec 30 -WarningVariable warned 3>`$null).Count
`$s = @(Receive-UnixSocketMessage '$stream' -Count 200 -TimeoutSec 30).Count
"datagrams `$d lines `$s extra descriptors `$((Get-PipeCount) - `$before) warnings `$(@(`$warned).Count)"
"@
        Wait-PathAppears $dgram
        $d = & $Python $SocketPeer passfds $dgram 200
        Wait-PathAppears $stream
        $s = & $Python $SocketPeer passfds-stream $stream 200
        $r = $receiver | Wait-Peer -TimeoutSec 60
        $extra = if ($r.StdOut -match 'extra descriptors (-?\d+)') { [int]$Matches[1] } else { 999 }
        $ok = $r.ExitCode -eq 0 -and $r.StdOut -match 'datagrams 200 lines 200' -and $extra -le 2
        Add-Attack 'descriptors passed with 400 messages' $ok "$d / $s; receiver: $($r.StdOut.Trim())"
        $r.ExitCode | Should -Be 0 -Because $r.StdErr
        $r.StdOut | Should -Match 'datagrams 200 lines 200 extra descriptors -?[0-2] warnings 1'
    }

    It 'a systemd-notify --ready style sender (a pipe passed, waiting for it to close) is not kept waiting' {
        $path = New-TestPath notify
        $receiver = Start-Peer -Pwsh "(Receive-UnixSocketMessage '$path' -Datagram -Count 1 -TimeoutSec 30 3>`$null).Text; Start-Sleep 5"
        Wait-PathAppears $path
        $n = & $Python $SocketPeer notify $path
        $r = $receiver | Wait-Peer -TimeoutSec 60
        $seconds = if ($n -match 'closed ([\d.]+)') { [double]$Matches[1] } else { 99 }
        Add-Attack 'systemd-notify style passed pipe' ($seconds -lt 3) "sender: $n; receiver got '$($r.StdOut.Trim())'"
        $r.StdOut.Trim() | Should -Be 'READY=1'
        $n | Should -Match '^closed'
        $seconds | Should -BeLessThan 3
    }
}

Describe 'Background threads: a subscriber that throws on the queue or signal thread never ends pwsh, its failure comes as an error event' {
    It '<Kind>: the throwing C# subscriber is reported as EventSubscriberFailed, the other subscriber still gets the event, pwsh lives on' -ForEach @(
        @{ Kind = 'queue message event'; Register = 'Register-MqMessageEvent -Name $q -SourceIdentifier ev'; Type = 'PosixIpc.Mq.MqMessage'; Fire = 'Send-MqMessage $q hello' }
        @{ Kind = 'signal event'; Register = 'Register-IpcSignalEvent -Signal USR2 -SourceIdentifier ev'; Type = 'PosixIpc.Signals.ReceivedSignal'; Fire = 'Send-IpcSignal -Id $PID -Signal USR2 -Confirm:$false' }
    ) {
        $q = New-TestName
        $null = New-MqQueue $q
        try {
            $r = Invoke-Peer -TimeoutSec 60 @"
Add-Type -TypeDefinition 'public static class Thrower { public static void Handler(object sender, object e) { throw new System.InvalidOperationException("subscriber bug"); } }'
`$q = '$q'
$Register
(Get-EventSubscriber ev).SourceObject.add_Received([Delegate]::CreateDelegate([EventHandler[$Type]], [Thrower].GetMethod('Handler')))
$Fire
`$failed = Wait-Event -SourceIdentifier ev.Failed -Timeout 20
`$got = Wait-Event -SourceIdentifier ev -Timeout 20
Unregister-Event ev
"failed `$(`$failed.SourceArgs[1].ErrorId) event `$([bool]`$got) subscribers left `$(@(Get-EventSubscriber).Count)"
Start-Sleep -Milliseconds 300
'alive'
"@
        }
        finally { Remove-MqQueue $q -ErrorAction Ignore }
        Assert-PeerSurvived "throwing subscriber on the $Kind thread" peer $r 'failed EventSubscriberFailed event True subscribers left 0', 'alive'
    }
}

Describe 'Other users: a mode change never follows a link swapped in after creation' {
    It 'New-IpcFifo -Mode 0666 and Receive-UnixSocketMessage -Mode 0666 in a directory uid 65534 writes, against an inotify racer: the root-only file keeps its mode' {
        $dir = Join-Path $TestDrive 'racy'
        $null = New-Item -ItemType Directory $dir
        chown 65534:65534 $dir
        $victim = Join-Path $TestDrive 'root-only'
        Set-Content -LiteralPath $victim -Value 'secret'
        chmod 600 $victim
        $racer = Join-Path $TestDrive 'rename_racer'
        & gcc -O2 -Wall -o $racer (Join-Path $PSScriptRoot 'peers/rename_racer.c')
        if ($LASTEXITCODE -ne 0) { throw 'gcc could not build tests/peers/rename_racer.c' }
        chmod 755 $racer
        $peer = Start-Peer setpriv '--reuid=65534', '--regid=65534', '--clear-groups', $racer, $dir, $victim, '6'
        Start-Sleep -Milliseconds 500
        $outcomes = foreach ($i in 1..20) {
            try { $null = New-IpcFifo "$dir/fifo-$i" -Mode 0666 -ErrorAction Stop; 'made' }
            catch { ($_.FullyQualifiedErrorId -split ',')[0] }
            try { Receive-UnixSocketMessage "$dir/sock-$i" -Mode 0666 -TimeoutSec 0.05 -ErrorAction Stop }
            catch { ($_.FullyQualifiedErrorId -split ',')[0] }
        }
        $r = $peer | Wait-Peer -TimeoutSec 30
        $mode = (Get-Item -LiteralPath $victim).UnixMode
        $summary = ($outcomes | Group-Object -NoElement | ForEach-Object { "$($_.Name) $($_.Count)" }) -join ', '
        Add-Attack 'mode change through a swapped-in link (FIFO and socket)' ($mode -eq '-rw-------') "racer $($r.StdOut.Trim()); $summary; victim $mode"
        $mode | Should -Be '-rw-------'
        Get-Content -LiteralPath $victim | Should -Be 'secret'
        @($outcomes | Where-Object { $_ -notin 'made', 'SocketTimeout', 'FifoCreateFailed', 'SocketBindFailed', 'FifoPathTaken', 'SocketPathTaken' }) | Should -BeNullOrEmpty
    }
}

Describe 'Other users: -Force never adopts an object another user planted' {
    BeforeAll {
        $script:Sticky = Join-Path $TestDrive 'sticky'
        $null = New-Item -ItemType Directory $Sticky
        chmod 1777 $Sticky
        $script:Planted = @{ Q = New-TestName; Shm = New-TestName; Sem = New-TestName; Fifo = "$Sticky/planted-fifo" }
        $lines = Invoke-AsOtherUser @"
`$ErrorActionPreference = 'Stop'
`$null = New-MqQueue '$($Planted.Q)' -Mode 0666
`$null = New-SharedMemory '$($Planted.Shm)' 4096 -Mode 0666
`$null = New-IpcSemaphore '$($Planted.Sem)' -Mode 0666
`$null = New-IpcFifo '$($Planted.Fifo)' -Mode 0666
'planted'
"@
        $lines | Should -Contain 'planted'
    }

    AfterAll {
        Remove-MqQueue $Planted.Q -ErrorAction Ignore
        Remove-SharedMemory $Planted.Shm -ErrorAction Ignore
        Remove-IpcSemaphore $Planted.Sem -ErrorAction Ignore
        Remove-Item -LiteralPath $Planted.Fifo -ErrorAction Ignore
    }

    It '<Command> -Force on a 0666 object of uid 65534 gives <Expect> naming the owner' -ForEach @(
        @{ Command = 'New-MqQueue'; Expect = 'MqForeignOwner'; Run = { New-MqQueue $Planted.Q -Force } }
        @{ Command = 'New-SharedMemory'; Expect = 'ShmForeignOwner'; Run = { New-SharedMemory $Planted.Shm 4096 -Force } }
        @{ Command = 'New-IpcSemaphore'; Expect = 'SemaphoreForeignOwner'; Run = { New-IpcSemaphore $Planted.Sem -Force } }
        @{ Command = 'New-IpcFifo (sticky directory)'; Expect = 'FifoForeignOwner'; Run = { New-IpcFifo $Planted.Fifo -Force } }
    ) {
        $out = $null; $err = $null
        try { $ErrorActionPreference = 'Stop'; $out = & $Run } catch { $err = $_ }
        $id = if ($err) { ($err.FullyQualifiedErrorId -split ',')[0] } else { 'reused' }
        $Figures.ExpectedIds.Add($Expect)
        Add-Attack "$Command -Force on another user's object" ($id -eq $Expect -and -not $out) "$id"
        $out | Should -BeNullOrEmpty
        $id | Should -Be $Expect
        $err.CategoryInfo.Category | Should -Be 'PermissionDenied'
        $err.Exception.Message | Should -Match 'belongs to (nobody|65534) \(uid 65534\)'
    }
}

Describe 'Other users: abstract socket names, which have no permissions, are guarded by -AllowUser and -PeerUser' {
    BeforeAll {
        $script:SocketPeer = Join-Path $PSScriptRoot 'peers/socket_peer.py'
        # A Python every user can run (the test's own may sit under /root).
        $script:SystemPython = if (Test-Path /usr/bin/python3) { '/usr/bin/python3' } else { $Python }
        $script:PeerCopy = Join-Path $TestDrive 'socket_peer.py'
        Copy-Item $SocketPeer $PeerCopy
        chmod 755 $PeerCopy
    }

    It 'Receive-UnixSocketMessage -Abstract -AllowUser root refuses a uid-65534 client (counted and said), and takes root''s' {
        $name = "reltest-allow-$([guid]::NewGuid().ToString('n').Substring(0, 8))"
        $receiver = Start-Peer -Pwsh "(Receive-UnixSocketMessage -Abstract '$name' -AllowUser root -Count 1 -TimeoutSec 30 -WarningVariable w 3>`$null).Text; `"warnings: `$(`$w -join ' | ')`""
        (Wait-Until { @(Get-UnixSocket -Name $name -ErrorAction Ignore).Count -gt 0 } -TimeoutSec 60) | Should -BeTrue
        $intruder = & setpriv --reuid=65534 --regid=65534 --clear-groups $SystemPython $PeerCopy intrude $name 2>&1
        Send-UnixSocketMessage -Abstract $name 'owner' -TimeoutSec 10
        $r = $receiver | Wait-Peer -TimeoutSec 60
        $ok = $r.ExitCode -eq 0 -and ($r.StdOut -split "`n")[0].Trim() -eq 'owner' -and $r.StdOut -match '1 connections .* were refused'
        Add-Attack 'uid 65534 connecting to an -AllowUser abstract receiver' $ok "intruder: $intruder; receiver: $(($r.StdOut.Trim() -split "`n")[0])"
        $r.ExitCode | Should -Be 0 -Because $r.StdErr
        ($r.StdOut -split "`n")[0].Trim() | Should -Be 'owner'
        $r.StdOut | Should -Match 'Refused a client of (nobody|65534) \(uid 65534'
        $r.StdOut | Should -Match '1 connections to ''@reltest-allow-\w+'' were refused'
    }

    It 'Send-UnixSocketMessage -Abstract -PeerUser root to a name uid 65534 squats gives SocketPeerUserMismatch and sends nothing' {
        $name = "reltest-squat-$([guid]::NewGuid().ToString('n').Substring(0, 8))"
        $squatter = Start-Peer setpriv '--reuid=65534', '--regid=65534', '--clear-groups', $SystemPython, $PeerCopy, 'squat', $name
        (Wait-Until { @(Get-UnixSocket -Name $name -ErrorAction Ignore).Count -gt 0 } -TimeoutSec 60) | Should -BeTrue
        $id = try { Send-UnixSocketMessage -Abstract $name 'root secret' -PeerUser root -TimeoutSec 5 -ErrorAction Stop; 'sent' } catch { ($_.FullyQualifiedErrorId -split ',')[0] }
        $s = $squatter | Wait-Peer -TimeoutSec 30
        $Figures.ExpectedIds.Add('SocketPeerUserMismatch')
        $ok = $id -eq 'SocketPeerUserMismatch' -and $s.StdOut -match "squatter got b''"
        Add-Attack 'uid 65534 squatting an abstract name root sends to (-PeerUser)' $ok "sender: $id; $(($s.StdOut.Trim() -split "`n")[-1])"
        $id | Should -Be 'SocketPeerUserMismatch'
        $s.StdOut | Should -Match "squatter got b''"
    }
}

Describe 'Other users: a socket name cannot forge inventory entries' {
    It 'uid 65534 binding an abstract name that holds a newline and a /proc/net/unix line gets one entry, its own, in Get-UnixSocket and Get-IpcObject' {
        $python = if (Test-Path /usr/bin/python3) { '/usr/bin/python3' } else { $Python }
        $name = "reltest-forge-$([guid]::NewGuid().ToString('n').Substring(0, 8))"
        $forged = "/run/forged-$([guid]::NewGuid().ToString('n').Substring(0, 8))"
        $code = "import socket, sys, time`ns = socket.socket(socket.AF_UNIX)`ns.bind(b'\0' + sys.argv[1].encode() + b'\n0: 2 0 10000 1 1 4242 ' + sys.argv[2].encode())`ns.listen(1)`ntime.sleep(60)"
        $forger = Start-Peer setpriv '--reuid=65534', '--regid=65534', '--clear-groups', $python, '-c', $code, $name, $forged
        try {
            (Wait-Until { @(Get-UnixSocket -Name "$name*" -ErrorAction Ignore).Count -gt 0 } -TimeoutSec 60) | Should -BeTrue
            $sockets = @(Get-UnixSocket | Where-Object { $_.Address -like "@$name*" -or $_.Path -eq $forged -or $_.Inode -eq 4242 })
            $objects = @(Get-IpcObject -Kind UnixSocket | Where-Object { $_.Name -like "@$name*" -or $_.Name -eq $forged -or $_.Id -eq 4242 })
        }
        finally { $forger.Kill() }
        $ok = $sockets.Count -eq 1 -and $objects.Count -eq 1 -and $sockets[0].Name -eq "$name`n0: 2 0 10000 1 1 4242 $forged" -and $sockets[0].Pid -eq $forger.Id
        Add-Attack 'forged inventory entry (uid 65534''s abstract name holding a newline and a LISTEN line)' $ok "Get-UnixSocket $($sockets.Count) entry, Get-IpcObject $($objects.Count): $(($sockets | ForEach-Object Display) -join ', ')"
        $sockets.Count | Should -Be 1
        $sockets[0].Name | Should -BeExactly "$name`n0: 2 0 10000 1 1 4242 $forged"
        $sockets[0].Pid | Should -Be $forger.Id
        $sockets[0].OwnerId | Should -Be 65534
        $objects.Count | Should -Be 1
        $objects[0].Holders.Pid | Should -Be $forger.Id
    }
}

Describe 'Other users: Remove-IpcObject given a stale list removes nothing that was replaced since' {
    It 'a queue, a segment and a FIFO of uid 65534, listed, then replaced by it with same-named objects: IpcObjectChanged for each, the new ones survive' {
        $dir = Join-Path $TestDrive 'stale'
        $null = New-Item -ItemType Directory $dir
        chmod 1777 $dir
        $q = New-TestName; $shm = New-TestName; $fifo = "$dir/stale-fifo"
        $make = "`$ErrorActionPreference = 'Stop'; `$null = New-MqQueue '$q'; `$null = New-SharedMemory '$shm' 4096; `$null = New-IpcFifo '$fifo'; 'made'"
        (Invoke-AsOtherUser $make) | Should -Contain 'made'
        try {
            $listed = @(Get-IpcObject -Kind MessageQueue, SharedMemory, Fifo -Path $dir | Where-Object Name -in $q, $shm, $fifo)
            $listed.Count | Should -Be 3
            $replace = "`$ErrorActionPreference = 'Stop'; Remove-MqQueue '$q' -Confirm:`$false; Remove-SharedMemory '$shm' -Confirm:`$false; Remove-IpcFifo '$fifo' -Confirm:`$false; $make"
            (Invoke-AsOtherUser $replace) | Should -Contain 'made'
            $errors = $null
            $listed | Remove-IpcObject -Confirm:$false -ErrorVariable errors -ErrorAction SilentlyContinue
            $ids = @($errors | ForEach-Object { ($_.FullyQualifiedErrorId -split ',')[0] })
            $left = @(Get-IpcObject -Kind MessageQueue, SharedMemory, Fifo -Path $dir | Where-Object Name -in $q, $shm, $fifo).Count
        }
        finally {
            Remove-MqQueue $q -ErrorAction Ignore; Remove-SharedMemory $shm -ErrorAction Ignore; Remove-Item -LiteralPath $fifo -ErrorAction Ignore
        }
        $Figures.ExpectedIds.Add('IpcObjectChanged')
        $ok = $ids.Count -eq 3 -and @($ids | Where-Object { $_ -ne 'IpcObjectChanged' }).Count -eq 0 -and $left -eq 3
        Add-Attack 'stale Remove-IpcObject list (objects replaced by uid 65534)' $ok "errors $($errors.TargetObject -join ' ') $($ids -join ' '); replacements left $left of 3"
        $ids | Should -Be @('IpcObjectChanged', 'IpcObjectChanged', 'IpcObjectChanged')
        $left | Should -Be 3
    }
}

Describe 'Interruptions: whatever a stopped command took is delivered, given back or reported (issue 15)' {
    BeforeAll {
        # One runspace for the many short invocations each case stops, with the module imported once.
        $script:Rs = [runspacefactory]::CreateRunspace()
        $Rs.Open()
        $p = [powershell]::Create(); $p.Runspace = $Rs
        $null = $p.AddScript("Import-Module '$ModuleManifest'").Invoke(); $p.Dispose()
        $script:Rnd = [Random]::new(15)

        function Invoke-InRunspace([string] $Script) {
            $p = [powershell]::Create(); $p.Runspace = $Rs
            try { $p.AddScript($Script).Invoke() } finally { $p.Dispose() }
        }

        function Start-Stoppable([scriptblock] $Build) {
            # A command in the shared runspace, started asynchronously; its output goes to .Output.
            $p = [powershell]::Create(); $p.Runspace = $Rs
            $null = & $Build $p
            $out = [Management.Automation.PSDataCollection[psobject]]::new()
            [pscustomobject]@{ PS = $p; Output = $out; Handle = $p.BeginInvoke([Management.Automation.PSDataCollection[psobject]]$null, $out) }
        }

        function Get-Reported([string] $ErrorId) {
            # What the stopped commands reported (a stopping pipeline has no error stream: $Error), then forgotten.
            Invoke-InRunspace "`$r = @(`$Error | Where-Object { `$_.FullyQualifiedErrorId -like '$ErrorId*' } | ForEach-Object { `$_.TargetObject }); `$Error.Clear(); `$r"
        }

        function Add-Interruption([string] $Case, [int] $Interruptions, [int] $Sent, [int] $Delivered, [int] $GivenBack, [int] $Reported, [int] $Lost, [int] $Duplicated, [double] $Seconds) {
            $f = [pscustomobject][ordered]@{
                Case = $Case; Interruptions = $Interruptions; Sent = $Sent; Delivered = $Delivered; GivenBack = $GivenBack
                Reported = $Reported; Lost = $Lost; Duplicated = $Duplicated; Seconds = [math]::Round($Seconds, 1)
            }
            $Figures.Interruptions.Add($f)
            $f
        }

        function Measure-Messages([string[]] $Sent, [string[]] $Delivered, [string[]] $Back, [string[]] $Reported) {
            $all = @($Delivered) + @($Back) + @($Reported)
            $seen = [Collections.Generic.HashSet[string]]::new()
            $dup = 0; foreach ($m in $all) { if (-not $seen.Add($m)) { $dup++ } }
            $lost = @($Sent | Where-Object { -not $seen.Contains($_) }).Count
            @{ Lost = $lost; Duplicated = $dup }
        }

        function Start-MqTraffic([string] $Prefix, [int] $Count) {
            # A queue of 10 messages of 64 bytes that a pwsh producer fills with PREFIX1..PREFIXn, waiting for room.
            $q = New-TestName
            $null = New-MqQueue $q -MaxMessages 10 -MessageSize 64
            [pscustomobject]@{
                Queue = $q
                Sent = 1..$Count | ForEach-Object { "$Prefix$_" }
                Delivered = [Collections.Generic.List[string]]::new()
                Clock = [Diagnostics.Stopwatch]::StartNew()
                Producer = Start-Peer -Pwsh "1..$Count | ForEach-Object { '$Prefix' + `$_ } | Send-MqMessage '$q' -TimeoutSec 60"
            }
        }

        function Assert-MqAccounted($Traffic, [string] $Case, [int] $Interruptions, [string[]] $Back, [string[]] $Reported) {
            # Records the case's figures; at least 100 interruptions, and every message sent delivered, given back or reported once.
            $c = Measure-Messages $Traffic.Sent $Traffic.Delivered $Back $Reported
            $n = $Traffic.Sent.Count
            $f = Add-Interruption $Case $Interruptions $n $Traffic.Delivered.Count @($Back).Count @($Reported).Count $c.Lost $c.Duplicated $Traffic.Clock.Elapsed.TotalSeconds
            $Interruptions | Should -BeGreaterOrEqual 100
            $f.Lost | Should -Be 0
            $f.Duplicated | Should -Be 0
            ($f.Delivered + $f.GivenBack + $f.Reported) | Should -Be $n
        }
    }

    AfterAll { $Rs.Dispose() }

    It 'Receive-MqMessage -Wait stopped 150 times under heavy traffic: a message taken and not emitted goes back to its queue or is reported' {
        $t = Start-MqTraffic m 20000
        try {
            $stops = 0
            while ($stops -lt 150 -and $t.Clock.Elapsed.TotalSeconds -lt 60) {
                $r = Start-Stoppable { param($p) $p.AddCommand('Receive-MqMessage').AddParameter('Name', $t.Queue).AddParameter('Wait') }
                Start-Sleep -Milliseconds ($Rnd.Next(5, 40))
                $r.PS.Stop(); $stops++
                foreach ($m in $r.Output) { $t.Delivered.Add($m.Text) }
                $r.PS.Dispose()
            }
            $pr = $t.Producer | Wait-Peer -TimeoutSec 120
            $reported = @(Get-Reported 'MqMessageNotGivenBack' | ForEach-Object Text)
            # What is still queued: the messages given back, and those nobody took yet.
            $back = @()
            while ($m = Receive-MqMessage $t.Queue -NoWait -ErrorAction Ignore) { $back += $m.Text }
        }
        finally { Remove-MqQueue $t.Queue -ErrorAction Ignore }
        $pr.ExitCode | Should -Be 0 -Because $pr.StdErr
        Assert-MqAccounted $t 'Receive-MqMessage stopped' $stops $back $reported
    }

    It 'Register-MqMessageEvent unregistered 200 times mid-traffic: every message taken is delivered, given back or reported' {
        $t = Start-MqTraffic e 4000
        try {
            $rounds = 0
            while ($rounds -lt 200 -and $t.Clock.Elapsed.TotalSeconds -lt 60) {
                $id = "rel-ev-$rounds"
                $k = $Rnd.Next(1, 9); $take = $Rnd.Next(0, 2 * $k); $ms = $Rnd.Next(5, 40)
                # The script takes some events, then unregisters while the producer keeps the queue full;
                # events still queued after Unregister-Event would be the script's too (none should be).
                $got = Invoke-InRunspace @"
`$null = Register-MqMessageEvent '$($t.Queue)' -SourceIdentifier $id -MaxInFlight $k
Start-Sleep -Milliseconds $ms
`$taken = @(Get-Event -SourceIdentifier $id -ErrorAction Ignore | Select-Object -First $take)
`$taken | Remove-Event
Unregister-Event -SourceIdentifier $id 3>`$null
`$left = @(Get-Event -SourceIdentifier $id -ErrorAction Ignore)
`$left | Remove-Event
@(`$taken) + @(`$left) | ForEach-Object { `$_.SourceEventArgs.Text }
"@
                foreach ($text in $got) { $t.Delivered.Add($text) }
                $rounds++
            }
            # What is still queued, and what the producer sends after the rounds: given back, or never taken.
            $back = [Collections.Generic.List[string]]::new()
            $drain = [Diagnostics.Stopwatch]::StartNew()
            while ((-not $t.Producer.HasExited -or (Get-MqQueue $t.Queue).CurrentMessages -gt 0) -and $drain.Elapsed.TotalSeconds -lt 120) {
                foreach ($m in @(Receive-MqMessage $t.Queue -Count 10 -TimeoutSec 0.5 -ErrorAction Ignore)) { $back.Add($m.Text) }
            }
            $pr = $t.Producer | Wait-Peer -TimeoutSec 30
            $reported = @(Get-Reported 'MqMessageNotGivenBack' | ForEach-Object Text)
        }
        finally { Remove-MqQueue $t.Queue -ErrorAction Ignore }
        $pr.ExitCode | Should -Be 0 -Because $pr.StdErr
        Assert-MqAccounted $t 'Register-MqMessageEvent unregistered' $rounds $back $reported
    }

    It 'Lock-IpcSemaphore stopped 200 times while a holder releases every 20 ms: a stopped command never keeps the unit' {
        $name = New-TestName
        $sem = [PosixIpc.Semaphores.IpcSemaphore]::Create($name, 0, 'UserRead, UserWrite', $false)
        $stopFile = New-TestPath stop
        $poster = Start-Peer -Pwsh "`$s = [PosixIpc.Semaphores.IpcSemaphore]::Open('$name'); `$c = 0; while (-not (Test-Path '$stopFile')) { `$s.Release(); `$c++; Start-Sleep -Milliseconds 20 }; `$c"
        $sw = [Diagnostics.Stopwatch]::StartNew()
        $held = 0; $drained = 0; $stopped = 0; $rounds = 0
        try {
            while ($rounds -lt 200 -and $sw.Elapsed.TotalSeconds -lt 60) {
                while ($sem.TryAcquire()) { $drained++ }
                # Every other round with -Verbose, so that the wait's narration is written while stops come.
                $verbose = $rounds % 2 -eq 1
                $r = Start-Stoppable { param($p) $p.AddCommand('Lock-IpcSemaphore').AddParameter('Name', $name).AddParameter('Verbose', $verbose) }
                Start-Sleep -Milliseconds ($Rnd.Next(10, 60))
                $r.PS.Stop(); $rounds++
                # A command that completed holds its unit (delivered); a stopped one must hold none.
                # PowerShell reports a pipeline that completed while Stop() was starting as Stopped with
                # no Reason (a real stop's Reason is the PipelineStoppedException): that Lock completed.
                $state = $r.PS.InvocationStateInfo
                if ($state.State -eq 'Completed' -or ($state.State -eq 'Stopped' -and -not $state.Reason)) { $held++ } else { $stopped++ }
                $r.PS.Dispose()
            }
        }
        finally {
            $null = New-Item -ItemType File $stopFile
            $pr = $poster | Wait-Peer -TimeoutSec 30
            $value = $sem.Value
            $sem.Dispose(); [PosixIpc.Semaphores.IpcSemaphore]::Unlink($name)
        }
        $posted = [int]($pr.StdOut.Trim())
        # Every unit posted is held by a completed Lock, taken by the test between rounds, or still free.
        $leaked = $posted - $held - $drained - $value
        $f = Add-Interruption 'Lock-IpcSemaphore stopped' $rounds $posted ($held + $drained) $value 0 $leaked 0 $sw.Elapsed.TotalSeconds
        $pr.ExitCode | Should -Be 0 -Because $pr.StdErr
        $stopped | Should -BeGreaterThan 0
        $leaked | Should -Be 0
    }

    It 'Read-IpcFifo ended 100 times in the middle of a line (timeout and stop): what it read and did not emit comes with its error' {
        $sw = [Diagnostics.Stopwatch]::StartNew()
        $sentText = [Text.StringBuilder]::new(); $gotText = [Text.StringBuilder]::new()
        $delivered = 0; $reported = 0; $rounds = 0
        for ($i = 0; $i -lt 100; $i++) {
            $fifo = New-TestPath fifo
            $null = New-IpcFifo $fifo
            $stop = $i % 2 -eq 1
            $r = Start-Stoppable { param($p) $null = $p.AddCommand('Read-IpcFifo').AddParameter('Path', $fifo); if (-not $stop) { $null = $p.AddParameter('TimeoutSec', 0.3) } }
            $w = [PosixIpc.Fifo.FifoWriter]::Open($fifo, [TimeSpan]::FromSeconds(10), [Threading.CancellationToken]::None)
            try {
                $text = (1..($Rnd.Next(0, 4)) | ForEach-Object { "r$i-line$_`n" }) -join ''
                $text += "r$i-partial"
                $w.Write([Text.Encoding]::UTF8.GetBytes($text), [Threading.CancellationToken]::None)
                $null = $sentText.Append($text)
                if ($stop) {
                    $lines = ($text -split "`n").Count - 1
                    $null = Wait-Until { $r.Output.Count -ge $lines } -TimeoutSec 5
                    Start-Sleep -Milliseconds 30
                    $r.PS.Stop()
                    $held = @(Get-Reported 'FifoDataNotEmitted')
                }
                else {
                    $null = $r.Handle.AsyncWaitHandle.WaitOne(10000)
                    $held = @($r.PS.Streams.Error | Where-Object { $_.FullyQualifiedErrorId -like 'FifoReadTimeout*' } | ForEach-Object { $_.Exception.Unsent })
                }
            }
            finally { $w.Dispose() }
            $rounds++
            foreach ($line in $r.Output) { $null = $gotText.Append("$line`n"); $delivered++ }
            foreach ($h in $held) { $null = $gotText.Append($h); $reported++ }
            $r.PS.Dispose()
            Remove-Item -LiteralPath $fifo
        }
        $same = $gotText.ToString() -eq $sentText.ToString()
        $f = Add-Interruption 'Read-IpcFifo timeout/stop mid-line' $rounds $rounds $delivered 0 $reported ($same ? 0 : 1) 0 $sw.Elapsed.TotalSeconds
        $reported | Should -Be $rounds
        $gotText.ToString() | Should -Be $sentText.ToString()
    }

    It 'Receive-UnixSocketMessage -Count 1 ended 50 times with more sent: it reads only its message and reports the rest it discards' {
        $sw = [Diagnostics.Stopwatch]::StartNew()
        $delivered = 0; $reportedBytes = 0; $sentBytes = 0; $bad = 0; $rounds = 0
        for ($i = 0; $i -lt 50; $i++) {
            $path = New-TestPath sock
            $r = Start-Stoppable { param($p) $p.AddCommand('Receive-UnixSocketMessage').AddParameter('Path', $path).AddParameter('Count', 1).AddParameter('TimeoutSec', 10) }
            # The file comes with bind, a moment before listen: connect until the receiver listens.
            $c = $null
            $null = Wait-Until {
                try { $script:c = [PosixIpc.Sockets.UnixSocketClient]::Connect([PosixIpc.Sockets.UnixSocketAddress]::FromPath($path), $false, [TimeSpan]::FromSeconds(5), [Text.Encoding]::UTF8, [Threading.CancellationToken]::None); $true }
                catch { $false }
            } -TimeoutSec 10
            $c = $script:c
            $payload = "first-$i`n" + ((1..($Rnd.Next(1, 5)) | ForEach-Object { "more-$i-$_`n" }) -join '')
            $c.Send([Text.Encoding]::UTF8.GetBytes($payload), [TimeSpan]::FromSeconds(5), [Threading.CancellationToken]::None)
            $null = $r.Handle.AsyncWaitHandle.WaitOne(10000)
            $c.Dispose(); $rounds++
            $sentBytes += $payload.Length
            $got = @($r.Output | ForEach-Object Text)
            if ($got.Count -ne 1 -or $got[0] -ne "first-$i") { $bad++ }
            $delivered += $got.Count
            $warning = "$($r.PS.Streams.Warning)"
            if ($warning -match '(\d+) bytes not read') { $reportedBytes += [int]$Matches[1] }
            $r.PS.Dispose()
        }
        $lostBytes = $sentBytes - ($reportedBytes + ($rounds * 0) + (0..($rounds - 1) | ForEach-Object { "first-$_`n".Length } | Measure-Object -Sum).Sum)
        $f = Add-Interruption 'Receive-UnixSocketMessage -Count 1 (bytes)' $rounds $sentBytes ($sentBytes - $reportedBytes - $lostBytes) 0 $reportedBytes $lostBytes 0 $sw.Elapsed.TotalSeconds
        $bad | Should -Be 0
        $lostBytes | Should -Be 0
    }
}

Describe 'Documentation' {
    BeforeEach { Skip-IfMissing $MissingPeers }
    It 'every ErrorId the hostile-input and other-user tables expect is named in the help (PowerShell''s own binding errors and the Core-only Shm ones aside)' {
        $help = (Get-ChildItem (Join-Path $RepoRoot 'docs/help') -Filter *.md | Get-Content -Raw) -join "`n"
        $ids = $Figures.ExpectedIds | Sort-Object -Unique |
            Where-Object { $_ -notmatch '^(ParameterArgument|CannotConvert)' -and $_ -notlike 'Shm*' }
        $ids.Count | Should -BeGreaterThan 30
        $missing = @($ids | Where-Object { $help -notmatch "\b$_\b" })
        $missing | Should -BeNullOrEmpty
    }
}
