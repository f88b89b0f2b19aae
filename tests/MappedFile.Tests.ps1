# Memory-mapped files: Read-, Write- and Search-MappedFile and the public PosixIpc.MappedFiles.MappedFile
# class of the built module, checked byte for byte against dd, Python and grep, across real processes.

BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $script:MissingPeers = Get-MissingPeer python3, dd
    $script:MF = [PosixIpc.MappedFiles.MappedFile]

    function New-TestFile([byte[]] $Bytes, [string] $Prefix = 'file') {
        $path = New-TestPath $Prefix
        [IO.File]::WriteAllBytes($path, $Bytes)
        $path
    }


    # What Python reads at an offset, as hex: the independent reader every byte-exact check uses.
    function Read-WithPython([string] $Path, [long] $Offset, [long] $Count) {
        $hex = & python3 -c "import sys; f = open(sys.argv[1], 'rb'); f.seek(int(sys.argv[2])); print(f.read(int(sys.argv[3])).hex().upper())" $Path $Offset $Count
        if ($LASTEXITCODE -ne 0) { throw "python3 could not read $Path" }
        $hex
    }

    # What dd reads at an offset, as bytes.
    function Read-WithDd([string] $Path, [long] $Offset, [long] $Count) {
        $out = New-TestPath dd
        & dd "if=$Path" "of=$out" bs=65536 iflag=skip_bytes,count_bytes "skip=$Offset" "count=$Count" status=none
        if ($LASTEXITCODE -ne 0) { throw "dd could not read $Path" }
        , [IO.File]::ReadAllBytes($out)
    }

    # Puts bytes into a file at an offset with dd, leaving the rest (and the size) as it was.
    function Write-WithDd([string] $Path, [long] $Offset, [byte[]] $Bytes) {
        $in = New-TestFile $Bytes 'marker'
        & dd "if=$in" "of=$Path" bs=65536 oflag=seek_bytes "seek=$Offset" conv=notrunc status=none
        if ($LASTEXITCODE -ne 0) { throw "dd could not write $Path" }
    }

    # The offsets of a pattern as Python finds them, without overlaps (each search starts after the last match).
    function Find-WithPython([string] $Path, [string] $HexPattern, [long] $Start = 0) {
        $code = "import sys, mmap; f = open(sys.argv[1], 'rb'); m = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ); " +
            "p = bytes.fromhex(sys.argv[2]); i = m.find(p, int(sys.argv[3]))`nwhile i >= 0:`n    print(i); i = m.find(p, i + len(p))"
        $out = & python3 -c $code $Path $HexPattern $Start
        if ($LASTEXITCODE -ne 0) { throw "python3 could not search $Path" }
        @($out | ForEach-Object { [long]$_ })
    }
}

AfterAll {
    Stop-StartedPeers
}

