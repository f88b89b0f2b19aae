# The inventory: Get-IpcObject and Remove-IpcObject against the built module, with objects made by
# other tools (util-linux ipcmk, Python's standard library), by the module, and held by other processes.

BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')

    $script:MissingPeers = Get-MissingPeer ipcmk, ipcs, python3

    $script:MountedByTests = Mount-Mqueue

    $script:Python = 'python3'
    # Every object a test makes carries this run's prefix, so the tests act on their own objects only.
    $script:Prefix = "invtest-$([guid]::NewGuid().ToString('n').Substring(0, 8))"
    $script:SysV = [System.Collections.Generic.List[object]]::new()


    function New-SysVObject {
        # ipcmk -Q / -M size / -S count; returns Kind and Id, parsed from "Message queue id: 3" and the like.
        param([ValidateSet('Q', 'M', 'S')][string] $Type, [string] $Argument)
        $arguments = @("-$Type") + @(if ($Argument) { $Argument })
        $text = & ipcmk @arguments
        if ($LASTEXITCODE -ne 0 -or "$text" -notmatch 'id:\s*(\d+)') { throw "ipcmk $arguments failed: $text" }
        $o = [pscustomobject]@{
            Kind = @{ Q = 'SysVMessageQueue'; M = 'SysVSharedMemory'; S = 'SysVSemaphore' }[$Type]
            Flag = @{ Q = '-q'; M = '-m'; S = '-s' }[$Type]
            Id   = [long]$Matches[1]
        }
        $SysV.Add($o)
        $o
    }

    function Test-SysVExists {
        # Whether ipcs still lists the object: a line "key id owner ..." with its id.
        param($Object)
        [bool](& ipcs $Object.Flag | Select-String "^0x[0-9a-f]+\s+$($Object.Id)\s")
    }

    function New-PySegment {
        # A POSIX segment made by Python's multiprocessing.shared_memory, left behind when Python ends
        # (unregistered from the resource tracker, which would unlink it).
        param([string] $Name, [int] $Size = 4096)
        & $Python -c "from multiprocessing import shared_memory as m, resource_tracker as r; import sys; x = m.SharedMemory(name=sys.argv[1], create=True, size=int(sys.argv[2])); r.unregister(x._name, 'shared_memory'); x.close()" $Name $Size
        if ($LASTEXITCODE -ne 0) { throw "python3 could not make the segment $Name" }
    }

    function New-PySemaphore {
        # A POSIX named semaphore made through libc's sem_open from Python (ctypes), left behind.
        param([string] $Name)
        & $Python -c "import ctypes, os, sys; c = ctypes.CDLL(None, use_errno=True); c.sem_open.restype = ctypes.c_void_p; s = c.sem_open(('/' + sys.argv[1]).encode(), os.O_CREAT, 0o600, 1); sys.exit(0 if s and s != ctypes.c_void_p(-1).value else 1)" $Name
        if ($LASTEXITCODE -ne 0) { throw "python3 could not make the semaphore $Name" }
    }

    function Start-Holder {
        # A sleeping Python process that holds something (Code runs first), then writes Ready and waits for stdin to close.
        param([Parameter(Mandatory)][string] $Code)
        $ready = New-TestPath ready
        $p = Start-Peer $Python '-c', "import sys, os, time`n$Code`nopen(sys.argv[1], 'w').close()`nsys.stdin.read()", $ready
        (Wait-Until -TimeoutSec 30 { Test-Path -LiteralPath $ready }) | Should -BeTrue -Because 'the holder should start'
        $p
    }

    function Get-ErrorIds([System.Management.Automation.ErrorRecord[]] $Errors) { @($Errors | ForEach-Object FullyQualifiedErrorId) }
}

AfterAll {
    Stop-StartedPeers
    foreach ($o in $SysV) { & ipcrm $o.Flag $o.Id 2>$null }
    Get-ChildItem /dev/shm -Filter "*$Prefix*" -ErrorAction Ignore | Remove-Item -Force -ErrorAction Ignore
    Get-ChildItem /dev/mqueue -Filter "$Prefix*" -ErrorAction Ignore | Remove-Item -Force -ErrorAction Ignore
    Dismount-Mqueue $MountedByTests
}

