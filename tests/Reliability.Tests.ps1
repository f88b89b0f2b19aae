# Reliability and security (issue 9): load, faults, hostile input, other users and symbolic links,
# across FIFOs, signals, message queues, Unix sockets, mapped files and (through the Core class
# SharedMemorySegment) shared memory. Every section adds its figures to $Figures; AfterAll prints
# them and writes them to out/reliability-summary.txt.

BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')

    # Listing needs the mqueue file system; mount it (as root) when it is not, as Mqueue.Tests.ps1 does.
    if (-not (Select-String -Path /proc/self/mounts -Pattern '^\S+ /dev/mqueue mqueue ' -Quiet)) {
        $null = New-Item -ItemType Directory -Force /dev/mqueue
        & mount -t mqueue none /dev/mqueue
        if ($LASTEXITCODE -ne 0) { throw 'Could not mount the mqueue file system at /dev/mqueue (the tests need root for that).' }
    }

    $script:Python = (Get-Command python3).Source
    $script:SuiteClock = [Diagnostics.Stopwatch]::StartNew()

    # The figures the summary reports; every section fills in its own.
    $script:Figures = [ordered]@{
        Load        = [ordered]@{}
        Faults      = [Collections.Generic.List[object]]::new()
        BadInputs   = [ordered]@{ Tried = 0; Handled = 0 }
        OtherUser   = [ordered]@{ Checks = 0; Passed = 0 }
        Symlinks    = [ordered]@{ Checks = 0; Passed = 0 }
    }

    function New-TestName([string] $Prefix = 'reltest') {
        # A unique name for one queue or segment.
        "/$Prefix-$([guid]::NewGuid().ToString('n').Substring(0, 12))"
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

    function Get-IpcErrorId {
        # Runs a script block with -ErrorAction Stop semantics and returns the FullyQualifiedErrorId it fails with ('' when none).
        param([scriptblock] $Script)
        try {
            $ErrorActionPreference = 'Stop'
            $null = & $Script
            ''
        }
        catch {
            $inner = $_.Exception
            while ($inner -and $inner -isnot [PosixIpc.PosixIpcException] -and $inner.InnerException) { $inner = $inner.InnerException }
            # The Core classes throw PosixIpcException through a method call: report its ErrorId.
            if ($_.FullyQualifiedErrorId -notmatch ',PosixIpc\.Commands\.' -and $inner -is [PosixIpc.PosixIpcException]) { $inner.ErrorId }
            else { $_.FullyQualifiedErrorId }
        }
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

    It 'Read-MappedFile still reads through a link (reading changes nothing)' {
        Read-MappedFile $LinkToFile | Should -Be 'precious data'
        Get-TreeState $LinkDir | Should -Be $Before
    }
}