Describe 'Read-MappedFile' {
    BeforeEach { Skip-IfMissing $MissingPeers }
    BeforeAll {
        $script:content = New-RandomBytes (3MB + 123)
        $script:file = New-TestFile $content 'read'
    }

    It 'reads a range as bytes, byte-exact against Python and dd' {
        $r = Read-MappedFile $file -Offset 1000 -Count 5000 -AsByteStream
        $r.Path | Should -Be $file
        $r.Offset | Should -Be 1000
        $r.Length | Should -Be 5000
        [Convert]::ToHexString($r.Bytes) | Should -Be (Read-WithPython $file 1000 5000)
        Get-Sha256 $r.Bytes | Should -Be (Get-Sha256 (Read-WithDd $file 1000 5000))
    }

    It 'reads to the end when -Count is omitted, in chunks of -ChunkSize with their own offsets' {
        $chunks = @(Read-MappedFile $file -Offset 100 -AsByteStream -ChunkSize 1MB)
        $chunks.Count | Should -Be 4
        $chunks.Offset | Should -Be @(100, (100 + 1MB), (100 + 2MB), (100 + 3MB))
        $chunks[-1].Length | Should -Be 23
        $all = [byte[]]($chunks | ForEach-Object { $_.Bytes })
        Get-Sha256 $all | Should -Be (Get-Sha256 $content[100..($content.Length - 1)])
    }

    It 'decodes text with -Encoding and drops a byte order mark at offset 0' {
        $path = New-TestPath text
        [IO.File]::WriteAllText($path, "grüße`nzweite Zeile", [Text.UTF8Encoding]::new($true))
        $r = Read-MappedFile $path
        $r.Text | Should -Be "grüße`nzweite Zeile"
        $r.Encoding | Should -Be 'utf-8'
        $latin = New-TestPath latin
        [IO.File]::WriteAllBytes($latin, [Text.Encoding]::Latin1.GetBytes('abc é xyz'))
        (Read-MappedFile $latin -Offset 4 -Count 1 -Encoding latin1).Text | Should -Be 'é'
    }

    It 'resolves a relative path against the PowerShell location, and takes Get-ChildItem output' {
        Push-Location (Split-Path $file)
        try { (Read-MappedFile (Split-Path -Leaf $file) -Count 4 -AsByteStream).Bytes | Should -Be $content[0..3] }
        finally { Pop-Location }
        (Get-ChildItem $file | Read-MappedFile -Count 2 -AsByteStream).Path | Should -Be $file
        (Get-Item $file | Read-MappedFile -Offset 7 -Count 2 -AsByteStream).Bytes | Should -Be $content[7..8]
    }

    It 'expands wildcards, file by file' {
        $dir = New-TestPath glob
        New-Item -ItemType Directory $dir | Out-Null
        'one' | Set-Content -NoNewline "$dir/a.dat"
        'two' | Set-Content -NoNewline "$dir/b.dat"
        'no' | Set-Content -NoNewline "$dir/c.txt"
        (Read-MappedFile "$dir/*.dat").Text | Should -Be @('one', 'two')
        Search-MappedFile "$dir/*" -Text 'o' -CountOnly | ForEach-Object Count | Should -Be @(1, 1, 1)
    }

    It 'streams a range across several 64 MiB windows in odd-sized chunks, byte-exact against Python' {
        $path = New-TestPath windows
        & truncate -s 150M $path
        foreach ($at in 0, (64MB - 3000), 64MB, (128MB - 1), (150MB - 5000)) { Write-WithDd $path $at (New-RandomBytes 5000) }
        try {
            $sha = [Security.Cryptography.IncrementalHash]::CreateHash('SHA256')
            $next = 12345L
            Read-MappedFile $path -Offset 12345 -AsByteStream -ChunkSize 40961 | ForEach-Object {
                if ($_.Offset -ne $next) { throw "chunk at $($_.Offset), expected $next" }
                $next += $_.Length
                $sha.AppendData($_.Bytes)
            }
            $next | Should -Be 150MB
            $expected = & python3 -c "import sys, hashlib; f = open(sys.argv[1], 'rb'); f.seek(12345); print(hashlib.sha256(f.read()).hexdigest().upper())" $path
            [Convert]::ToHexString($sha.GetHashAndReset()) | Should -Be $expected
        } finally { Remove-Item -LiteralPath $path -Force }
    }

    Context 'a sparse file larger than 4 GiB' {
        BeforeAll {
            $script:big = New-TestPath big
            & truncate -s 5G $big
            $script:bigSize = 5GB
            $script:markers = @(
                @{ Where = 'start'; Offset = 0 }
                @{ Where = 'middle, across the 4 GiB boundary'; Offset = 4GB - 7 }
                @{ Where = 'middle, past 4 GiB'; Offset = 4GB + 123457 }
                @{ Where = 'end'; Offset = 5GB - 64 }
            )
            foreach ($m in $markers) { Write-WithDd $big $m.Offset (New-RandomBytes 64) }
        }
        AfterAll { Remove-Item -LiteralPath $big -Force -ErrorAction Ignore }

        It 'is 5 GiB and sparse' {
            (Get-Item $big).Length | Should -Be $bigSize
            [long](& du -k $big).Split("`t")[0] | Should -BeLessThan 1024
        }

        It 'reads the range at the <Where> byte-exact against dd and Python' -ForEach @(
            @{ Where = 'start'; Offset = 0; Count = 100 }
            @{ Where = 'middle, across the 4 GiB boundary'; Offset = 4GB - 20; Count = 100 }
            @{ Where = 'middle, past 4 GiB'; Offset = 4GB + 123400; Count = 200 }
            @{ Where = 'end'; Offset = 5GB - 100; Count = 100 }
        ) {
            $r = Read-MappedFile $big -Offset $Offset -Count $Count -AsByteStream
            $r.Length | Should -Be $Count
            [Convert]::ToHexString($r.Bytes) | Should -Be (Read-WithPython $big $Offset $Count)
            [Convert]::ToHexString($r.Bytes) | Should -Be ([Convert]::ToHexString((Read-WithDd $big $Offset $Count)))
            @($r.Bytes | Where-Object { $_ -ne 0 }).Count | Should -BeGreaterThan 0 -Because 'the range holds a random marker'
        }

        It 'reads the last bytes when -Count is omitted' {
            $r = Read-MappedFile $big -Offset (5GB - 64) -AsByteStream
            $r.Length | Should -Be 64
            [Convert]::ToHexString($r.Bytes) | Should -Be (Read-WithPython $big (5GB - 64) 64)
        }

        It 'reads and writes past 4 GiB through the MappedFile class' {
            $f = $MF::Open($big, $true)
            try {
                $f.Size | Should -Be $bigSize
                $f.WriteInt64(4GB + 4096, 0x0123456789ABCDEF)
                $f.ReadInt64(4GB + 4096) | Should -Be 0x0123456789ABCDEF
                [Convert]::ToHexString($f.Read(4GB - 7, 64)) | Should -Be (Read-WithPython $big (4GB - 7) 64)
            } finally { $f.Dispose() }
            Read-WithPython $big (4GB + 4096) 8 | Should -Be 'EFCDAB8967452301'
        }
    }

    Context 'bad input' {
        It 'reports a missing file as MappedFileNotFound' {
            $path = New-TestPath missing
            Read-MappedFile $path -ErrorAction SilentlyContinue -ErrorVariable err | Should -BeNullOrEmpty
            $err[0].FullyQualifiedErrorId | Should -Be 'MappedFileNotFound,PosixIpc.Commands.ReadMappedFileCommand'
            $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
            $err[0].TargetObject | Should -Be $path
            Get-IpcErrorId { $MF::Open($path) } | Should -Be 'MappedFileNotFound'
        }

        It 'refuses a directory with MappedFileNotRegular' {
            $dir = New-TestPath dir
            New-Item -ItemType Directory $dir | Out-Null
            Read-MappedFile $dir -ErrorAction SilentlyContinue -ErrorVariable err
            $err[0].FullyQualifiedErrorId | Should -Be 'MappedFileNotRegular,PosixIpc.Commands.ReadMappedFileCommand'
            $err[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
            $err[0].TargetObject | Should -Be $dir
            $err[0].Exception.Message | Should -BeLike '*is a directory*'
        }

        It 'refuses a FIFO with MappedFileNotRegular, without blocking on it (in a peer with a time limit)' {
            $fifo = New-TestPath fifo
            & mkfifo $fifo
            $r = Invoke-Peer -TimeoutSec 60 -Pwsh @"
Read-MappedFile '$fifo' -ErrorAction SilentlyContinue -ErrorVariable e; `$e[0].FullyQualifiedErrorId; `$e[0].CategoryInfo.Category
Search-MappedFile '$fifo' -Text x -ErrorAction SilentlyContinue -ErrorVariable e; `$e[0].FullyQualifiedErrorId
try { 'x' | Write-MappedFile '$fifo' } catch { `$_.FullyQualifiedErrorId }
"@
            $r.TimedOut | Should -BeFalse
            $r.StdOut.Trim() -split "`n" | ForEach-Object Trim | Should -Be @(
                'MappedFileNotRegular,PosixIpc.Commands.ReadMappedFileCommand', 'InvalidArgument'
                'MappedFileNotRegular,PosixIpc.Commands.SearchMappedFileCommand'
                'MappedFileNotRegular,PosixIpc.Commands.WriteMappedFileCommand')
        }

        It 'reports an empty file as MappedFileEmpty' {
            $path = New-TestFile ([byte[]]::new(0)) 'empty'
            Read-MappedFile $path -ErrorAction SilentlyContinue -ErrorVariable err
            $err[0].FullyQualifiedErrorId | Should -Be 'MappedFileEmpty,PosixIpc.Commands.ReadMappedFileCommand'
            $err[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
            $err[0].TargetObject | Should -Be $path
        }

        It 'refuses offset <Offset> with count <Label> with MappedFileOutOfRange and reads nothing' -ForEach @(
            @{ Offset = 3MB + 123; Count = $null; Label = 'omitted' }
            @{ Offset = 10GB; Count = 1; Label = '1' }
            @{ Offset = 3MB; Count = 124; Label = '124' }
            @{ Offset = 0; Count = 3MB + 124; Label = '3145852' }
        ) {
            $splat = @{ Offset = $Offset }
            if ($Count) { $splat.Count = $Count }
            $out = Read-MappedFile $file @splat -AsByteStream -ErrorAction SilentlyContinue -ErrorVariable err
            $out | Should -BeNullOrEmpty
            $err[0].FullyQualifiedErrorId | Should -Be 'MappedFileOutOfRange,PosixIpc.Commands.ReadMappedFileCommand'
            $err[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
            $err[0].TargetObject | Should -Be $file
            $err[0].Exception.Message | Should -BeLike "*$($content.Length) bytes*"
        }

        It 'rejects a negative offset or count before doing anything' {
            { Read-MappedFile $file -Offset -1 } | Should -Throw -ErrorId 'ParameterArgumentValidationError,PosixIpc.Commands.ReadMappedFileCommand'
            { Read-MappedFile $file -Count -5 } | Should -Throw -ErrorId 'ParameterArgumentValidationError,PosixIpc.Commands.ReadMappedFileCommand'
            $f = $MF::Open($file)
            try {
                Get-IpcErrorId { $f.Read(-1, 4) } | Should -Be 'MappedFileOutOfRange'
                Get-IpcErrorId { $f.Read(0, -4) } | Should -Be 'MappedFileOutOfRange'
                Get-IpcErrorId { $f.Read(3MB + 100, 24) } | Should -Be 'MappedFileOutOfRange'
            } finally { $f.Dispose() }
        }

        It 'reports a file it may not read as MappedFilePermissionDenied (as another user, on a 0600 file)' {
            $dir = New-TestPath perm
            New-Item -ItemType Directory $dir | Out-Null
            chmod 755 $dir
            $path = "$dir/private"
            [IO.File]::WriteAllBytes($path, (New-RandomBytes 100))
            chmod 600 $path
            $out = Invoke-AsOtherUser "Read-MappedFile '$path' -ErrorAction SilentlyContinue -ErrorVariable e; `$e[0].FullyQualifiedErrorId; `$e[0].CategoryInfo.Category; `$e[0].TargetObject"
            $out | Should -Be @('MappedFilePermissionDenied,PosixIpc.Commands.ReadMappedFileCommand', 'PermissionDenied', $path)
            # Readable but not writable: reading works, writing is refused.
            chmod 644 $path
            $out = Invoke-AsOtherUser "(Read-MappedFile '$path' -Count 3 -AsByteStream).Length; try { 'x' | Write-MappedFile '$path' } catch { `$_.FullyQualifiedErrorId }"
            $out | Should -Be @('3', 'MappedFilePermissionDenied,PosixIpc.Commands.WriteMappedFileCommand')
        }

        It 'refuses more than 256 MiB as text, and a search that starts past the end' {
            $path = New-TestPath huge
            & truncate -s 300M $path
            try {
                Read-MappedFile $path -ErrorAction SilentlyContinue -ErrorVariable err | Should -BeNullOrEmpty
                $err[0].FullyQualifiedErrorId | Should -Be 'MappedFileTextTooLarge,PosixIpc.Commands.ReadMappedFileCommand'
                $err[0].CategoryInfo.Category | Should -Be 'LimitsExceeded'
                (Read-MappedFile $path -Offset 299MB).Length | Should -Be 1MB
            } finally { Remove-Item -LiteralPath $path -Force }
            Search-MappedFile $file -Text 'x' -Offset 4MB -ErrorAction SilentlyContinue -ErrorVariable err
            $err[0].FullyQualifiedErrorId | Should -Be 'MappedFileOutOfRange,PosixIpc.Commands.SearchMappedFileCommand'
        }

        It 'goes on with the next path after a failed one' {
            $missing = New-TestPath missing
            $out = Read-MappedFile $missing, $file -Count 1 -AsByteStream -ErrorAction SilentlyContinue -ErrorVariable err
            $out.Path | Should -Be $file
            $err.Count | Should -Be 1
        }
    }
}

Describe 'Write-MappedFile' {
    BeforeEach {
        Skip-IfMissing $MissingPeers
        $script:original = New-RandomBytes 1MB
        $script:file = New-TestFile $original 'write'
    }

    It 'writes bytes in place, byte-exact as Python reads them, and leaves the rest alone' {
        $data = New-RandomBytes 100KB
        Write-MappedFile $file -Offset 1000 -Value $data
        Read-WithPython $file 1000 100KB | Should -Be ([Convert]::ToHexString($data))
        (Get-Item $file).Length | Should -Be 1MB
        $now = [IO.File]::ReadAllBytes($file)
        Get-Sha256 $now[0..999] | Should -Be (Get-Sha256 $original[0..999])
        Get-Sha256 $now[(1000 + 100KB)..(1MB - 1)] | Should -Be (Get-Sha256 $original[(1000 + 100KB)..(1MB - 1)])
    }

    It 'writes pipeline input consecutively from -Offset: text, byte[] and unrolled bytes' {
        $r = 'ab', 'cd', [byte[]](1, 2, 3), 'é' | Write-MappedFile $file -Offset 10 -PassThru
        Read-WithPython $file 10 9 | Should -Be ('6162' + '6364' + '010203' + 'C3A9')
        $r.Offset | Should -Be 10
        $r.Length | Should -Be 9
        $r.Items | Should -Be 4
        $r.FileSize | Should -Be 1MB
        $bytes = New-RandomBytes 200KB
        $bytes | Write-MappedFile $file -Offset 5000 -AsByteStream
        Read-WithPython $file 5000 200KB | Should -Be ([Convert]::ToHexString($bytes))
        'ü' | Write-MappedFile $file -Offset 0 -Encoding latin1
        Read-WithPython $file 0 1 | Should -Be 'FC'
    }

    It 'writes many small items one after another, growing the file with -Extend, as Python reads them' {
        $empty = New-TestFile ([byte[]]::new(0)) 'lines'
        $lines = 1..20000 | ForEach-Object { "line $_`n" }
        $r = $lines | Write-MappedFile $empty -Extend -PassThru
        $expected = [Text.Encoding]::ASCII.GetBytes(-join $lines)
        $r.Items | Should -Be 20000
        $r.Length | Should -Be $expected.Length
        $r.FileSize | Should -Be $expected.Length
        $py = & python3 -c "import sys, hashlib; print(hashlib.sha256(open(sys.argv[1], 'rb').read()).hexdigest().upper())" $empty
        $py | Should -Be (Get-Sha256 $expected)
    }

    It 'refuses to write past the end without -Extend, and leaves the file unchanged' {
        $before = Get-Sha256 ([IO.File]::ReadAllBytes($file))
        { 'xyz' | Write-MappedFile $file -Offset (1MB - 2) } | Should -Throw -ErrorId 'MappedFileOutOfRange,PosixIpc.Commands.WriteMappedFileCommand'
        { Write-MappedFile $file -Offset 2MB -Value 'a' } | Should -Throw -ErrorId 'MappedFileOutOfRange,PosixIpc.Commands.WriteMappedFileCommand'
        try { 'xyz' | Write-MappedFile $file -Offset (1MB - 2) } catch { $e = $_ }
        $e.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $e.TargetObject | Should -Be $file
        $e.Exception.Message | Should -BeLike '*-Extend*unchanged*'
        (Get-Item $file).Length | Should -Be 1MB
        Get-Sha256 ([IO.File]::ReadAllBytes($file)) | Should -Be $before
    }

    It 'stops at the first item that would not fit, saying how much was written before it' {
        $small = New-TestFile ([Text.Encoding]::ASCII.GetBytes('.....')) 'small'
        $err = $null
        try { 'ab', 'cd', 'ef' | Write-MappedFile $small } catch { $err = $_ }
        $err.FullyQualifiedErrorId | Should -Be 'MappedFileOutOfRange,PosixIpc.Commands.WriteMappedFileCommand'
        $err.Exception.Message | Should -BeLike '*The 4 bytes before it, from offset 0, were written.'
        Get-Content -Raw $small | Should -Be 'abcd.'
    }

    It 'grows the file with -Extend, never shrinks it, and syncs with -Flush' {
        $r = 'tail' | Write-MappedFile $file -Offset (2MB) -Extend -Flush -PassThru
        $r.FileSize | Should -Be (2MB + 4)
        $r.Flushed | Should -BeTrue
        (Get-Item $file).Length | Should -Be (2MB + 4)
        Read-WithPython $file (2MB) 4 | Should -Be '7461696C'
        Read-WithPython $file (1MB) 16 | Should -Be ('00' * 16)
        'x' | Write-MappedFile $file -Offset 0 -Extend
        (Get-Item $file).Length | Should -Be (2MB + 4)
        $empty = New-TestFile ([byte[]]::new(0)) 'grow'
        'alpha', 'beta' | Write-MappedFile $empty -Extend
        Get-Content -Raw $empty | Should -Be 'alphabeta'
    }

    It 'writes nothing with -WhatIf' {
        $before = Get-Sha256 ([IO.File]::ReadAllBytes($file))
        'abc' | Write-MappedFile $file -WhatIf
        Write-MappedFile $file -Value 'x' -Offset 5MB -Extend -WhatIf
        Get-Sha256 ([IO.File]::ReadAllBytes($file)) | Should -Be $before
    }

    It 'refuses a missing file (it creates nothing) and skips items that are not bytes with -AsByteStream' {
        $missing = New-TestPath missing
        { 'a' | Write-MappedFile $missing -Extend } | Should -Throw -ErrorId 'MappedFileNotFound,PosixIpc.Commands.WriteMappedFileCommand'
        Test-Path $missing | Should -BeFalse
        65, 'text', 66 | Write-MappedFile $file -AsByteStream -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].FullyQualifiedErrorId | Should -Be 'NotBytes,PosixIpc.Commands.WriteMappedFileCommand'
        Read-WithPython $file 0 2 | Should -Be '4142'
    }
}

Describe 'Write-MappedFile on a full file system' {
    BeforeAll {
        $script:Full = New-FullTmpfs -Files @{ small = 'hi'; sparse = 64KB }
    }

    AfterAll {
        Remove-FullTmpfs $Full
    }

    It '-Extend reserves the space first: MappedFileNoSpace (LimitsExceeded, the path as target), and the file is unchanged' {
        $small = Join-Path $Full 'small'
        try { 'x' * 20000 | Write-MappedFile $small -Extend } catch { $e = $_ }
        $e.FullyQualifiedErrorId | Should -Be 'MappedFileNoSpace,PosixIpc.Commands.WriteMappedFileCommand'
        $e.CategoryInfo.Category | Should -Be 'LimitsExceeded'
        $e.TargetObject | Should -Be $small
        $e.Exception.Message | Should -BeLike '*fallocate() failed with ENOSPC*free some space*'
        Get-Content -Raw $small | Should -Be 'hi'
    }

    It 'a write into a hole of a sparse file is MappedFileNoSpace with the offset it reached, and the hole still reads as zeros' {
        $sparse = Join-Path $Full 'sparse'
        try { Write-MappedFile $sparse -Offset 5000 -Value ([byte[]](1..200)) } catch { $e = $_ }
        $e.FullyQualifiedErrorId | Should -Be 'MappedFileNoSpace,PosixIpc.Commands.WriteMappedFileCommand'
        $e.TargetObject | Should -Be $sparse
        $e.Exception.Message | Should -BeLike '*stopped at offset 5000, a hole*'
        $f = $MF::Open($sparse, $true)
        try {
            Get-IpcErrorId { $f.WriteInt64(32KB, 7) } | Should -Be 'MappedFileNoSpace'
            @($f.Read(0, 64KB) | Where-Object { $_ }).Count | Should -Be 0
        } finally { $f.Dispose() }
        (Search-MappedFile $sparse -Pattern 0 -Count).Count | Should -Be 64KB
    }

    It '-Extend past a gap leaves the gap a hole (only the written bytes take space)' {
        $path = New-TestFile ([byte[]]::new(4096)) 'gap'
        'tail' | Write-MappedFile $path -Offset 100MB -Extend
        (Get-Item $path).Length | Should -Be (100MB + 4)
        [long](& stat -c '%b' $path) * 512 | Should -BeLessThan 1MB
        Read-WithPython $path 100MB 4 | Should -Be '7461696C'
    }
}

Describe 'MappedFile lifetime' {
    It 'unmaps the window of a MappedFile whose Dispose was forgotten, once it is collected' {
        $path = New-TestFile ([byte[]]::new(1MB)) 'forgotten'
        $r = Invoke-Peer -Pwsh @"
function Use-AndForget { `$f = [PosixIpc.MappedFiles.MappedFile]::Open('$path', `$true); `$f.WriteInt64(0, 1) }
Use-AndForget
`$before = @(Get-Content /proc/self/maps | Where-Object { `$_.EndsWith('$path') }).Count
for (`$i = 0; `$i -lt 5; `$i++) { [GC]::Collect(); [GC]::WaitForPendingFinalizers() }
`$after = @(Get-Content /proc/self/maps | Where-Object { `$_.EndsWith('$path') }).Count
"mapped before `$before after `$after"
"@
        $r.ExitCode | Should -Be 0 -Because $r.StdErr
        $r.StdOut.Trim() | Should -Be 'mapped before 1 after 0'
    }
}

