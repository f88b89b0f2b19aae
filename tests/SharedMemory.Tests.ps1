# POSIX shared memory: the public PosixIpc.SharedMemory.SharedMemorySegment class and the
# *-SharedMemory cmdlets of the built module (shm_open + mmap), with Python's
# multiprocessing.shared_memory as the peer in both directions. Semaphores: tests/Semaphore.Tests.ps1.

BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $script:MissingPeers = Get-MissingPeer python3
    $script:Seg = [PosixIpc.SharedMemory.SharedMemorySegment]



    # Python 3.11's resource tracker unlinks segments a process opened when it exits; unregister them.
    $script:PyOpen = "from multiprocessing import shared_memory as m, resource_tracker as r; import sys; " +
        "x = m.SharedMemory(name=sys.argv[1], create=False); r.unregister(x._name, 'shared_memory'); "
}

AfterAll {
    Get-ChildItem /dev/shm -Filter 'shmtest-*' -ErrorAction Ignore | Remove-Item -ErrorAction Ignore
}

Describe 'SharedMemorySegment' {
    BeforeEach { Skip-IfMissing $MissingPeers; $script:N = New-TestName shmtest }
    AfterEach { try { $Seg::Unlink($N) } catch { } }

    It 'creates a segment of the size asked for, with mode 0600, under /dev/shm' {
        $s = $Seg::Create($N, 1MB)
        try {
            $s.Size | Should -Be 1MB
            (Get-Item "/dev/shm$N").UnixFileMode | Should -Be ([IO.UnixFileMode]'UserRead, UserWrite')
        } finally { $s.Dispose() }
    }

    It 'writes and reads bytes and 64-bit counters over one mapping' {
        $s = $Seg::Create($N, 4096)
        try {
            $s.Write(10, [byte[]](1, 2, 3))
            [Convert]::ToHexString($s.Read(9, 5)) | Should -Be '0001020300'
            $s.WriteInt64(64, 1234567890123)
            $s.ReadInt64(64) | Should -Be 1234567890123
        } finally { $s.Dispose() }
    }

    It 'Python reads what pwsh wrote' {
        $s = $Seg::Create($N, 4096)
        try {
            $s.Write(0, [Text.Encoding]::UTF8.GetBytes('hello from pwsh'))
            $out = & python3 -c ($PyOpen + "print(bytes(x.buf[:15]).decode()); x.close()") $N.TrimStart('/')
            $out | Should -Be 'hello from pwsh'
        } finally { $s.Dispose() }
    }

    It 'pwsh reads what Python wrote' {
        $s = $Seg::Create($N, 4096)
        try {
            & python3 -c ($PyOpen + "x.buf[100:114] = b'hello from py!'; x.close()") $N.TrimStart('/')
            $LASTEXITCODE | Should -Be 0
            [Text.Encoding]::UTF8.GetString($s.Read(100, 14)) | Should -Be 'hello from py!'
        } finally { $s.Dispose() }
        Test-Path "/dev/shm$N" | Should -BeTrue
    }

    It 'refuses offsets and counts past the end with ShmOutOfRange' {
        $s = $Seg::Create($N, 4096)
        try {
            Get-IpcErrorId { $s.Read(4090, 10) } | Should -Be 'ShmOutOfRange'
            Get-IpcErrorId { $s.Write(4096, [byte[]](1)) } | Should -Be 'ShmOutOfRange'
            Get-IpcErrorId { $s.Read(-1, 1) } | Should -Be 'ShmOutOfRange'
            Get-IpcErrorId { $s.ReadInt64(4089) } | Should -Be 'ShmOutOfRange'
        } finally { $s.Dispose() }
    }

    It 'reports a segment another process shrank as ShmOutOfRange, never SIGBUS' {
        $s = $Seg::Create($N, 1MB)
        try {
            $s.WriteInt64(8, 42)
            $s.Read(500KB, 16).Length | Should -Be 16
            & python3 -c "import os, sys; fd = os.open('/dev/shm/' + sys.argv[1], os.O_RDWR); os.ftruncate(fd, 16)" $N.TrimStart('/')
            Get-IpcErrorId { $s.Read(500KB, 16) } | Should -Be 'ShmOutOfRange'
            $s.ReadInt64(8) | Should -Be 42
            $s.Size | Should -Be 16
        } finally { $s.Dispose() }
    }

    It 'refuses a negative size, an existing name without force, and a missing name' {
        Get-IpcErrorId { $Seg::Create($N, -1) } | Should -Be 'ShmInvalidSize'
        $s = $Seg::Create($N, 100)
        try {
            Get-IpcErrorId { $Seg::Create($N, 10) } | Should -Be 'ShmExists'
            $again = $Seg::Create($N, 10, [IO.UnixFileMode]'UserRead, UserWrite', $true)
            $again.Size | Should -Be 100
            $again.Dispose()
        } finally { $s.Dispose() }
        $Seg::Unlink($N)
        Get-IpcErrorId { $Seg::Open($N) } | Should -Be 'ShmNotFound'
        Get-IpcErrorId { $Seg::Unlink($N) } | Should -Be 'ShmNotFound'
    }
}

