# Named pipes (FIFOs): New/Get/Remove/Write/Read-IpcFifo against the built module, across real processes.

BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
}

AfterAll {
    Stop-StartedPeers
}

Describe 'New-IpcFifo' {
    It 'creates a real FIFO, owner-only by default' {
        $path = New-TestPath fifo
        $fifo = New-IpcFifo -Path $path
        $fifo.Path | Should -Be $path
        $fifo.Permissions | Should -Be 'prw-------'
        $fifo.OctalMode | Should -Be '0600'
        $fifo.Owner | Should -Be (id -un)
        $fifo.Group | Should -Be (id -gn)
        stat -c '%F %a' $path | Should -Be 'fifo 600'
    }

    It 'sets -Mode exactly, whatever the umask would take away (<Mode>)' -ForEach @(
        @{ Mode = '0666'; Expected = '666' }
        @{ Mode = 640; Expected = '640' }
        @{ Mode = [System.IO.UnixFileMode]'UserRead, UserWrite, GroupRead, OtherRead'; Expected = '644' }
    ) {
        $path = New-TestPath fifo
        New-IpcFifo -Path $path -Mode $Mode | Out-Null
        stat -c '%a' $path | Should -Be $Expected
    }

    It 'creates several FIFOs, resolving relative paths against the PowerShell location' {
        $dir = New-TestPath dir
        New-Item -ItemType Directory -Path $dir | Out-Null
        Push-Location $dir
        try {
            [Environment]::CurrentDirectory | Should -Not -Be $dir
            $made = New-IpcFifo -Path 'one', 'two'
        }
        finally { Pop-Location }
        $made.Path | Should -Be @("$dir/one", "$dir/two")
        test -p "$dir/one"; $LASTEXITCODE | Should -Be 0
        test -p "$dir/two"; $LASTEXITCODE | Should -Be 0
    }

    It 'refuses an existing FIFO with FifoExists, and reuses it with -Force' {
        $path = New-TestPath fifo
        New-IpcFifo $path | Out-Null
        { New-IpcFifo $path -ErrorAction Stop } | Should -Throw -ErrorId 'FifoExists,PosixIpc.Commands.NewIpcFifoCommand'
        $err = $null
        New-IpcFifo $path -ErrorAction SilentlyContinue -ErrorVariable err | Out-Null
        $err[0].CategoryInfo.Category | Should -Be 'ResourceExists'
        $err[0].TargetObject | Should -Be $path
        (New-IpcFifo $path -Force).Path | Should -Be $path
    }

    It 'warns when -Force reuses a FIFO whose mode differs from -Mode, and keeps its mode' {
        $path = New-TestPath fifo
        New-IpcFifo $path | Out-Null
        $warnings = $null
        $fifo = New-IpcFifo $path -Force -Mode 0660 -WarningVariable warnings -WarningAction SilentlyContinue
        $fifo.OctalMode | Should -Be '0600'
        $warnings | Should -HaveCount 1
        "$warnings" | Should -BeLike '*0600*0660*'
    }

    It 'never replaces a regular file, even with -Force' {
        $path = New-TestPath file
        Set-Content -Path $path -Value 'precious'
        { New-IpcFifo $path -Force -ErrorAction Stop } | Should -Throw -ErrorId 'FifoPathTaken,PosixIpc.Commands.NewIpcFifoCommand'
        Get-Content -Path $path | Should -Be 'precious'
    }

    It 'reports a missing directory as FifoParentNotFound' {
        $path = Join-Path (New-TestPath missing) 'fifo'
        $err = $null
        New-IpcFifo $path -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].FullyQualifiedErrorId | Should -Be 'FifoParentNotFound,PosixIpc.Commands.NewIpcFifoCommand'
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $err[0].Exception.Message | Should -BeLike '*does not exist*'
    }

    It 'creates nothing with -WhatIf' {
        $path = New-TestPath fifo
        New-IpcFifo $path -WhatIf
        Test-Path $path | Should -BeFalse
    }

    It 'rejects a mode that is not one (<Mode>)' -ForEach @(@{ Mode = 'rwx' }, @{ Mode = '0999' }, @{ Mode = 8 }, @{ Mode = '17777' }) {
        { New-IpcFifo (New-TestPath fifo) -Mode $Mode } | Should -Throw -ErrorId 'ParameterArgumentTransformationError,PosixIpc.Commands.NewIpcFifoCommand'
    }
}