Describe 'Search-MappedFile' {
    BeforeEach { Skip-IfMissing $MissingPeers }
    BeforeAll {
        # Random lowercase text with the word in chosen places, once per line at most.
        $sb = [Text.StringBuilder]::new()
        for ($i = 0; $i -lt 20000; $i++) {
            $line = -join (1..40 | ForEach-Object { [char](97 + $TestRandom.Next(0, 20)) })   # a..t: no 'x', 'y', 'z'
            if ($i % 7 -eq 3) { $line = $line.Insert($TestRandom.Next(0, 40), 'xyzzy') }
            $null = $sb.Append($line).Append("`n")
        }
        $script:textFile = New-TestPath search
        [IO.File]::WriteAllText($textFile, $sb.ToString())
        $script:expected = Find-WithPython $textFile ([Convert]::ToHexString([Text.Encoding]::ASCII.GetBytes('xyzzy')))
    }

    It 'finds the same offsets as Python and grep -ob' {
        $expected.Count | Should -Be 2857
        $found = Search-MappedFile $textFile -Text 'xyzzy'
        $found.Offset | Should -Be $expected
        $found[0].Path | Should -Be $textFile
        $found[0].Length | Should -Be 5
        $grep = & grep -obaF 'xyzzy' $textFile | ForEach-Object { [long]($_ -split ':')[0] }
        $found.Offset | Should -Be $grep
    }

    It 'counts like grep -c when the pattern is at most once per line' {
        $n = Search-MappedFile $textFile -Text 'xyzzy' -CountOnly
        $n.Count | Should -Be ([long](& grep -c 'xyzzy' $textFile))
        $n.Scanned | Should -Be (Get-Item $textFile).Length
    }

    It 'honours -First, -Offset and a byte -Pattern' {
        (Search-MappedFile $textFile -Text 'xyzzy' -First 3).Offset | Should -Be $expected[0..2]
        (Search-MappedFile $textFile -Text 'xyzzy' -Offset ($expected[10] + 1) -First 1).Offset | Should -Be $expected[11]
        (Search-MappedFile $textFile -Text 'xyzzy' -First 5 -CountOnly).Count | Should -Be 5
        (Search-MappedFile $textFile -Pattern ([byte[]](0x78, 0x79, 0x7A)) -CountOnly).Count | Should -Be $expected.Count
        @(Search-MappedFile $textFile -Text 'not here').Count | Should -Be 0
    }

    It 'reports matches without overlaps, as Python and grep -o do' {
        $path = New-TestFile ([Text.Encoding]::ASCII.GetBytes('aaaaaaa')) 'overlap'
        (Search-MappedFile $path -Text 'aa').Offset | Should -Be @(0, 2, 4)
        Find-WithPython $path '6161' | Should -Be @(0, 2, 4)
    }

    It 'finds a match that straddles the 64 MiB window boundary, and at both ends' {
        $path = New-TestPath straddle
        & truncate -s 70M $path
        $needle = [Text.Encoding]::ASCII.GetBytes('NEEDLE-0123456789')
        foreach ($at in 0, (64MB - 8), (70MB - $needle.Length)) { Write-WithDd $path $at $needle }
        try {
            $found = (Search-MappedFile $path -Pattern $needle).Offset
            $found | Should -Be @(0, (64MB - 8), (70MB - $needle.Length))
            Find-WithPython $path ([Convert]::ToHexString($needle)) | Should -Be $found
            (Search-MappedFile $path -Text 'NEEDLE-0123456789' -Offset 1 -CountOnly).Count | Should -Be 2
            $f = $MF::Open($path)
            try { @($f.Search($needle, 0)) | Should -Be $found; $f.Count($needle, 0) | Should -Be 3 } finally { $f.Dispose() }
        } finally { Remove-Item -LiteralPath $path -Force }
    }

    It 'finds what Python finds with small windows, matches straddling every boundary included' {
        $bytes = New-RandomBytes 7MB
        $needle = [Text.Encoding]::ASCII.GetBytes('<<needle>>')
        # Windows of 2 MiB: the first covers [0, 2 MiB), each next one starts pattern length - 1 bytes early.
        $at = @(5, (2MB - 5), (4MB - 14), (6MB - 20), (7MB - 10))
        foreach ($a in $at) { [Array]::Copy($needle, 0, $bytes, $a, $needle.Length) }
        $path = New-TestFile $bytes 'windows'
        $f = $MF::Open($path)
        try {
            $f.WindowSize = 2MB
            $found = @($f.Search($needle, 0))
            $found | Should -Be (Find-WithPython $path ([Convert]::ToHexString($needle)))
            $at | ForEach-Object { $found | Should -Contain $_ }
            $f.Count($needle, 0) | Should -Be $found.Count
        } finally { $f.Dispose() }
    }

    It 'pipes its matches into Read-MappedFile (Path and Offset by property name)' {
        $texts = Search-MappedFile $textFile -Text 'xyzzy' -First 2 | Read-MappedFile -Count 5
        $texts.Text | Should -Be @('xyzzy', 'xyzzy')
        $texts.Offset | Should -Be $expected[0..1]
    }

    It 'stops a long search promptly on Ctrl+C' {
        $path = New-TestPath long
        & truncate -s 256M $path
        try {
            $r = Invoke-Stoppable -Script "Search-MappedFile -Path (@('$path') * 200) -Text 'absent' -CountOnly" -DelayMs 1500
            $r.CompletedBeforeStop | Should -BeFalse
            $r.StopSeconds | Should -BeLessThan 2
            $r.State | Should -Be 'Stopped'
        } finally { Remove-Item -LiteralPath $path -Force }
    }
}