Describe 'Get-IpcObject' {
    BeforeEach { Skip-IfMissing $MissingPeers }
    AfterEach { Stop-StartedPeers }

    It 'sees objects made by ipcmk, Python and the module, a FIFO under -Path and a listening socket' {
        $q = New-SysVObject Q
        $m = New-SysVObject M 4096
        $s = New-SysVObject S 1
        $pySeg = New-TestName $Prefix -Bare
        New-PySegment $pySeg 8192
        $pySem = New-TestName $Prefix -Bare
        New-PySemaphore $pySem
        $mq = "/$(New-TestName $Prefix -Bare)"
        $null = New-MqQueue $mq -Mode 0640
        Send-MqMessage $mq 'one', 'two'
        $dir = New-TestPath fifos
        $null = New-Item -ItemType Directory "$dir/sub"
        $fifo = (New-IpcFifo "$dir/sub/f" -Mode 0620).Path
        $sock = New-TestPath sock
        $server = Start-Holder "import socket`nl = socket.socket(socket.AF_UNIX)`nl.bind('$sock')`nl.listen(1)"

        $all = Get-IpcObject -Path $dir -Recurse
        $all | Should -Not -BeNullOrEmpty
        $all[0] | Should -BeOfType PosixIpc.Inventory.IpcObject

        $o = $all | Where-Object { $_.Kind -eq 'SysVMessageQueue' -and $_.Id -eq $q.Id }
        $o.Name | Should -Match '^0x[0-9a-f]{8}$'
        $o.Key | Should -Be $o.Name
        $o.Messages | Should -Be 0
        $o.OctalMode | Should -Be '0644'
        $o.Owner | Should -Be (& id -un)
        $o = $all | Where-Object { $_.Kind -eq 'SysVSharedMemory' -and $_.Id -eq $m.Id }
        $o.Size | Should -Be 4096
        $o.Attached | Should -Be 0
        $o.IsOrphaned | Should -BeTrue
        # The key is the one ipcs prints for that id.
        (& ipcs -m | Select-String "^\S+\s+$($m.Id)\s").Line.Split(' ')[0] | Should -Be $o.Key
        ($all | Where-Object { $_.Kind -eq 'SysVSemaphore' -and $_.Id -eq $s.Id }).Semaphores | Should -Be 1

        $o = $all | Where-Object Name -eq "/$pySeg"
        $o.Kind | Should -Be 'SharedMemory'
        $o.Size | Should -Be 8192
        $o.Path | Should -Be "/dev/shm/$pySeg"
        $o = $all | Where-Object Name -eq "/$pySem"
        $o.Kind | Should -Be 'Semaphore'
        $o.Path | Should -Be "/dev/shm/sem.$pySem"

        $o = $all | Where-Object Name -eq $mq
        $o.Kind | Should -Be 'MessageQueue'
        $o.Messages | Should -Be 2
        $o.Size | Should -Be 6
        $o.OctalMode | Should -Be '0640'

        $o = $all | Where-Object Name -eq $fifo
        $o.Kind | Should -Be 'Fifo'
        $o.OctalMode | Should -Be '0620'

        $o = $all | Where-Object Name -eq $sock
        $o.Kind | Should -Be 'UnixSocket'
        $o.State | Should -Be 'Stream LISTEN'
        $o.Holders.Pid | Should -Contain $server.Id
        $o.Holders[0].HeldBy | Should -Be 'Fd'
        $o.IsRemovable | Should -BeFalse
    }

    It 'lists no FIFOs without -Path, and not below the top folder without -Recurse' {
        $dir = New-TestPath fifos
        $null = New-Item -ItemType Directory "$dir/sub"
        $top = (New-IpcFifo "$dir/top").Path
        $deep = (New-IpcFifo "$dir/sub/deep").Path
        @(Get-IpcObject -Kind Fifo -WarningAction SilentlyContinue).Count | Should -Be 0
        @(Get-IpcObject -Kind Fifo -Path $dir).Name | Should -Be @($top)
        @(Get-IpcObject -Kind Fifo -Path $dir -Recurse).Name | Sort-Object | Should -Be (@($top, $deep) | Sort-Object)
        @(Get-IpcObject -Kind Fifo -Path $deep).Name | Should -Be @($deep)
    }

    It 'filters by -Kind and by -Name with wildcards, a System V object by key or id' {
        $seg = New-TestName $Prefix -Bare
        New-PySegment $seg
        $mq = "/$(New-TestName $Prefix -Bare)"
        $null = New-MqQueue $mq
        $m = New-SysVObject M 1024

        $mine = @(Get-IpcObject -Name "$Prefix*")
        $mine.Name | Should -Contain "/$seg"
        $mine.Name | Should -Contain $mq
        @(Get-IpcObject -Kind MessageQueue -Name "$Prefix*").Kind | Select-Object -Unique | Should -Be 'MessageQueue'
        @(Get-IpcObject -Kind SharedMemory, MessageQueue -Name $seg, $mq.TrimStart('/')).Name | Sort-Object | Should -Be (@("/$seg", $mq) | Sort-Object)
        $byId = @(Get-IpcObject -Kind SysVSharedMemory -Name "$($m.Id)")
        $byId.Id | Should -Be $m.Id
        @(Get-IpcObject -Kind SysVSharedMemory -Name $byId[0].Key).Id | Should -Contain $m.Id
        (Get-Command Get-IpcObject).Parameters['Kind'].ParameterType | Should -Be ([PosixIpc.Inventory.IpcObjectKind[]])
        # Wildcards name several kinds; a kind that does not exist is an argument error.
        @(Get-IpcObject -Kind SysV* | Where-Object Id -eq $m.Id).Kind | Should -Contain 'SysVSharedMemory'
        $kinds = @(Get-IpcObject -Kind 'SysV*', MessageQueue -Name "$Prefix*", "$($m.Id)").Kind
        $kinds | Should -Contain 'MessageQueue'
        $kinds | Should -Contain 'SysVSharedMemory'
        $kinds | Should -Not -Contain 'SharedMemory'
        { Get-IpcObject -Kind Nope* } | Should -Throw -ErrorId 'ParameterArgumentTransformationError,PosixIpc.Commands.GetIpcObjectCommand'
        { Get-IpcObject -Kind Nope } | Should -Throw -ExceptionType ([System.Management.Automation.ParameterBindingException])
        $completions = (TabExpansion2 'Get-IpcObject -Kind SysV' 24).CompletionMatches.CompletionText
        $completions | Should -Contain 'SysVSharedMemory'
        $completions | Should -Not -Contain 'MessageQueue'
    }

    It 'finds the holders of a segment mapped by a sleeping process, and of a System V segment it attached' {
        $seg = New-TestName $Prefix -Bare
        $held = Start-Holder ("from multiprocessing import shared_memory as m, resource_tracker as r`n" +
            "x = m.SharedMemory(name='$seg', create=True, size=4096); r.unregister(x._name, 'shared_memory')")
        $m = New-SysVObject M 4096
        $attacher = Start-Holder ("import ctypes`nc = ctypes.CDLL(None, use_errno=True); c.shmat.restype = ctypes.c_void_p`n" +
            "assert c.shmat($($m.Id), None, 0) != ctypes.c_void_p(-1).value")

        $o = Get-IpcObject -Kind SharedMemory -Name $seg
        $o.Holders.Pid | Should -Contain $held.Id
        $o.Holders | Where-Object Pid -eq $held.Id | ForEach-Object HeldBy | Should -Contain 'Map'
        ($o.Holders | Where-Object Pid -eq $held.Id)[0].ProcessName | Should -BeLike 'python*'
        $o.HolderCount | Should -Be 1
        $o.IsOrphaned | Should -BeFalse
        ($o | Out-String) | Should -Match "python[^(]*\($($held.Id)\)"

        $v = Get-IpcObject -Kind SysVSharedMemory | Where-Object Id -eq $m.Id
        $v.Attached | Should -Be 1
        $v.Holders.Pid | Should -Be $attacher.Id
        $v.Holders.HeldBy | Should -Be 'Attached'
        $v.IsOrphaned | Should -BeFalse
    }

    It 'finds the holders of a queue and of a FIFO through their descriptors' {
        $mq = "/$(New-TestName $Prefix -Bare)"
        $null = New-MqQueue $mq
        $fifo = (New-IpcFifo (New-TestPath fifo)).Path
        $holder = Start-Holder ("import ctypes`nrt = ctypes.CDLL('librt.so.1', use_errno=True)`n" +
            "assert rt.mq_open(b'$mq', os.O_RDONLY) >= 0`nf = os.open('$fifo', os.O_RDWR)")
        $o = Get-IpcObject -Kind MessageQueue -Name $mq
        $o.Holders.Pid | Should -Be $holder.Id
        $o.Holders.HeldBy | Should -Be 'Fd'
        $o.Holders.Fd | Should -BeGreaterThan 2
        (Get-IpcObject -Kind Fifo -Path $fifo).Holders.Pid | Should -Be $holder.Id
    }

    It 'finds the holder of a FIFO opened through another name for it (a hard link), by device and inode, and none for a look-alike file' {
        $dir = New-TestPath links
        $null = New-Item -ItemType Directory $dir
        $fifo = (New-IpcFifo "$dir/f").Path
        & ln $fifo "$dir/other-name"
        $null = New-IpcFifo "$dir/g"
        $holder = Start-Holder "f = os.open('$dir/other-name', os.O_RDWR)`ng = open('$dir/look-alike', 'w')"
        $listed = @(Get-IpcObject -Kind Fifo -Path "$dir/f", "$dir/g")
        ($listed | Where-Object Name -eq $fifo).Holders.Pid | Should -Be $holder.Id
        ($listed | Where-Object Name -eq $fifo).Holders.Fd | Should -BeGreaterThan 2
        ($listed | Where-Object Name -eq "$dir/g").IsOrphaned | Should -BeTrue
    }

    It 'is composed of one source per mechanism, each kind listed by exactly one, and one holder scan' {
        $core = [PosixIpc.Inventory.IpcInventory].Assembly
        $sources = @($core.GetTypes() | Where-Object { $_.BaseType -and $_.BaseType.Name -eq 'InventorySource' })
        $sources.Name | Sort-Object | Should -Be @('FifoSource', 'FileLockSource', 'MqQueueSource', 'SemaphoreSource', 'SharedMemorySource', 'SysVSource', 'UnixSocketSource')
        $kinds = @($sources | ForEach-Object { [Activator]::CreateInstance($_, $true).Kinds })
        ($kinds | Sort-Object) | Should -Be ([PosixIpc.Inventory.IpcInventory]::AllKinds | Sort-Object)
        @($core.GetTypes() | ForEach-Object { $_.GetMethods([Reflection.BindingFlags]'Public, NonPublic, Static, DeclaredOnly') } | Where-Object Name -eq 'FindHolders' | ForEach-Object DeclaringType | Select-Object -Unique).Name | Should -Be 'ProcessScan'
    }

    It 'warns, with how to mount it, when the mqueue file system is missing, and lists the other kinds' {
        $seg = New-TestName $Prefix -Bare
        New-PySegment $seg
        $saved = Set-TestHook ([PosixIpc.Mq.MqQueues]) MountPoint (New-TestPath nomqueue)
        try {
            $out = @(Get-IpcObject -WarningVariable warnings -WarningAction SilentlyContinue)
        }
        finally {
            $null = Set-TestHook ([PosixIpc.Mq.MqQueues]) MountPoint $saved
        }
        @($warnings | Where-Object { "$_" -match 'mount -t mqueue' }).Count | Should -Be 1
        $out.Name | Should -Contain "/$seg"
        @($out | Where-Object Kind -eq 'MessageQueue').Count | Should -Be 0
    }

    It "skips another user's unreadable /proc entries with one warning, not a failure" {
        # Root may read every /proc/PID/fd, so the inventory runs as user nobody (uid 65534), for whom
        # the fd and maps of root's processes are unreadable (EACCES).
        $seg = New-TestName $Prefix -Bare
        $held = Start-Holder ("from multiprocessing import shared_memory as m, resource_tracker as r`n" +
            "x = m.SharedMemory(name='$seg', create=True, size=4096); r.unregister(x._name, 'shared_memory')")
        $out = Invoke-AsOtherUser ("`$o = Get-IpcObject -Kind SharedMemory -Name '$seg' -WarningVariable w -WarningAction SilentlyContinue -ErrorVariable e`n" +
            "'found=' + @(`$o).Count; 'holders=' + `$o.HolderCount; 'warnings=' + @(`$w).Count; 'errors=' + @(`$e).Count; 'warning=' + `$w[0]")
        $out | Should -Contain 'found=1'
        $out | Should -Contain 'holders=0'
        $out | Should -Contain 'warnings=1'
        $out | Should -Contain 'errors=0'
        ($out | Where-Object { "$_" -like 'warning=*' }) | Should -Match '\d+ process\(es\) could not be fully inspected'
        # Root sees the holder.
        (Get-IpcObject -Kind SharedMemory -Name $seg).Holders.Pid | Should -Contain $held.Id
    }
}