Describe 'New-SharedMemory, Get-SharedMemory, Remove-SharedMemory' {
    BeforeEach { Skip-IfMissing $MissingPeers; $script:N = New-TestName shmtest }
    AfterEach { try { $Seg::Unlink($N) } catch { } }

    It 'creates a zero-filled segment with the size given as 1MB-style text and the exact mode, whatever the umask' {
        $info = New-SharedMemory $N '64KB' -Mode 0666
        $info | Should -BeOfType ([PosixIpc.SharedMemory.SharedMemoryInfo])
        $info.Size | Should -Be 65536
        $info.OctalMode | Should -Be '0666'
        $info.Path | Should -Be "/dev/shm$N"
        (Get-Item "/dev/shm$N").Length | Should -Be 65536
        (stat -c '%a' "/dev/shm$N") | Should -Be '666'
        (Read-SharedMemory $N -AsByteStream | Where-Object { $_ -ne 0 }) | Should -BeNullOrEmpty
    }

    It 'gives a bare name the slash' {
        (New-SharedMemory $N.TrimStart('/') 10).Name | Should -Be $N
    }

    It 'refuses an existing segment with ShmExists, and -Force keeps its data and never shrinks it' {
        $null = New-SharedMemory $N 4096
        Write-SharedMemory $N -Value 'keep me'
        New-SharedMemory $N 100 -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -Be 'ShmExists,PosixIpc.Commands.NewSharedMemoryCommand'
        $err[0].CategoryInfo.Category | Should -Be 'ResourceExists'
        $err[0].TargetObject | Should -Be $N
        $info = New-SharedMemory $N 100 -Force -WarningVariable warn 3>$null
        $info.Size | Should -Be 4096
        "$warn" | Should -Match 'never shrinks'
        Read-SharedMemory $N | Should -Be 'keep me'
        (New-SharedMemory $N 8192 -Force).Size | Should -Be 8192
        Read-SharedMemory $N | Should -Be 'keep me'
    }

    It 'refuses the name <Label> with ShmInvalidName before any system call' -ForEach @(
        @{ Label = 'with a second slash'; Name = '/a/b' }
        @{ Label = 'empty after the slash'; Name = '/' }
        @{ Label = 'with a NUL'; Name = "/a`0b" }
        @{ Label = 'of 300 bytes'; Name = '/' + ('x' * 300) }
        @{ Label = '..'; Name = '/..' }
    ) {
        New-SharedMemory $Name 10 -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -Be 'ShmInvalidName,PosixIpc.Commands.NewSharedMemoryCommand'
        $err[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        { Read-SharedMemory $Name -ErrorAction Stop } | Should -Throw -ErrorId 'ShmInvalidName,PosixIpc.Commands.ReadSharedMemoryCommand'
    }

    It 'refuses a negative size with ShmInvalidSize and creates nothing' {
        New-SharedMemory $N -1 -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -Be 'ShmInvalidSize,PosixIpc.Commands.NewSharedMemoryCommand'
        Test-Path "/dev/shm$N" | Should -BeFalse
    }

    It 'lists segments by wildcard, leaving semaphores out' {
        $null = New-SharedMemory $N 10
        $null = New-SharedMemory "$N-b" 20
        $sem = New-IpcSemaphore "$N-sem"
        try {
            $list = @(Get-SharedMemory "$N*")
            $list.Name | Should -Be @($N, "$N-b")
            ($list | Where-Object Name -eq "$N-b").Size | Should -Be 20
            Get-SharedMemory "$N-nope" -ErrorVariable err -ErrorAction SilentlyContinue
            $err[0].FullyQualifiedErrorId | Should -Be 'ShmNotFound,PosixIpc.Commands.GetSharedMemoryCommand'
            $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        }
        finally { Remove-SharedMemory "$N-b"; Remove-IpcSemaphore $sem.Name }
    }

    It 'removes what Get-SharedMemory pipes in, and -WhatIf removes nothing' {
        $null = New-SharedMemory $N 10
        Get-SharedMemory $N | Remove-SharedMemory -WhatIf
        Test-Path "/dev/shm$N" | Should -BeTrue
        (Get-SharedMemory $N | Remove-SharedMemory -PassThru).Name | Should -Be $N
        Test-Path "/dev/shm$N" | Should -BeFalse
        Remove-SharedMemory $N -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -Be 'ShmNotFound,PosixIpc.Commands.RemoveSharedMemoryCommand'
    }

    It 'completes segment names' {
        $null = New-SharedMemory $N 10
        $line = "Read-SharedMemory $($N.Substring(0, 10))"
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Contain $N
    }
}

Describe 'Write-SharedMemory and Read-SharedMemory' {
    BeforeEach {
        Skip-IfMissing $MissingPeers
        $script:N = New-TestName shmtest
        $null = New-SharedMemory $N 4096
    }
    AfterEach { try { $Seg::Unlink($N) } catch { } }

    It 'writes pipeline items one after the other from -Offset, and reports what it wrote' {
        $r = 'ab', 'cd', 'é' | Write-SharedMemory $N -Offset 10 -PassThru
        $r.Offset | Should -Be 10
        $r.Length | Should -Be 6
        $r.Items | Should -Be 3
        Read-SharedMemory $N -Offset 10 | Should -Be 'abcdé'
        [Convert]::ToHexString((Read-SharedMemory $N -Offset 8 -Count 10 -AsByteStream)) | Should -Be '000061626364C3A90000'
    }

    It 'reads text up to the first NUL, and bytes as one byte[]' {
        Write-SharedMemory $N -Value "one`0two"
        Read-SharedMemory $N | Should -Be 'one'
        Read-SharedMemory $N -Offset 4 | Should -Be 'two'
        $bytes = Read-SharedMemory $N -AsByteStream
        $bytes.GetType() | Should -Be ([byte[]])
        $bytes.Length | Should -Be 4096
    }

    It 'writes a byte[] as one block and unrolled bytes gathered, byte-exact' {
        $data = [byte[]]::new(3000)
        [Random]::new(5).NextBytes($data)
        Write-SharedMemory $N -Value $data -AsByteStream
        Get-Sha256 (Read-SharedMemory $N -Count 3000 -AsByteStream) | Should -Be (Get-Sha256 $data)
        $data | Write-SharedMemory $N -Offset 1000 -AsByteStream
        Get-Sha256 (Read-SharedMemory $N -Offset 1000 -Count 3000 -AsByteStream) | Should -Be (Get-Sha256 $data)
    }

    It 'encodes and decodes with -Encoding' {
        Write-SharedMemory $N -Value 'hé' -Encoding unicode
        [Convert]::ToHexString((Read-SharedMemory $N -Count 4 -AsByteStream)) | Should -Be '6800E900'
        Read-SharedMemory $N -Count 4 -Encoding unicode | Should -Be 'hé'
    }

    It 'Python reads what Write-SharedMemory wrote, and Read-SharedMemory reads what Python wrote' {
        Write-SharedMemory $N -Value 'from pwsh cmdlets' -Offset 7
        & python3 -c ($PyOpen + "print(bytes(x.buf[7:24]).decode()); x.close()") $N.TrimStart('/') | Should -Be 'from pwsh cmdlets'
        & python3 -c ($PyOpen + "x.buf[2000:2014] = 'from python ü'.encode(); x.close()") $N.TrimStart('/')
        Read-SharedMemory $N -Offset 2000 | Should -Be 'from python ü'
    }

    It 'refuses a write past the end with ShmOutOfRange, writes none of it, and stops' {
        Write-SharedMemory $N -Value 'original' -Offset 4088
        $err = $null
        try { 'xx', 'this is too long' | Write-SharedMemory $N -Offset 4086 } catch { $err = $_ }
        $err.FullyQualifiedErrorId | Should -Be 'ShmOutOfRange,PosixIpc.Commands.WriteSharedMemoryCommand'
        $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err.TargetObject | Should -Be $N
        [Text.Encoding]::ASCII.GetString((Read-SharedMemory $N -Offset 4086 -Count 10 -AsByteStream)) | Should -Be 'xxoriginal'
    }

    It 'refuses reads past the end: offset <Offset>, count <Count>' -ForEach @(
        @{ Offset = 4096; Count = 1 }
        @{ Offset = 4000; Count = 97 }
        @{ Offset = 5000; Count = 0 }
        @{ Offset = [long]::MaxValue; Count = 1 }
    ) {
        Read-SharedMemory $N -Offset $Offset -Count $Count -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -Be 'ShmOutOfRange,PosixIpc.Commands.ReadSharedMemoryCommand'
    }

    It 'refuses negative offsets and counts at binding' {
        { Read-SharedMemory $N -Offset -1 } | Should -Throw -ErrorId 'ParameterArgumentValidationError,PosixIpc.Commands.ReadSharedMemoryCommand'
        { Write-SharedMemory $N -Value 'x' -Offset -5 } | Should -Throw -ErrorId 'ParameterArgumentValidationError,PosixIpc.Commands.WriteSharedMemoryCommand'
    }

    It 'reports a segment another process shrank as ShmOutOfRange, and pwsh goes on' {
        Write-SharedMemory $N -Value 'head'
        & python3 -c "import os, sys; fd = os.open('/dev/shm/' + sys.argv[1], os.O_RDWR); os.ftruncate(fd, 8)" $N.TrimStart('/')
        Read-SharedMemory $N -Offset 100 -Count 10 -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -Be 'ShmOutOfRange,PosixIpc.Commands.ReadSharedMemoryCommand'
        $err[0].Exception.Message | Should -Match 'which is 8 bytes now'
        Read-SharedMemory $N | Should -Be 'head'
    }

    It 'reports a missing segment as ShmNotFound for reads and writes' {
        Read-SharedMemory "$N-gone" -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -Be 'ShmNotFound,PosixIpc.Commands.ReadSharedMemoryCommand'
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        { Write-SharedMemory "$N-gone" -Value 'x' } | Should -Throw -ErrorId 'ShmNotFound,PosixIpc.Commands.WriteSharedMemoryCommand'
    }

    It 'writes nothing with -WhatIf' {
        Write-SharedMemory $N -Value 'nothing' -WhatIf
        Read-SharedMemory $N | Should -Be ''
    }

    It 'gives an open segment for tight loops, read-only when asked' {
        $s = Open-SharedMemory $N
        try {
            1..500 | ForEach-Object { $s.WriteInt32(0, $s.ReadInt32(0) + 1) }
            $s.ReadInt32(0) | Should -Be 500
        } finally { $s.Dispose() }
        $ro = Open-SharedMemory $N -ReadOnly
        try {
            $ro.ReadInt32(0) | Should -Be 500
            Get-IpcErrorId { $ro.WriteInt32(0, 1) } | Should -Be 'ShmReadOnly'
        } finally { $ro.Dispose() }
    }

    It 'refuses another user on a 0600 segment, and -Mode 0644 lets them read but not write' {
        $out = Invoke-AsOtherUser "try { Read-SharedMemory '$N' -ErrorAction Stop } catch { `$_.FullyQualifiedErrorId + '|' + `$_.CategoryInfo.Category }"
        "$out" | Should -Be 'ShmPermissionDenied,PosixIpc.Commands.ReadSharedMemoryCommand|PermissionDenied'
        $open = "$N-open"
        $null = New-SharedMemory $open 100 -Mode 0644
        try {
            Write-SharedMemory $open -Value 'readable'
            $out = Invoke-AsOtherUser @"
Read-SharedMemory '$open'
try { Write-SharedMemory '$open' -Value 'nope' -ErrorAction Stop } catch { `$_.FullyQualifiedErrorId }
try { Remove-SharedMemory '$open' -ErrorAction Stop } catch { `$_.FullyQualifiedErrorId }
"@
            $out[0] | Should -Be 'readable'
            $out[1] | Should -Be 'ShmPermissionDenied,PosixIpc.Commands.WriteSharedMemoryCommand'
            $out[2] | Should -Be 'ShmPermissionDenied,PosixIpc.Commands.RemoveSharedMemoryCommand'
            Read-SharedMemory $open | Should -Be 'readable'
        }
        finally { Remove-SharedMemory $open }
    }
}