Describe 'Get-IpcFifo' {
    BeforeAll {
        $script:dir = New-TestPath list
        New-Item -ItemType Directory -Path $dir, "$dir/sub" | Out-Null
        mkfifo "$dir/made-by-mkfifo"
        New-IpcFifo "$dir/a.fifo", "$dir/sub/b.fifo" | Out-Null
        Set-Content "$dir/plain.txt" 'x'
    }

    It 'lists the FIFOs in a directory, including those made by mkfifo, and nothing else' {
        (Get-IpcFifo $dir).Name | Should -Be @('a.fifo', 'made-by-mkfifo')
    }

    It 'descends with -Recurse' {
        (Get-IpcFifo $dir -Recurse).Path | Should -Contain "$dir/sub/b.fifo"
    }

    It 'takes wildcards, and looks into a directory a wildcard matched only with -Recurse' {
        (Get-IpcFifo "$dir/*.fifo").Name | Should -Be 'a.fifo'
        (Get-IpcFifo "$dir/*").Name | Should -Be @('a.fifo', 'made-by-mkfifo')
        (Get-IpcFifo "$dir/s*" -Recurse).Name | Should -Be 'b.fifo'
    }

    It 'defaults to the current location' {
        Push-Location $dir
        try { (Get-IpcFifo).Count | Should -Be 2 } finally { Pop-Location }
    }

    It 'reports a named regular file as NotAFifo and a missing path as FifoNotFound' {
        $err = $null
        Get-IpcFifo "$dir/plain.txt", "$dir/nothing" -ErrorAction SilentlyContinue -ErrorVariable err
        $err.FullyQualifiedErrorId | Should -Be @('NotAFifo,PosixIpc.Commands.GetIpcFifoCommand', 'FifoNotFound,PosixIpc.Commands.GetIpcFifoCommand')
        $err[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
    }

    It 'shows a table view' {
        $text = Get-IpcFifo $dir | Out-String
        $text | Should -Match 'Permissions\s+Owner\s+Group'
        $text | Should -Match 'prw-------'
    }
}

Describe 'Remove-IpcFifo' {
    It 'removes a FIFO, and takes Get-IpcFifo output from the pipeline' {
        $dir = New-TestPath rm
        New-Item -ItemType Directory $dir | Out-Null
        New-IpcFifo "$dir/1", "$dir/2" | Out-Null
        $removed = Get-IpcFifo $dir | Remove-IpcFifo -PassThru
        $removed.Name | Should -Be @('1', '2')
        Get-ChildItem $dir | Should -BeNullOrEmpty
    }

    It 'refuses a regular file, which survives (NotAFifo)' {
        $path = New-TestPath file
        Set-Content $path 'keep me'
        { Remove-IpcFifo $path -ErrorAction Stop } | Should -Throw -ErrorId 'NotAFifo,PosixIpc.Commands.RemoveIpcFifoCommand'
        Get-Content $path | Should -Be 'keep me'
    }

    It 'removes only the FIFOs among what a wildcard matches' {
        $dir = New-TestPath rmwild
        New-Item -ItemType Directory $dir | Out-Null
        New-IpcFifo "$dir/x.fifo" | Out-Null
        Set-Content "$dir/x.txt" 'stay'
        $err = $null
        Remove-IpcFifo "$dir/x.*" -ErrorVariable err
        $err | Should -BeNullOrEmpty
        (Get-ChildItem $dir).Name | Should -Be 'x.txt'
    }

    It 'refuses a symbolic link, even to a FIFO, and leaves both' {
        $target = New-TestPath fifo
        New-IpcFifo $target | Out-Null
        $link = New-TestPath link
        ln -s $target $link
        { Remove-IpcFifo $link -ErrorAction Stop } | Should -Throw -ErrorId 'NotAFifo,PosixIpc.Commands.RemoveIpcFifoCommand'
        test -L $link; $LASTEXITCODE | Should -Be 0
        test -p $target; $LASTEXITCODE | Should -Be 0
    }

    It 'removes nothing with -WhatIf' {
        $path = New-TestPath fifo
        New-IpcFifo $path | Out-Null
        Remove-IpcFifo $path -WhatIf
        test -p $path; $LASTEXITCODE | Should -Be 0
    }

    It 'reports a missing FIFO as FifoNotFound' {
        { Remove-IpcFifo (New-TestPath none) -ErrorAction Stop } | Should -Throw -ErrorId 'FifoNotFound,PosixIpc.Commands.RemoveIpcFifoCommand'
    }
}

Describe 'Write-IpcFifo and Read-IpcFifo between processes' {
    BeforeEach {
        $script:fifo = New-TestPath fifo
        New-IpcFifo $fifo | Out-Null
    }

    It 'carries lines from a pwsh writer process to a pwsh reader' {
        $writer = Start-Peer -Pwsh "1..500 | ForEach-Object { ""line `$_"" } | Write-IpcFifo '$fifo' -TimeoutSec 30"
        $lines = Read-IpcFifo $fifo -TimeoutSec 30
        ($writer | Wait-Peer).ExitCode | Should -Be 0
        $lines.Count | Should -Be 500
        $lines[0] | Should -Be 'line 1'
        $lines[-1] | Should -Be 'line 500'
    }

    It 'carries lines from a pwsh writer to a pwsh reader process' {
        $reader = Start-Peer -Pwsh "Read-IpcFifo '$fifo' -TimeoutSec 30 | ForEach-Object { `$_.ToUpper() }"
        'alpha', 'beta', 'gamma' | Write-IpcFifo $fifo -TimeoutSec 30
        $result = $reader | Wait-Peer
        $result.ExitCode | Should -Be 0
        $result.StdOut.Trim() -split "`n" | Should -Be @('ALPHA', 'BETA', 'GAMMA')
    }

    It 'emits lines as they arrive, before a slow writer ends' {
        $writer = Start-Peer bash '-c', "{ echo first; sleep 4; echo second; } > '$fifo'"
        $sw = [System.Diagnostics.Stopwatch]::StartNew()
        $first = Read-IpcFifo $fifo -Count 1 -TimeoutSec 20
        $sw.Stop()
        $first | Should -Be 'first'
        $sw.Elapsed.TotalSeconds | Should -BeLessThan 3.5
        # What -Count did not take stays in the FIFO for the next reader.
        Read-IpcFifo $fifo -TimeoutSec 20 | Should -Be 'second'
        ($writer | Wait-Peer).ExitCode | Should -Be 0
    }

    It 'leaves the lines after -Count in the FIFO' {
        # cat hands over all three lines in one write(2), so they are in the pipe before the first reader leaves.
        $lines = New-TestPath lines
        Set-Content $lines 'a', 'b', 'c'
        $writer = Start-Peer bash '-c', "{ cat '$lines'; sleep 3; } > '$fifo'"
        Read-IpcFifo $fifo -Count 1 -TimeoutSec 20 | Should -Be 'a'
        Read-IpcFifo $fifo -TimeoutSec 20 | Should -Be @('b', 'c')
        ($writer | Wait-Peer).ExitCode | Should -Be 0
    }

    It 'sends binary data byte-exact to coreutils cat' {
        $bytes = New-RandomBytes (3MB + 17)
        $out = New-TestPath out
        $cat = Start-Peer bash '-c', "cat '$fifo' > '$out'"
        $result = Write-IpcFifo $fifo -Value $bytes -AsByteStream -PassThru -TimeoutSec 30
        ($cat | Wait-Peer).ExitCode | Should -Be 0
        $result.Bytes | Should -Be $bytes.Length
        $result.Items | Should -Be 1
        Get-Sha256 ([IO.File]::ReadAllBytes($out)) | Should -Be (Get-Sha256 $bytes)
    }

    It 'sends bytes that PowerShell unrolled into the pipeline byte-exact, gathered into blocks' {
        $bytes = New-RandomBytes 200KB
        $out = New-TestPath out
        $cat = Start-Peer bash '-c', "cat '$fifo' > '$out'"
        $result = $bytes | Write-IpcFifo $fifo -AsByteStream -PassThru -TimeoutSec 30
        ($cat | Wait-Peer).ExitCode | Should -Be 0
        $result.Items | Should -Be $bytes.Length
        Get-Sha256 ([IO.File]::ReadAllBytes($out)) | Should -Be (Get-Sha256 $bytes)
    }

    It 'receives binary data byte-exact from coreutils cat, as byte[] chunks or -Raw' {
        $bytes = New-RandomBytes (2MB + 5)
        $in = New-TestPath in
        [IO.File]::WriteAllBytes($in, $bytes)
        $cat = Start-Peer bash '-c', "cat '$in' > '$fifo'"
        $raw = Read-IpcFifo $fifo -AsByteStream -Raw -TimeoutSec 30
        ($cat | Wait-Peer).ExitCode | Should -Be 0
        $raw.GetType() | Should -Be ([byte[]])
        Get-Sha256 $raw | Should -Be (Get-Sha256 $bytes)

        $cat = Start-Peer bash '-c', "cat '$in' > '$fifo'"
        $chunks = @(Read-IpcFifo $fifo -AsByteStream -TimeoutSec 30)
        ($cat | Wait-Peer).ExitCode | Should -Be 0
        $chunks.Count | Should -BeGreaterThan 0
        $chunks | ForEach-Object { $_.GetType() | Should -Be ([byte[]]) }
        $all = [byte[]]::new($bytes.Length)
        $at = 0
        foreach ($c in $chunks) { [Array]::Copy($c, 0, $all, $at, $c.Length); $at += $c.Length }
        $at | Should -Be $bytes.Length
        Get-Sha256 $all | Should -Be (Get-Sha256 $bytes)
    }

    It 'reads -Count lines about as fast as all of them, and leaves the lines after them in the FIFO' {
        # -Count looks at what the FIFO holds with tee(2) instead of reading one byte at a time.
        $null = Start-Peer bash '-c', "seq 1 1000 > '$fifo'"; $null = Read-IpcFifo $fifo -TimeoutSec 20
        $null = Start-Peer bash '-c', "seq 1 1000 > '$fifo'"; $null = Read-IpcFifo $fifo -Count 1000 -TimeoutSec 20
        # The writer puts all of it in the pipe at once (a 1 MiB pipe, one write): a write landing between
        # the two readers below, when the FIFO has none, would fail with EPIPE in the writer and lose the rest.
        if (Get-MissingPeer python3) { Set-ItResult -Skipped -Because 'it needs python3 (build.ps1 Test installs it as root)'; return }
        $write60000 = "import fcntl, os, sys, time`nfd = os.open(sys.argv[1], os.O_WRONLY)`nfcntl.fcntl(fd, 1031, 1048576)`nos.write(fd, ''.join('%d\n' % i for i in range(1, 60001)).encode())`ntime.sleep(float(sys.argv[2]))"
        $writer = Start-Peer python3 '-c', $write60000, $fifo, 0
        $all = Measure-Command { $script:everything = @(Read-IpcFifo $fifo -TimeoutSec 30) }
        $writer | Wait-Peer | Out-Null
        $everything.Count | Should -Be 60000
        $writer = Start-Peer python3 '-c', $write60000, $fifo, 1
        $counted = Measure-Command { $script:first = @(Read-IpcFifo $fifo -Count 50000 -TimeoutSec 30) }
        $rest = @(Read-IpcFifo $fifo -TimeoutSec 30)
        $writer | Wait-Peer | Out-Null
        $first.Count | Should -Be 50000
        $first[-1] | Should -Be '50000'
        $rest.Count | Should -Be 10000
        $rest[0] | Should -Be '50001'
        $counted.TotalSeconds | Should -BeLessThan (3 * $all.TotalSeconds) -Because "-Count took $($counted.TotalSeconds) s for 50,000 lines, all 60,000 took $($all.TotalSeconds) s"
    }

    It 'emits a fast stream in whole chunks of 80 KiB, new arrays below the large object heap' {
        $in = New-TestPath in
        [IO.File]::WriteAllBytes($in, (New-RandomBytes 4MB))
        $cat = Start-Peer bash '-c', "cat '$in' > '$fifo'"
        $chunks = @(Read-IpcFifo $fifo -AsByteStream -TimeoutSec 30)
        ($cat | Wait-Peer).ExitCode | Should -Be 0
        ($chunks | Measure-Object -Property Length -Sum).Sum | Should -Be 4MB
        ($chunks | Measure-Object -Property Length -Maximum).Maximum | Should -Be 80KB
        @($chunks | Where-Object Length -EQ 80KB).Count | Should -BeGreaterOrEqual ([Math]::Floor(4MB / 80KB) - 2) -Because 'a chunk gathers what comes within 5 ms'
        [object]::ReferenceEquals($chunks[0], $chunks[1]) | Should -BeFalse
    }

    It 'moves what a coreutils writer sends into a file with -OutFile (splice), byte-exact' {
        $bytes = New-RandomBytes (3MB + 11)
        $in = New-TestPath in
        $out = New-TestPath out
        [IO.File]::WriteAllBytes($in, $bytes)
        Set-Content -LiteralPath $out -Value 'old content that -OutFile replaces'
        $cat = Start-Peer bash '-c', "cat '$in' > '$fifo'"
        $moved = Read-IpcFifo $fifo -AsByteStream -OutFile $out -PassThru -TimeoutSec 30
        ($cat | Wait-Peer).ExitCode | Should -Be 0
        $moved.Bytes | Should -Be $bytes.Length
        $moved.File | Should -Be $out
        $moved.Source | Should -Be $fifo
        $moved.Method | Should -Be 'splice'
        Get-Sha256 ([IO.File]::ReadAllBytes($out)) | Should -Be (Get-Sha256 $bytes)
    }

    It 'takes only -Count bytes with -OutFile and leaves the rest in the FIFO' {
        $writer = Start-Peer bash '-c', "{ printf 'abcdefghij'; sleep 2; } > '$fifo'"
        $out = New-TestPath out
        Read-IpcFifo $fifo -AsByteStream -OutFile $out -Count 4 -TimeoutSec 20 | Should -BeNullOrEmpty -Because 'without -PassThru -OutFile emits nothing'
        [IO.File]::ReadAllText($out) | Should -Be 'abcd'
        [Text.Encoding]::ASCII.GetString((Read-IpcFifo $fifo -AsByteStream -Raw -TimeoutSec 20)) | Should -Be 'efghij'
        ($writer | Wait-Peer).ExitCode | Should -Be 0
    }

    It 'writes a file to a coreutils reader with -InFile (splice), byte-exact' {
        $bytes = New-RandomBytes (5MB + 3)
        $in = New-TestPath in
        $out = New-TestPath out
        [IO.File]::WriteAllBytes($in, $bytes)
        $cat = Start-Peer bash '-c', "cat '$fifo' > '$out'"
        $result = Write-IpcFifo $fifo -InFile $in -PassThru -TimeoutSec 30
        ($cat | Wait-Peer).ExitCode | Should -Be 0
        $result.Bytes | Should -Be $bytes.Length
        $result.Items | Should -Be 1
        Get-Sha256 ([IO.File]::ReadAllBytes($out)) | Should -Be (Get-Sha256 $bytes)
    }

    It 'reports a file -InFile cannot open as InFileFailed' {
        $cat = Start-Peer bash '-c', "cat '$fifo' > /dev/null"
        Get-IpcErrorId { Write-IpcFifo $fifo -InFile (New-TestPath missing) -TimeoutSec 10 } | Should -Be 'InFileFailed,PosixIpc.Commands.WriteIpcFifoCommand'
        $cat | Wait-Peer | Out-Null
    }

    It 'reads exactly -Count bytes with -AsByteStream' {
        $writer = Start-Peer bash '-c', "printf 'abcdefgh' > '$fifo'"
        $got = Read-IpcFifo $fifo -AsByteStream -Count 3 -Raw -TimeoutSec 20
        [Text.Encoding]::ASCII.GetString($got) | Should -Be 'abc'
        $writer | Wait-Peer | Out-Null
    }

    It 'takes numbers and single bytes with -AsByteStream' {
        $out = New-TestPath out
        $cat = Start-Peer bash '-c', "cat '$fifo' > '$out'"
        72, 105, [byte]10 | Write-IpcFifo $fifo -AsByteStream -TimeoutSec 30
        $cat | Wait-Peer | Out-Null
        Get-Content $out | Should -Be 'Hi'
    }

    It 'writes text in the -Encoding asked for, and -NoNewline joins items' {
        $out = New-TestPath out
        $cat = Start-Peer bash '-c', "cat '$fifo' > '$out'"
        'é', 'x' | Write-IpcFifo $fifo -Encoding latin1 -NoNewline -TimeoutSec 30
        $cat | Wait-Peer | Out-Null
        [IO.File]::ReadAllBytes($out) | Should -Be @(0xE9, 0x78)

        $writer = Start-Peer -Pwsh "'grüße', 'ok' | Write-IpcFifo '$fifo' -Encoding unicode -TimeoutSec 30"
        Read-IpcFifo $fifo -Encoding unicode -TimeoutSec 30 | Should -Be @('grüße', 'ok')
        ($writer | Wait-Peer).ExitCode | Should -Be 0
    }

    It 'reads everything as one string with -Raw, keeping line ends' {
        $writer = Start-Peer bash '-c', "printf 'one\r\ntwo\nthree' > '$fifo'"
        Read-IpcFifo $fifo -Raw -TimeoutSec 20 | Should -BeExactly "one`r`ntwo`nthree"
        $writer | Wait-Peer | Out-Null
    }

    It 'splits CRLF and LF lines and keeps a last line without a line feed' {
        $writer = Start-Peer bash '-c', "printf 'one\r\ntwo\nthree' > '$fifo'"
        Read-IpcFifo $fifo -TimeoutSec 20 | Should -BeExactly @('one', 'two', 'three')
        $writer | Wait-Peer | Out-Null
    }

    It 'decodes a multi-byte character split across reads' {
        $writer = Start-Peer bash '-c', "{ printf '\xc3'; sleep 0.5; printf '\xa9t\n'; } > '$fifo'"
        Read-IpcFifo $fifo -TimeoutSec 20 | Should -BeExactly 'ét'
        $writer | Wait-Peer | Out-Null
    }

    It 'opens the FIFO once for the whole pipeline' {
        # One open means one writer session: a reader that stops at the first end of file gets every item.
        $reader = Start-Peer bash '-c', "cat '$fifo' | wc -l"
        1..2000 | Write-IpcFifo $fifo -TimeoutSec 30
        ($reader | Wait-Peer).StdOut.Trim() | Should -Be '2000'
    }
}

Describe 'FIFO failures' {
    BeforeEach {
        $script:fifo = New-TestPath fifo
        New-IpcFifo $fifo | Out-Null
    }

    It 'fails a writer with no reader with FifoOpenTimeout after -TimeoutSec' {
        $sw = [System.Diagnostics.Stopwatch]::StartNew()
        $err = { 'x' | Write-IpcFifo $fifo -TimeoutSec 1 -ErrorAction Stop } | Should -Throw -ErrorId 'FifoOpenTimeout,PosixIpc.Commands.WriteIpcFifoCommand' -PassThru
        $sw.Elapsed.TotalSeconds | Should -BeGreaterOrEqual 0.9
        $sw.Elapsed.TotalSeconds | Should -BeLessThan 5
        $err.CategoryInfo.Category | Should -Be 'OperationTimeout'
        $err.TargetObject | Should -Be $fifo
    }

    It 'fails a reader with no writer with FifoReadTimeout after -TimeoutSec' {
        $err = $null
        Read-IpcFifo $fifo -TimeoutSec 1 -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].FullyQualifiedErrorId | Should -Be 'FifoReadTimeout,PosixIpc.Commands.ReadIpcFifoCommand'
        $err[0].CategoryInfo.Category | Should -Be 'OperationTimeout'
    }

    It 'reports a reader that goes away mid-write, with the bytes that went through, and pwsh lives on' {
        $script = @"
try {
    `$chunk = [byte[]]::new(1MB)
    1..64 | ForEach-Object { `$chunk } | Write-IpcFifo '$fifo' -AsByteStream -TimeoutSec 30
    'no error'
} catch {
    `$_.FullyQualifiedErrorId
    `$_.Exception.Message
    exit 3
}
"@
        $reader = Start-Peer bash '-c', "head -c 100000 '$fifo' > /dev/null"
        $result = Invoke-Peer -Pwsh $script
        ($reader | Wait-Peer).ExitCode | Should -Be 0
        $result.ExitCode | Should -Be 3 -Because 'SIGPIPE would end pwsh with 141'
        $out = $result.StdOut -split "`n"
        $out[0].Trim() | Should -Be 'FifoReaderGone,PosixIpc.Commands.WriteIpcFifoCommand'
        $result.StdOut | Should -Match 'after \d+ bytes had gone through'
        [long]([regex]::Match($result.StdOut, 'after (\d+) bytes').Groups[1].Value) | Should -BeGreaterOrEqual 100000
    }

    It 'refuses a regular file given to <Command>, which is left as it was' -ForEach @(
        @{ Command = 'Write-IpcFifo'; Id = 'NotAFifo,PosixIpc.Commands.WriteIpcFifoCommand'; Run = { param($p) 'x' | Write-IpcFifo $p -TimeoutSec 1 -ErrorAction Stop } }
        @{ Command = 'Read-IpcFifo'; Id = 'NotAFifo,PosixIpc.Commands.ReadIpcFifoCommand'; Run = { param($p) Read-IpcFifo $p -TimeoutSec 1 -ErrorAction Stop } }
    ) {
        $path = New-TestPath file
        Set-Content $path 'contents'
        { & $Run $path } | Should -Throw -ErrorId $Id
        Get-Content $path | Should -Be 'contents'
    }

    It 'never writes through a symbolic link to a regular file' {
        $target = New-TestPath file
        Set-Content $target 'do not truncate'
        $link = New-TestPath link
        ln -s $target $link
        { 'x' | Write-IpcFifo $link -TimeoutSec 1 -ErrorAction Stop } | Should -Throw -ErrorId 'NotAFifo,PosixIpc.Commands.WriteIpcFifoCommand'
        Get-Content $target | Should -Be 'do not truncate'
    }

    It 'reports a missing FIFO as FifoNotFound to <Command>' -ForEach @(
        @{ Command = 'Write-IpcFifo'; Id = 'FifoNotFound,PosixIpc.Commands.WriteIpcFifoCommand'; Run = { param($p) 'x' | Write-IpcFifo $p -ErrorAction Stop } }
        @{ Command = 'Read-IpcFifo'; Id = 'FifoNotFound,PosixIpc.Commands.ReadIpcFifoCommand'; Run = { param($p) Read-IpcFifo $p -ErrorAction Stop } }
    ) {
        { & $Run (New-TestPath none) } | Should -Throw -ErrorId $Id
    }

    It 'rejects -Raw with -Count for text' {
        { Read-IpcFifo $fifo -Raw -Count 2 } | Should -Throw -ErrorId 'RawWithCount,PosixIpc.Commands.ReadIpcFifoCommand'
    }

    It 'skips items that are not bytes with -AsByteStream, with NotBytes' {
        $out = New-TestPath out
        $cat = Start-Peer bash '-c', "cat '$fifo' > '$out'"
        $err = $null
        65, 'not a byte', 66 | Write-IpcFifo $fifo -AsByteStream -TimeoutSec 30 -ErrorAction SilentlyContinue -ErrorVariable err
        $cat | Wait-Peer | Out-Null
        $err[0].FullyQualifiedErrorId | Should -Be 'NotBytes,PosixIpc.Commands.WriteIpcFifoCommand'
        Get-Content $out -Raw | Should -Be 'AB'
    }

    It 'is denied to another user by the default mode (FifoPermissionDenied)' {
        $dir = New-TestPath perm
        New-Item -ItemType Directory $dir | Out-Null
        chmod 755 $dir
        $path = "$dir/private"
        New-IpcFifo $path | Out-Null
        $out = Invoke-AsOtherUser "try { Read-IpcFifo '$path' -TimeoutSec 1 -ErrorAction Stop } catch { `$_.FullyQualifiedErrorId; `$_.CategoryInfo.Category }"
        $out | Should -Be @('FifoPermissionDenied,PosixIpc.Commands.ReadIpcFifoCommand', 'PermissionDenied')
        # ... while a mode that lets others in opens it exactly as far as asked.
        $open = "$dir/shared"
        New-IpcFifo $open -Mode 0622 | Out-Null
        $reader = Start-Peer bash '-c', "cat '$open'"
        $out = Invoke-AsOtherUser "'from nobody' | Write-IpcFifo '$open' -TimeoutSec 20; 'written'"
        $out | Should -Be 'written'
        ($reader | Wait-Peer).StdOut.Trim() | Should -Be 'from nobody'
        Invoke-AsOtherUser "try { Read-IpcFifo '$open' -TimeoutSec 1 -ErrorAction Stop } catch { `$_.FullyQualifiedErrorId }" |
            Should -Be 'FifoPermissionDenied,PosixIpc.Commands.ReadIpcFifoCommand'
    }

    It 'ends a line without end at -MaxLineLength (16 Mi characters by default) with FifoLineTooLong, carrying what it read, in memory a small multiple of the line' {
        # A writer that never sends a line feed; it ends (SIGPIPE) once the reader has gone.
        $writer = Start-Peer bash '-c', "yes x | tr -d '\n' > '$fifo'"
        # The reader's heap is capped (512 MiB), so that a reader without the bound fails fast instead of taking the machine's memory.
        $r = Invoke-Peer -TimeoutSec 90 -Environment @{ DOTNET_GCHeapHardLimit = '0x20000000' } -Pwsh @"
function Get-PeakKiB { [long]((Get-Content /proc/self/status | Where-Object { `$_ -like 'VmHWM*' }) -replace '\D', '') }
`$before = Get-PeakKiB
Read-IpcFifo '$fifo' -TimeoutSec 20 -ErrorVariable err -ErrorAction SilentlyContinue | Out-Null
`$e = `$err[0]
"`$(`$e.FullyQualifiedErrorId)|`$(`$e.CategoryInfo.Category)|`$(`$e.Exception.Unsent.Length)|`$(`$e.Exception.Unsent.Trim('x').Length)|`$((Get-PeakKiB) - `$before)"
"@
        $writer | Wait-Peer -TimeoutSec 10 | Out-Null
        $r.TimedOut | Should -BeFalse -Because 'an endless line must end the read, not fill memory'
        $r.ExitCode | Should -Be 0 -Because $r.StdErr
        $id, $category, $held, $other, $grownKiB = $r.StdOut.Trim() -split '\|'
        $id | Should -Be 'FifoLineTooLong,PosixIpc.Commands.ReadIpcFifoCommand'
        $category | Should -Be 'LimitsExceeded'
        [int]$held | Should -BeGreaterThan 16MB
        [int]$held | Should -BeLessOrEqual (16MB + 64KB)
        [int]$other | Should -Be 0
        # The line's UTF-16 text is twice its bytes; the reader holds it and the error's copy: at most a few times that.
        [long]$grownKiB * 1KB | Should -BeLessThan (8 * 16MB)
    }

    It 'emits the lines before an over-long one, carries that line and what came with it, and with -Count leaves the rest in the FIFO' {
        $long = 'x' * 100
        # cat writes it all in one write(2): bash's printf writes a line at a time, and a line written after
        # the reader has closed meets no reader (EPIPE).
        $whole = New-TestPath whole
        [IO.File]::WriteAllText($whole, "one`ntwo`n$long`nafter`n")
        $writer = Start-Peer bash '-c', "cat '$whole' > '$fifo'"
        $lines = Read-IpcFifo $fifo -MaxLineLength 10 -TimeoutSec 20 -ErrorVariable err -ErrorAction SilentlyContinue
        $writer | Wait-Peer | Out-Null
        $lines | Should -Be @('one', 'two')
        $err[0].FullyQualifiedErrorId | Should -Be 'FifoLineTooLong,PosixIpc.Commands.ReadIpcFifoCommand'
        $err[0].Exception.Message | Should -Match '-MaxLineLength \(10 characters\)'
        $err[0].Exception.Unsent | Should -BeExactly "$long`nafter`n"

        # Byte by byte (-Count), the read stops one character past the maximum: the rest stays for the next reader.
        # cat writes it all in one write(2) (bash's printf writes a line at a time): a later write landing
        # between the two readers, when the FIFO has none, would fail with EPIPE in the writer.
        $data = New-TestPath data
        [IO.File]::WriteAllText($data, "one`n$long`nafter`n")
        $writer = Start-Peer bash '-c', "{ cat '$data'; sleep 3; } > '$fifo'"
        $lines = Read-IpcFifo $fifo -Count 5 -MaxLineLength 10 -TimeoutSec 20 -ErrorVariable err -ErrorAction SilentlyContinue
        $lines | Should -Be 'one'
        $err[0].Exception.Unsent | Should -BeExactly ('x' * 11)
        Read-IpcFifo $fifo -TimeoutSec 20 | Should -Be @(('x' * 89), 'after')
        $writer | Wait-Peer | Out-Null
    }
}

Describe 'Ctrl+C' {
    It 'stops <Name> promptly' -ForEach @(
        @{ Name = 'Read-IpcFifo waiting for a writer'; Script = 'Read-IpcFifo "{0}"' }
        @{ Name = 'Write-IpcFifo waiting for a reader'; Script = '"x" | Write-IpcFifo "{0}"' }
    ) {
        $fifo = New-TestPath fifo
        New-IpcFifo $fifo | Out-Null
        $r = Invoke-Stoppable -Script ($Script -f $fifo)
        $r.CompletedBeforeStop | Should -BeFalse
        $r.StopSeconds | Should -BeLessThan 1
        $r.State | Should -Be 'Stopped'
    }

    It 'stops Write-IpcFifo blocked on a reader that takes nothing' {
        $fifo = New-TestPath fifo
        New-IpcFifo $fifo | Out-Null
        # A reader that holds the FIFO open but never reads: the pipe fills and the writer waits.
        $holder = Start-Peer bash '-c', "exec 3<'$fifo'; sleep 30"
        try {
            $r = Invoke-Stoppable -Script "`$b = [byte[]]::new(1MB); 1..64 | ForEach-Object { `$b } | Write-IpcFifo '$fifo' -AsByteStream" -DelayMs 1500
            $r.CompletedBeforeStop | Should -BeFalse
            $r.StopSeconds | Should -BeLessThan 1
        }
        finally { $holder.Kill() }
    }
}