Describe 'A file mapped by two processes' {
    BeforeEach { Skip-IfMissing $MissingPeers }
    It 'shows this process what a peer pwsh writes with Write-MappedFile, without reopening' {
        $path = New-TestFile ([byte[]]::new(8192)) 'shared'
        $f = $MF::Open($path)
        try {
            $f.ReadInt64(4096) | Should -Be 0
            $r = Invoke-Peer -Pwsh "Write-MappedFile '$path' -Offset 4096 -Value ([BitConverter]::GetBytes([long]4242)); 'hello from the peer' | Write-MappedFile '$path' -Offset 100"
            $r.ExitCode | Should -Be 0 -Because $r.StdErr
            $f.ReadInt64(4096) | Should -Be 4242
            [Text.Encoding]::UTF8.GetString($f.Read(100, 19)) | Should -Be 'hello from the peer'
        } finally { $f.Dispose() }
    }

    It 'shows a peer pwsh, which keeps the file mapped, what this process writes through its own mapping' {
        $path = New-TestFile ([byte[]]::new(4096)) 'shared'
        $ready = New-TestPath ready
        $peer = Start-Peer -Pwsh @"
`$f = [PosixIpc.MappedFiles.MappedFile]::Open('$path')
`$null = `$f.ReadInt64(64)
Set-Content '$ready' 'mapped'
`$sw = [Diagnostics.Stopwatch]::StartNew()
while (`$f.ReadInt64(64) -eq 0 -and `$sw.Elapsed.TotalSeconds -lt 30) { Start-Sleep -Milliseconds 10 }
"value `$(`$f.ReadInt64(64)) text `$([Text.Encoding]::UTF8.GetString(`$f.Read(200, 5)))"
`$f.Dispose()
"@
        Wait-Until { Test-Path $ready } -TimeoutSec 30 | Should -BeTrue
        $w = $MF::Open($path, $true)
        try {
            $w.Write(200, [Text.Encoding]::UTF8.GetBytes('mmap!'))
            $w.WriteInt64(64, 777)
        } finally { $w.Dispose() }
        $r = $peer | Wait-Peer -TimeoutSec 60
        $r.ExitCode | Should -Be 0 -Because $r.StdErr
        $r.StdOut.Trim() | Should -Be 'value 777 text mmap!'
    }

    It 'reports a file that another process truncated while it was mapped as MappedFileTruncated, and pwsh lives on' {
        $path = New-TestFile (New-RandomBytes 8MB) 'truncated'
        $f = $MF::Open($path)
        try {
            $head = $f.Read(0, 16)
            $f.Read(6MB, 16).Length | Should -Be 16
            & python3 -c "import os, sys; os.truncate(sys.argv[1], 4096)" $path
            $LASTEXITCODE | Should -Be 0
            Get-IpcErrorId { $f.Read(6MB, 16) } | Should -Be 'MappedFileTruncated'
            Get-IpcErrorId { $null = $f.Count([byte[]](1, 2, 3), 4000) } | Should -Be 'no error'
            $f.Read(0, 16) | Should -Be $head
            $f.Size | Should -Be 4096
            & truncate -s 0 $path
            Get-IpcErrorId { $f.Read(0, 16) } | Should -Be 'MappedFileTruncated'
            $f.Size | Should -Be 0
        } finally { $f.Dispose() }
        # A fresh command sees the file as it is now.
        Read-MappedFile $path -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].FullyQualifiedErrorId | Should -Be 'MappedFileEmpty,PosixIpc.Commands.ReadMappedFileCommand'
    }
}

Describe 'Tab completion' {
    BeforeEach { Skip-IfMissing $MissingPeers }
    It 'completes -Encoding of <Name>' -ForEach @(@{ Name = 'Read-MappedFile' }, @{ Name = 'Write-MappedFile' }, @{ Name = 'Search-MappedFile' }) {
        $line = "$Name ./x -Encoding utf8"
        $completions = (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText
        $completions | Should -Contain 'utf8BOM'
        $completions | Should -Contain 'utf8NoBOM'
    }
}
