# POSIX shared memory: the public PosixIpc.SharedMemory.SharedMemorySegment class of the built module
# (shm_open + mmap), with Python's multiprocessing.shared_memory as the peer in both directions.
# The cmdlets (New/Get/Remove/Write/Read-SharedMemory) and the semaphores are not built yet.

BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $script:Seg = [PosixIpc.SharedMemory.SharedMemorySegment]

    function New-TestShmName { "/shmtest-$([guid]::NewGuid().ToString('n').Substring(0, 12))" }

    function Get-IpcErrorId([scriptblock] $Action) {
        try { & $Action; 'no error' }
        catch {
            $e = $_.Exception
            while ($e -and $e -isnot [PosixIpc.PosixIpcException]) { $e = $e.InnerException }
            if ($e) { $e.ErrorId } else { $_.Exception.GetType().FullName }
        }
    }

    # Python 3.11's resource tracker unlinks segments a process opened when it exits; unregister them.
    $script:PyOpen = "from multiprocessing import shared_memory as m, resource_tracker as r; import sys; " +
        "x = m.SharedMemory(name=sys.argv[1], create=False); r.unregister(x._name, 'shared_memory'); "
}

AfterAll {
    Get-ChildItem /dev/shm -Filter 'shmtest-*' -ErrorAction Ignore | Remove-Item -ErrorAction Ignore
}

Describe 'SharedMemorySegment' {
    BeforeEach { $script:N = New-TestShmName }
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
            $again = $Seg::Create($N, 10, 0x180, $true)
            $again.Size | Should -Be 100
            $again.Dispose()
        } finally { $s.Dispose() }
        $Seg::Unlink($N)
        Get-IpcErrorId { $Seg::Open($N) } | Should -Be 'ShmNotFound'
        Get-IpcErrorId { $Seg::Unlink($N) } | Should -Be 'ShmNotFound'
    }
}