Describe 'Remove-IpcObject' {
    BeforeEach { Skip-IfMissing $MissingPeers }
    AfterEach { Stop-StartedPeers }

    It 'Get-IpcObject -Orphaned | Remove-IpcObject removes exactly the unheld objects of the test; ipcs confirms' {
        # This test's own names, so objects other tests left behind are not counted.
        $t = New-TestName $Prefix -Bare
        $dir = New-TestPath fifos
        $null = New-Item -ItemType Directory $dir
        $q = New-SysVObject Q
        $m = New-SysVObject M 4096
        $s = New-SysVObject S 1
        $mAttached = New-SysVObject M 4096
        $seg = "$t-seg"; New-PySegment $seg
        $sem = "$t-sem"; New-PySemaphore $sem
        $mq = "/$t-mq"; $null = New-MqQueue $mq
        $fifo = (New-IpcFifo "$dir/$t-fifo").Path
        $heldSeg = "$t-held"
        $null = Start-Holder ("import ctypes`nfrom multiprocessing import shared_memory as m, resource_tracker as r`n" +
            "x = m.SharedMemory(name='$heldSeg', create=True, size=4096); r.unregister(x._name, 'shared_memory')`n" +
            "c = ctypes.CDLL(None, use_errno=True); c.shmat.restype = ctypes.c_void_p`nassert c.shmat($($mAttached.Id), None, 0) != ctypes.c_void_p(-1).value")

        # System V ids are per kind, so a kind and an id together name one object.
        $ids = $q, $m, $s, $mAttached | ForEach-Object { "$($_.Kind)/$($_.Id)" }
        $mine = { "$($_.Kind)/$($_.Id)" -in $ids -or $_.Name -like "*$t*" }
        $orphans = @(Get-IpcObject -Orphaned -Path $dir | Where-Object $mine)
        $orphans.Count | Should -Be 7
        $orphans | Remove-IpcObject -ErrorVariable failed
        $failed | Should -BeNullOrEmpty

        Test-SysVExists $q | Should -BeFalse
        Test-SysVExists $m | Should -BeFalse
        Test-SysVExists $s | Should -BeFalse
        Test-SysVExists $mAttached | Should -BeTrue
        Test-Path "/dev/shm/$seg" | Should -BeFalse
        Test-Path "/dev/shm/sem.$sem" | Should -BeFalse
        Test-Path "/dev/mqueue/$($mq.TrimStart('/'))" | Should -BeFalse
        Test-Path -LiteralPath $fifo | Should -BeFalse
        Test-Path "/dev/shm/$heldSeg" | Should -BeTrue
        @(Get-IpcObject -Path $dir | Where-Object $mine).Name | Sort-Object | Should -Be (@("/$heldSeg", (Get-IpcObject -Kind SysVSharedMemory | Where-Object Id -eq $mAttached.Id).Name) | Sort-Object)
    }

    It '-WhatIf removes nothing' {
        $m = New-SysVObject M 4096
        $seg = New-TestName $Prefix -Bare; New-PySegment $seg
        $fifo = (New-IpcFifo (New-TestPath fifo)).Path
        $objects = @(Get-IpcObject -Path $fifo | Where-Object { ($_.Kind -eq 'SysVSharedMemory' -and $_.Id -eq $m.Id) -or $_.Name -in "/$seg", $fifo })
        $objects.Count | Should -Be 3
        $objects | Remove-IpcObject -WhatIf
        Test-SysVExists $m | Should -BeTrue
        Test-Path "/dev/shm/$seg" | Should -BeTrue
        Test-Path -LiteralPath $fifo | Should -BeTrue
        (Get-Command Remove-IpcObject).Parameters.Keys | Should -Contain 'Confirm'
    }

    It 'refuses a Unix socket with IpcObjectNotRemovable and leaves its file' {
        $sock = New-TestPath sock
        $null = Start-Holder "import socket`nl = socket.socket(socket.AF_UNIX)`nl.bind('$sock')`nl.listen(1)"
        $o = Get-IpcObject -Kind UnixSocket -Name $sock
        $o | Remove-IpcObject -ErrorVariable e -ErrorAction SilentlyContinue -WhatIf
        Get-ErrorIds $e | Should -Be 'IpcObjectNotRemovable,PosixIpc.Commands.RemoveIpcObjectCommand'
        $e[0].CategoryInfo.Category | Should -Be 'InvalidOperation'
        $e[0].Exception.Message | Should -Match 'does not close the socket'
        Test-Path -LiteralPath $sock | Should -BeTrue
    }

    It 'removes by Kind and Id from any object, and checks the key of a System V id' {
        $q = New-SysVObject Q
        [pscustomobject]@{ Kind = 'SysVMessageQueue'; Id = $q.Id } | Remove-IpcObject
        Test-SysVExists $q | Should -BeFalse

        $s = New-SysVObject S 2
        Remove-IpcObject -Kind SysVSemaphore -Id $s.Id -Name '0x00000001' -ErrorVariable e -ErrorAction SilentlyContinue
        Get-ErrorIds $e | Should -Be 'IpcObjectNotFound,PosixIpc.Commands.RemoveIpcObjectCommand'
        Test-SysVExists $s | Should -BeTrue
        Remove-IpcObject -Kind SysVSemaphore -Id $s.Id -PassThru | Should -BeNullOrEmpty
        Test-SysVExists $s | Should -BeFalse

        Remove-IpcObject -Kind SysVSharedMemory -ErrorVariable e -ErrorAction SilentlyContinue
        Get-ErrorIds $e | Should -Be 'IpcObjectIdRequired,PosixIpc.Commands.RemoveIpcObjectCommand'
    }

    It 'reports an object that is gone as IpcObjectNotFound, and -PassThru emits what it removed' {
        $seg = New-TestName $Prefix -Bare; New-PySegment $seg
        $o = Get-IpcObject -Kind SharedMemory -Name $seg
        ($o | Remove-IpcObject -PassThru).Name | Should -Be "/$seg"
        $o | Remove-IpcObject -ErrorVariable e -ErrorAction SilentlyContinue
        Get-ErrorIds $e | Should -Be 'IpcObjectNotFound,PosixIpc.Commands.RemoveIpcObjectCommand'
        $e[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'

        $m = New-SysVObject M 64
        $v = Get-IpcObject -Kind SysVSharedMemory | Where-Object Id -eq $m.Id
        & ipcrm -m $m.Id
        $v | Remove-IpcObject -ErrorVariable e -ErrorAction SilentlyContinue
        Get-ErrorIds $e | Should -Be 'IpcObjectNotFound,PosixIpc.Commands.RemoveIpcObjectCommand'

        Remove-IpcObject -Kind MessageQueue -Name "/$(New-TestName $Prefix -Bare)" -ErrorVariable e -ErrorAction SilentlyContinue
        Get-ErrorIds $e | Should -Be 'IpcObjectNotFound,PosixIpc.Commands.RemoveIpcObjectCommand'
    }

    It 'leaves a path that is no longer a FIFO alone (IpcObjectNotRemovable)' {
        $path = New-TestPath fifo
        $null = New-IpcFifo $path
        $o = Get-IpcObject -Kind Fifo -Path $path
        Remove-Item -LiteralPath $path
        Set-Content -LiteralPath $path -Value 'a regular file now'
        $o | Remove-IpcObject -ErrorVariable e -ErrorAction SilentlyContinue
        Get-ErrorIds $e | Should -Be 'IpcObjectNotRemovable,PosixIpc.Commands.RemoveIpcObjectCommand'
        Get-Content -LiteralPath $path | Should -Be 'a regular file now'
    }

    It "reports another user's object as IpcObjectPermissionDenied" {
        $seg = New-TestName $Prefix -Bare; New-PySegment $seg
        $m = New-SysVObject M 64
        $out = Invoke-AsOtherUser ("Get-IpcObject -Kind SharedMemory -Name '$seg' -WarningAction SilentlyContinue | Remove-IpcObject -ErrorVariable e -ErrorAction SilentlyContinue; `$e.FullyQualifiedErrorId; `$e.CategoryInfo.Category`n" +
            "Remove-IpcObject -Kind SysVSharedMemory -Id $($m.Id) -ErrorVariable e2 -ErrorAction SilentlyContinue; `$e2.FullyQualifiedErrorId")
        @($out | Where-Object { "$_" -eq 'IpcObjectPermissionDenied,PosixIpc.Commands.RemoveIpcObjectCommand' }).Count | Should -Be 2
        $out | Should -Contain 'PermissionDenied'
        Test-Path "/dev/shm/$seg" | Should -BeTrue
        Test-SysVExists $m | Should -BeTrue
    }
}
