# Unix domain sockets: Receive/Send-UnixSocketMessage, Invoke-UnixSocketRequest, Start-UnixSocketServer
# and Get-UnixSocket against the built module, across real processes: socat, Python's socket module,
# and other pwsh processes, stream and datagram, path and abstract names.

BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')

    # socat comes from the distribution's packages; CI starts from a fresh machine without it.
    $script:MissingPeers = Get-MissingPeer socat, python3
    $script:Socat = 'socat'
    $script:Python = 'python3'

    function New-SocketPath {
        # A unique socket path under TestDrive (well below sun_path's 107 bytes).
        New-TestPath sock
    }

    function New-AbstractName {
        "posixipc-test-$([guid]::NewGuid().ToString('n').Substring(0, 12))"
    }

    function Wait-Bound {
        # Waits until a socket is bound (and, for a stream socket, listening) at the path or abstract name.
        param([string] $Path, [string] $Name, [switch] $Datagram, [double] $TimeoutSec = 30)
        $ok = Wait-Until -TimeoutSec $TimeoutSec {
            $found = if ($Name) { @(Get-UnixSocket -Name $Name) } else { @(Get-UnixSocket -Path $Path) }
            @($found | Where-Object { $Datagram -or $_.Listening }).Count -gt 0
        }
        $ok | Should -BeTrue -Because "a socket should be bound at $Path$Name"
    }

    function Start-Receiver {
        # A pwsh peer running Receive-UnixSocketMessage; it prints "pid|connection|text" per message.
        param([Parameter(Mandatory)][string] $Arguments)
        Start-Peer -Pwsh "Receive-UnixSocketMessage $Arguments | ForEach-Object { '{0}|{1}|{2}' -f `$_.Pid, `$_.Connection, `$_.Text }"
    }

    function Send-BySocat {
        # socat sends the text from its stdin to the address (UNIX-CONNECT:..., UNIX-SENDTO:...) and
        # must end well; returns its pid, which the receiver reports as the sender's.
        param([Parameter(Mandatory)][string] $Address, [Parameter(Mandatory)][string] $Text)
        $socat = Start-Peer $Socat '-u', 'STDIN', $Address
        $socat.StandardInput.Write($Text)
        $socat.StandardInput.Close()
        ($socat | Wait-Peer).ExitCode | Should -Be 0
        $socat.Id
    }

    function Get-Lines([string] $Text) {
        @($Text -split "`r?`n" | Where-Object { $_ -ne '' })
    }

    function Invoke-Python([string] $Code) {
        # Runs Python code as its own process and returns its output lines.
        & $Python -c $Code
        if ($LASTEXITCODE -ne 0) { throw "python3 failed ($LASTEXITCODE)" }
    }
}

AfterAll {
    Stop-StartedPeers
}

Describe 'Receive-UnixSocketMessage' {
    BeforeEach { Skip-IfMissing $MissingPeers }
    It 'takes lines from socat and from Python clients, each with the real sender''s pid (SO_PEERCRED)' {
        $path = New-SocketPath
        $receiver = Start-Receiver "-Path '$path' -Count 3 -TimeoutSec 60"
        Wait-Bound -Path $path

        $socatPid = Send-BySocat "UNIX-CONNECT:$path" "from socat`nsecond line`n"

        $pyPid = Invoke-Python "import os, socket`ns = socket.socket(socket.AF_UNIX)`ns.connect('$path')`ns.sendall(b'from python\n')`nprint(os.getpid())`ns.close()"

        $r = $receiver | Wait-Peer
        $r.ExitCode | Should -Be 0 -Because $r.StdErr
        $lines = Get-Lines $r.StdOut
        $lines | Should -Be @("$socatPid|1|from socat", "$socatPid|1|second line", "$pyPid|2|from python")
        Test-Path $path | Should -BeFalse -Because 'the receiver removes its socket file when it ends'
    }

    It 'closes a client whose line passes -MaxLineLength with a warning, after delivering its earlier lines, and serves the others on' {
        $path = New-SocketPath
        $receiver = Start-Peer -Pwsh "Receive-UnixSocketMessage -Path '$path' -Count 2 -MaxLineLength 100 -TimeoutSec 60 3>&1 | ForEach-Object { if (`$_ -is [System.Management.Automation.WarningRecord]) { 'warning|' + `$_.Message } else { '{0}|{1}' -f `$_.Connection, `$_.Text } }"
        Wait-Bound -Path $path
        # The endless line's sender waits for the receiver to close it (recv gives b'') or gives up after 20 s.
        $endless = Invoke-Python "import socket`ns = socket.socket(socket.AF_UNIX)`ns.connect('$path')`ns.sendall(b'one\n' + b'x' * 5000)`ns.settimeout(20)`ntry:`n    print('closed' if s.recv(10) == b'' else 'data')`nexcept socket.timeout:`n    print('open')"
        $endless | Should -Be 'closed'
        Invoke-Python "import socket`ns = socket.socket(socket.AF_UNIX)`ns.connect('$path')`ns.sendall(b'two\n')`ns.close()" | Out-Null
        $r = $receiver | Wait-Peer
        $r.ExitCode | Should -Be 0 -Because $r.StdErr
        $lines = Get-Lines $r.StdOut
        @($lines | Where-Object { $_ -notlike 'warning|*' }) | Should -Be @('1|one', '2|two')
        @($lines | Where-Object { $_ -like 'warning|*' }) -join ' ' | Should -Match 'longer than -MaxLineLength \(100 characters\)'
    }

    It 'moves one socat client''s stream into a file with -AsByteStream -OutFile (splice), byte-exact' {
        $bytes = New-RandomBytes (4MB + 9)
        $in = New-TestPath in
        $out = New-TestPath out
        [IO.File]::WriteAllBytes($in, $bytes)
        $path = New-SocketPath
        $receiver = Start-Peer -Pwsh "Receive-UnixSocketMessage -Path '$path' -AsByteStream -OutFile '$out' -PassThru -TimeoutSec 60 | ForEach-Object { '{0}|{1}' -f `$_.Bytes, `$_.Method }"
        Wait-Bound -Path $path
        $socat = Start-Peer $Socat '-u', "FILE:$in", "UNIX-CONNECT:$path"
        ($socat | Wait-Peer).ExitCode | Should -Be 0
        $r = $receiver | Wait-Peer
        $r.ExitCode | Should -Be 0 -Because $r.StdErr
        Get-Lines $r.StdOut | Should -Be "$($bytes.Length)|splice"
        Get-Sha256 ([IO.File]::ReadAllBytes($out)) | Should -Be (Get-Sha256 $bytes)
    }

    It 'refuses -OutFile without -AsByteStream (SocketAsByteStreamConflict)' {
        Get-IpcErrorId { Receive-UnixSocketMessage (New-SocketPath) -OutFile (New-TestPath out) -TimeoutSec 1 } | Should -Be 'SocketAsByteStreamConflict,PosixIpc.Commands.ReceiveUnixSocketMessageCommand'
    }

    It 'takes datagrams from socat and Python with each sender''s credentials (SCM_CREDENTIALS)' {
        $path = New-SocketPath
        $receiver = Start-Receiver "-Path '$path' -Datagram -Count 2 -TimeoutSec 60"
        Wait-Bound -Path $path -Datagram

        $socatPid = Send-BySocat "UNIX-SENDTO:$path" "socat datagram`n"
        $pyPid = Invoke-Python "import os, socket`ns = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)`ns.sendto(b'python datagram', '$path')`nprint(os.getpid())"

        $r = $receiver | Wait-Peer
        $r.ExitCode | Should -Be 0 -Because $r.StdErr
        Get-Lines $r.StdOut | Should -Be @("$socatPid|0|socat datagram", "$pyPid|0|python datagram")
    }

    It 'listens on an abstract name (no file), which socat reaches as ABSTRACT-CONNECT' {
        $name = New-AbstractName
        $receiver = Start-Receiver "-Abstract '$name' -Count 1 -TimeoutSec 60"
        Wait-Bound -Name $name
        $socatPid = Send-BySocat "ABSTRACT-CONNECT:$name" "abstract hello`n"
        Get-Lines ($receiver | Wait-Peer).StdOut | Should -Be "$socatPid|1|abstract hello"
    }

    It 'keeps every line of 4 concurrent clients x 500 lines, none mixed with another''s' {
        $path = New-SocketPath
        $receiver = Start-Receiver "-Path '$path' -Count 2000 -TimeoutSec 60"
        Wait-Bound -Path $path
        # Each client writes its numbered lines in small, split pieces so that the pieces interleave.
        $client = @"
import os, socket, sys, time
c = sys.argv[1]
s = socket.socket(socket.AF_UNIX)
s.connect('$path')
print(os.getpid(), flush=True)
for i in range(1, 501):
    line = ('client %s line %d %s\n' % (c, i, 'x' * (i % 37))).encode()
    s.sendall(line[:7]); s.sendall(line[7:])
    if i % 100 == 0: time.sleep(0.01)
s.close()
"@
        $clients = 1..4 | ForEach-Object { Start-Peer $Python '-c', $client, "$_" }
        $pids = @{}
        foreach ($i in 1..4) {
            $out = $clients[$i - 1] | Wait-Peer
            $out.ExitCode | Should -Be 0 -Because $out.StdErr
            $pids[[string]$i] = $out.StdOut.Trim()
        }
        $r = $receiver | Wait-Peer
        $r.ExitCode | Should -Be 0 -Because $r.StdErr
        $lines = Get-Lines $r.StdOut
        $lines.Count | Should -Be 2000
        $byClient = @{}
        foreach ($line in $lines) {
            $peer, $conn, $text = $line -split '\|', 3
            $text -match '^client (\d) line (\d+) x*$' | Should -BeTrue -Because "'$text' is a whole line"
            $c = $Matches[1]; $n = [int]$Matches[2]
            $text | Should -Be ("client $c line $n " + ('x' * ($n % 37)))
            $peer | Should -Be $pids[$c] -Because 'each line carries the pid of the process that sent it'
            if (-not $byClient[$c]) { $byClient[$c] = [System.Collections.Generic.List[int]]::new() }
            $byClient[$c].Add($n)
        }
        foreach ($c in '1', '2', '3', '4') {
            $byClient[$c] | Should -Be (1..500) -Because "client $c's lines arrive all, in order"
        }
    }

    It 'delivers the unfinished last line of a client that disconnects mid-message, and goes on serving' {
        $path = New-SocketPath
        $receiver = Start-Receiver "-Path '$path' -Count 3 -TimeoutSec 60"
        Wait-Bound -Path $path
        Invoke-Python "import socket`ns = socket.socket(socket.AF_UNIX)`ns.connect('$path')`ns.sendall(b'whole\npart')`ns.close()"
        Invoke-Python "import socket`ns = socket.socket(socket.AF_UNIX)`ns.connect('$path')`ns.sendall(b'after\n')`ns.close()"
        $r = $receiver | Wait-Peer
        $r.ExitCode | Should -Be 0 -Because $r.StdErr
        (Get-Lines $r.StdOut | ForEach-Object { ($_ -split '\|', 3)[1..2] -join '|' }) | Should -Be @('1|whole', '1|part', '2|after')
    }

    It 'sets the socket file''s mode (0600 by default, -Mode exactly)' {
        $path = New-SocketPath
        $receiver = Start-Receiver "-Path '$path' -Count 1 -TimeoutSec 60"
        Wait-Bound -Path $path
        stat -c '%F %a' $path | Should -Be 'socket 600'
        'x' | Send-UnixSocketMessage -Path $path
        $receiver | Wait-Peer | Out-Null

        $receiver = Start-Receiver "-Path '$path' -Count 1 -TimeoutSec 60 -Mode 0666"
        Wait-Bound -Path $path
        stat -c '%a' $path | Should -Be '666'
        'x' | Send-UnixSocketMessage -Path $path
        $receiver | Wait-Peer | Out-Null
    }

    It 'emits the bytes of a stream as byte[] chunks with -AsByteStream' {
        $path = New-SocketPath
        $bytes = [byte[]]::new(300KB)
        [System.Random]::new(7).NextBytes($bytes)
        $data = New-TestPath data
        [IO.File]::WriteAllBytes($data, $bytes)
        $receiver = Start-Peer -Pwsh "`$c = [System.Collections.Generic.List[byte]]::new(); try { Receive-UnixSocketMessage '$path' -AsByteStream -TimeoutSec 3 | ForEach-Object { `$c.AddRange([byte[]]`$_) } } catch { if (`$_.FullyQualifiedErrorId -notlike 'SocketTimeout*') { throw } }; [Convert]::ToHexString([Security.Cryptography.SHA256]::HashData(`$c.ToArray()))"
        Wait-Bound -Path $path
        & $Socat -u "OPEN:$data" "UNIX-CONNECT:$path"
        $r = $receiver | Wait-Peer
        $r.StdOut.Trim() | Should -Be (Get-Sha256 $bytes)
    }
}

Describe 'Send-UnixSocketMessage' {
    BeforeEach { Skip-IfMissing $MissingPeers }
    It 'sends lines over one connection to a socat server' {
        $path = New-SocketPath
        $server = Start-Peer $Socat '-u', "UNIX-LISTEN:$path", 'STDOUT'
        Wait-Bound -Path $path
        $result = 'one', 'two', 3 | Send-UnixSocketMessage -Path $path -PassThru
        $result.Messages | Should -Be 3
        $result.Bytes | Should -Be 10
        $result.ReceiverPid | Should -Be $server.Id
        ($server | Wait-Peer).StdOut | Should -Be "one`ntwo`n3`n"
    }

    It 'sends datagrams to a socat datagram server, one per item' {
        $path = New-SocketPath
        $server = Start-Peer $Socat '-u', "UNIX-RECV:$path", 'STDOUT'
        Wait-Bound -Path $path -Datagram
        'alpha', 'beta' | Send-UnixSocketMessage -Path $path -Datagram
        Start-Sleep -Milliseconds 300
        $server.Kill()
        ($server | Wait-Peer).StdOut | Should -Be 'alphabeta'
    }

    It 'sends byte[] exactly as it is to a Python server' {
        $path = New-SocketPath
        $server = Start-Peer $Python '-c', "import socket, hashlib`nl = socket.socket(socket.AF_UNIX)`nl.bind('$path')`nl.listen(1)`nc, _ = l.accept()`nh = hashlib.sha256()`nwhile True:`n    b = c.recv(65536)`n    if not b: break`n    h.update(b)`nprint(h.hexdigest().upper())"
        Wait-Bound -Path $path
        $bytes = [byte[]]::new(1MB + 17)
        [System.Random]::new(11).NextBytes($bytes)
        , $bytes | Send-UnixSocketMessage -Path $path
        ($server | Wait-Peer).StdOut.Trim() | Should -Be (Get-Sha256 $bytes)
    }

    It 'carries PowerShell objects between two pwsh processes (-Serialize / -Deserialize), stream and datagram' -ForEach @(
        @{ Kind = 'stream'; Flag = '' }
        @{ Kind = 'datagram'; Flag = '-Datagram' }
    ) {
        $path = New-SocketPath
        $receiver = Start-Peer -Pwsh "Receive-UnixSocketMessage '$path' $Flag -Deserialize -Count 2 -TimeoutSec 60 | ForEach-Object { '{0}|{1}|{2}|{3}' -f `$_.Name, `$_.Number.GetType().Name, `$_.Nested.Text.Replace(""``n"", '\n'), (`$_.PSObject.TypeNames -join ',') }"
        Wait-Bound -Path $path -Datagram:($Kind -eq 'datagram')
        $objects = 1, 2 | ForEach-Object { [pscustomobject]@{ Name = "item $_"; Number = 40 + $_; Nested = [pscustomobject]@{ Text = "line1`nline2 <&>" } } }
        if ($Kind -eq 'datagram') { $objects | Send-UnixSocketMessage -Path $path -Serialize -Datagram }
        else { $objects | Send-UnixSocketMessage -Path $path -Serialize }
        $r = $receiver | Wait-Peer
        $r.ExitCode | Should -Be 0 -Because $r.StdErr
        $lines = Get-Lines $r.StdOut
        $lines.Count | Should -Be 2
        $lines[0] | Should -BeLike 'item 1|Int32|line1\nline2 <&>|Deserialized.System.Management.Automation.PSCustomObject*'
        $lines[1] | Should -BeLike 'item 2|Int32|*'
    }

    It 'stops serializing an object too large for one <Kind> message (Get-Item / at -Depth 30): SocketMessageTooLarge, and the receiver gets nothing of it' -ForEach @(
        @{ Kind = 'stream'; Flag = '' }
        @{ Kind = 'datagram'; Flag = '-Datagram' }
    ) {
        $path = New-SocketPath
        $receiver = Start-Peer -Pwsh "Receive-UnixSocketMessage '$path' $Flag -Count 1 -TimeoutSec 60 | ForEach-Object Text"
        Wait-Bound -Path $path -Datagram:($Kind -eq 'datagram')
        # The sender's heap is capped (1 GiB): serializing the whole graph first fails there (or takes minutes) instead.
        $r = Invoke-Peer -TimeoutSec 120 -Environment @{ DOTNET_GCHeapHardLimit = '0x40000000' } -Pwsh @"
Get-Item / | Send-UnixSocketMessage '$path' $Flag -Serialize -Depth 30 -ErrorVariable err -ErrorAction SilentlyContinue
'after' | Send-UnixSocketMessage '$path' $Flag
"`$(`$err[0].FullyQualifiedErrorId)|`$(`$err[0].Exception.Unsent.FullName)"
"@
        $got = $receiver | Wait-Peer
        $r.TimedOut | Should -BeFalse
        $r.ExitCode | Should -Be 0 -Because $r.StdErr
        $r.StdOut.Trim() | Should -Be 'SocketMessageTooLarge,PosixIpc.Commands.SendUnixSocketMessageCommand|/'
        $got.StdOut.Trim() | Should -Be 'after'
    }

    It 'reports no socket at all as SocketNotFound (ObjectNotFound), with the path as target' {
        $path = New-SocketPath
        $e = { 'x' | Send-UnixSocketMessage -Path $path } | Should -Throw -ErrorId 'SocketNotFound,PosixIpc.Commands.SendUnixSocketMessageCommand' -PassThru
        $e.CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $e.TargetObject | Should -Be $path
        $e.Exception.Message | Should -BeLike '*ENOENT*Start the receiver first*'
    }

    It 'reports a socket file nobody listens on as SocketConnectionRefused (ConnectionError)' {
        $path = New-SocketPath
        Invoke-Python "import socket`ns = socket.socket(socket.AF_UNIX)`ns.bind('$path')"
        test -S $path; $LASTEXITCODE | Should -Be 0
        $e = { 'x' | Send-UnixSocketMessage -Path $path } | Should -Throw -ErrorId 'SocketConnectionRefused,PosixIpc.Commands.SendUnixSocketMessageCommand' -PassThru
        $e.CategoryInfo.Category | Should -Be 'ConnectionError'
        $e.Exception.Errno | Should -Be 111
    }

    It 'tells an abstract name nobody listens on to start the receiver, not to -Force a stale file' {
        $e = { 'x' | Send-UnixSocketMessage -Abstract "nobody-$([guid]::NewGuid().ToString('n'))" } | Should -Throw -ErrorId 'SocketConnectionRefused,PosixIpc.Commands.SendUnixSocketMessageCommand' -PassThru
        $e.Exception.Message | Should -BeLike '*start the receiver first*'
        $e.Exception.Message | Should -Not -Match 'stale|-Force'
    }

    It 'reports a stream/datagram mismatch as SocketWrongType' {
        $path = New-SocketPath
        $receiver = Start-Receiver "-Path '$path' -Datagram -Count 1 -TimeoutSec 60"
        Wait-Bound -Path $path -Datagram
        { 'x' | Send-UnixSocketMessage -Path $path } | Should -Throw -ErrorId 'SocketWrongType,PosixIpc.Commands.SendUnixSocketMessageCommand'
        'x' | Send-UnixSocketMessage -Path $path -Datagram
        $receiver | Wait-Peer | Out-Null
    }

    It 'reports a receiver that closes mid-stream as SocketPeerGone, and pwsh survives (no SIGPIPE)' {
        $path = New-SocketPath
        $server = Start-Peer $Python '-c', "import socket`nl = socket.socket(socket.AF_UNIX)`nl.bind('$path')`nl.listen(1)`nc, _ = l.accept()`nc.recv(10)`nc.close()"
        Wait-Bound -Path $path
        $chunk = [byte[]]::new(1MB)
        $e = { 1..64 | ForEach-Object { , $chunk } | Send-UnixSocketMessage -Path $path -TimeoutSec 30 } |
            Should -Throw -ErrorId 'SocketPeerGone,PosixIpc.Commands.SendUnixSocketMessageCommand' -PassThru
        $e.Exception.Errno | Should -BeIn 32, 104
        $e.Exception.Message | Should -BeLike '*closed after * bytes*'
        $server | Wait-Peer | Out-Null
    }

    It 'sends datagrams to an abstract name that a Python receiver binds' {
        $name = New-AbstractName
        $server = Start-Peer $Python '-c', "import socket`ns = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)`ns.bind('\0$name')`nfor _ in range(2): print(s.recv(65536).decode(), flush=True)"
        Wait-Bound -Name $name -Datagram
        'first', 'second' | Send-UnixSocketMessage -Abstract "@$name" -Datagram
        Get-Lines ($server | Wait-Peer).StdOut | Should -Be @('first', 'second')
    }

    It 'gives SocketTimeout when the receiver stops taking data for -TimeoutSec, and stops promptly on Ctrl+C' {
        $path = New-SocketPath
        $server = Start-Peer $Python '-c', "import socket, time`nl = socket.socket(socket.AF_UNIX)`nl.bind('$path')`nl.listen(1)`nc, _ = l.accept()`ntime.sleep(60)"
        try {
            Wait-Bound -Path $path
            $e = { , [byte[]]::new(16MB) | Send-UnixSocketMessage -Path $path -TimeoutSec 0.5 } |
                Should -Throw -ErrorId 'SocketTimeout,PosixIpc.Commands.SendUnixSocketMessageCommand' -PassThru
            $e.CategoryInfo.Category | Should -Be 'OperationTimeout'
        }
        finally { $server.Kill() }

        $path = New-SocketPath
        $server = Start-Peer $Python '-c', "import socket, time`nl = socket.socket(socket.AF_UNIX)`nl.bind('$path')`nl.listen(1)`nc, _ = l.accept()`ntime.sleep(60)"
        try {
            Wait-Bound -Path $path
            $r = Invoke-Stoppable -Script ", [byte[]]::new(16MB) | Send-UnixSocketMessage -Path '$path'" -DelayMs 1000
            $r.CompletedBeforeStop | Should -BeFalse
            $r.StopSeconds | Should -BeLessThan 1
            $r.State | Should -Be 'Stopped'
        }
        finally { $server.Kill() }
    }

    It 'is denied to another user by the default mode 0600 (SocketPermissionDenied), allowed with -Mode 0666' {
        $dir = New-TestPath perm
        New-Item -ItemType Directory $dir | Out-Null
        chmod 755 $dir
        $path = "$dir/private.sock"
        $receiver = Start-Receiver "-Path '$path' -Count 1 -TimeoutSec 60"
        Wait-Bound -Path $path
        $out = Invoke-AsOtherUser "try { 'x' | Send-UnixSocketMessage -Path '$path' -ErrorAction Stop } catch { `$_.FullyQualifiedErrorId; `$_.CategoryInfo.Category }"
        $out | Should -Be @('SocketPermissionDenied,PosixIpc.Commands.SendUnixSocketMessageCommand', 'PermissionDenied')
        'from root' | Send-UnixSocketMessage -Path $path
        $receiver | Wait-Peer | Out-Null

        $open = "$dir/open.sock"
        $receiver = Start-Peer -Pwsh "Receive-UnixSocketMessage -Path '$open' -Mode 0666 -Count 1 -TimeoutSec 60 | ForEach-Object { '{0}|{1}' -f `$_.Uid, `$_.Text }"
        Wait-Bound -Path $open
        Invoke-AsOtherUser "'from nobody' | Send-UnixSocketMessage -Path '$open'; 'sent'" | Should -Be 'sent'
        ($receiver | Wait-Peer).StdOut.Trim() | Should -Be '65534|from nobody'
    }
}

Describe 'Receiver refusals and clean-up' {
    BeforeEach { Skip-IfMissing $MissingPeers }
    It 'never replaces a regular file, even with -Force (SocketPathTaken), and leaves it as it was' {
        $path = New-SocketPath
        Set-Content -Path $path -Value 'precious'
        foreach ($force in $false, $true) {
            $e = { Receive-UnixSocketMessage -Path $path -Force:$force -Count 1 -TimeoutSec 1 } |
                Should -Throw -ErrorId 'SocketPathTaken,PosixIpc.Commands.ReceiveUnixSocketMessageCommand' -PassThru
            $e.CategoryInfo.Category | Should -Be 'ResourceExists'
            $e.TargetObject | Should -Be $path
        }
        Get-Content -Path $path | Should -Be 'precious'
        test -f $path; $LASTEXITCODE | Should -Be 0
    }

    It 'reports a missing directory as SocketParentNotFound' {
        $path = Join-Path (New-TestPath nodir) 'x.sock'
        $e = { Receive-UnixSocketMessage -Path $path -Count 1 } | Should -Throw -ErrorId 'SocketParentNotFound,PosixIpc.Commands.ReceiveUnixSocketMessageCommand' -PassThru
        $e.CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $e.Exception.Message | Should -BeLike '*does not exist*New-Item -ItemType Directory*'
    }

    It 'replaces a stale socket file only with -Force' {
        $path = New-SocketPath
        Invoke-Python "import socket`ns = socket.socket(socket.AF_UNIX)`ns.bind('$path')"
        $e = { Receive-UnixSocketMessage -Path $path -Count 1 -TimeoutSec 1 } | Should -Throw -ErrorId 'SocketExists,PosixIpc.Commands.ReceiveUnixSocketMessageCommand' -PassThru
        $e.CategoryInfo.Category | Should -Be 'ResourceExists'
        $e.Exception.Message | Should -BeLike '*-Force*'
        test -S $path; $LASTEXITCODE | Should -Be 0

        $receiver = Start-Receiver "-Path '$path' -Force -Count 1 -TimeoutSec 60"
        Wait-Bound -Path $path
        'fresh' | Send-UnixSocketMessage -Path $path
        (Get-Lines ($receiver | Wait-Peer).StdOut) | Should -BeLike '*|1|fresh'
        Test-Path $path | Should -BeFalse
    }

    It 'never takes over a socket another process listens on, even with -Force (SocketInUse)' {
        $path = New-SocketPath
        $holder = Start-Peer $Python '-c', "import socket, time`ns = socket.socket(socket.AF_UNIX)`ns.bind('$path')`ns.listen(1)`ntime.sleep(60)"
        try {
            Wait-Bound -Path $path
            { Receive-UnixSocketMessage -Path $path -Force -Count 1 -TimeoutSec 1 } | Should -Throw -ErrorId 'SocketInUse,PosixIpc.Commands.ReceiveUnixSocketMessageCommand'
            (Get-UnixSocket -Path $path).Pid | Should -Be $holder.Id
        }
        finally { $holder.Kill() }
    }

    It 'reports an abstract name that is taken as SocketAbstractNameTaken (ResourceExists)' {
        $name = New-AbstractName
        $holder = Start-Peer $Python '-c', "import socket, time`ns = socket.socket(socket.AF_UNIX)`ns.bind('\0$name')`ns.listen(1)`ntime.sleep(60)"
        try {
            Wait-Bound -Name $name
            $e = { Receive-UnixSocketMessage -Abstract $name -Count 1 -TimeoutSec 1 } |
                Should -Throw -ErrorId 'SocketAbstractNameTaken,PosixIpc.Commands.ReceiveUnixSocketMessageCommand' -PassThru
            $e.CategoryInfo.Category | Should -Be 'ResourceExists'
            $e.TargetObject | Should -Be "@$name"
        }
        finally { $holder.Kill() }
    }

    It 'ends with SocketTimeout (OperationTimeout) when nothing comes within -TimeoutSec, and removes its file' {
        $path = New-SocketPath
        $e = { Receive-UnixSocketMessage -Path $path -Count 1 -TimeoutSec 0.5 -ErrorAction Stop } | Should -Throw -ErrorId 'SocketTimeout,PosixIpc.Commands.ReceiveUnixSocketMessageCommand' -PassThru
        $e.CategoryInfo.Category | Should -Be 'OperationTimeout'
        Test-Path $path | Should -BeFalse
    }

    It 'ends a waiting receiver promptly on Ctrl+C and removes its socket file (<Kind>)' -ForEach @(
        @{ Kind = 'stream'; Flag = '' }
        @{ Kind = 'datagram'; Flag = '-Datagram' }
        @{ Kind = 'server'; Flag = 'server' }
    ) {
        $path = New-SocketPath
        $text = if ($Flag -eq 'server') { "Start-UnixSocketServer -Path '$path' { `$_ }" } else { "Receive-UnixSocketMessage -Path '$path' $Flag" }
        $r = Invoke-Stoppable -Script $text -DelayMs 1000
        $r.CompletedBeforeStop | Should -BeFalse
        $r.StopSeconds | Should -BeLessThan 1
        $r.State | Should -Be 'Stopped'
        Test-Path $path | Should -BeFalse
    }
}

Describe 'Request and reply' {
    BeforeEach { Skip-IfMissing $MissingPeers }
    It 'serves socat, Python and Invoke-UnixSocketRequest clients with Start-UnixSocketServer' {
        $path = New-SocketPath
        $server = Start-Peer -Pwsh "Start-UnixSocketServer -Path '$path' -Count 4 -TimeoutSec 60 -ScriptBlock { '{0}:{1}' -f `$_.ToUpper(), `$Request.Pid }"
        Wait-Bound -Path $path
        $socat = Start-Peer $Socat 'STDIO', "UNIX-CONNECT:$path"
        $socat.StandardInput.Write("hello`n")
        $socat.StandardInput.Flush()
        Start-Sleep -Milliseconds 500
        $socat.StandardInput.Close()
        ($socat | Wait-Peer).StdOut.Trim() | Should -Be "HELLO:$($socat.Id)"

        $py = Invoke-Python "import os, socket`ns = socket.socket(socket.AF_UNIX)`ns.connect('$path')`ns.sendall(b'py\n')`nprint(s.makefile().readline().strip(), os.getpid())"
        $reply, $pyPid = $py -split ' '
        $reply | Should -Be "PY:$pyPid"

        'a', 'b' | Invoke-UnixSocketRequest -Path $path -TimeoutSec 30 | Should -Be @("A:$PID", "B:$PID")
        ($server | Wait-Peer).ExitCode | Should -Be 0
        Test-Path $path | Should -BeFalse
    }

    It 'asks a socat server with -ReadToEnd and reads until it closes' {
        $path = New-SocketPath
        $server = Start-Peer $Socat "UNIX-LISTEN:$path", 'SYSTEM:tr a-z A-Z'
        Wait-Bound -Path $path
        'one', 'two' | Invoke-UnixSocketRequest -Path $path -ReadToEnd -TimeoutSec 30 | Should -Be @('ONE', 'TWO')
        $server | Wait-Peer | Out-Null
    }

    It 'gives SocketTimeout when no reply comes within -TimeoutSec' {
        $path = New-SocketPath
        $server = Start-Peer $Python '-c', "import socket, time`nl = socket.socket(socket.AF_UNIX)`nl.bind('$path')`nl.listen(1)`nc, _ = l.accept()`ntime.sleep(30)"
        try {
            Wait-Bound -Path $path
            $e = { Invoke-UnixSocketRequest -Path $path -Request 'hello?' -TimeoutSec 0.5 } |
                Should -Throw -ErrorId 'SocketTimeout,PosixIpc.Commands.InvokeUnixSocketRequestCommand' -PassThru
            $e.CategoryInfo.Category | Should -Be 'OperationTimeout'
        }
        finally { $server.Kill() }
    }

    It 'writes a failing request as SocketRequestFailed, replies with an empty line and goes on serving' {
        $path = New-SocketPath
        $server = Start-Peer -Pwsh "`$ErrorActionPreference = 'Continue'; Start-UnixSocketServer -Path '$path' -Count 2 -TimeoutSec 60 -ScriptBlock { if (`$_ -eq 'bad') { throw 'no good' }; 'ok' } 2>&1 | ForEach-Object { `$_.FullyQualifiedErrorId }"
        Wait-Bound -Path $path
        'bad', 'fine' | Invoke-UnixSocketRequest -Path $path -TimeoutSec 30 | Should -Be @('', 'ok')
        ($server | Wait-Peer).StdOut.Trim() | Should -BeLike 'SocketRequestFailed*'
    }
}

Describe 'Get-UnixSocket' {
    BeforeEach { Skip-IfMissing $MissingPeers }
    It 'lists path and abstract sockets with type, state and the holding process, like ss -xp' {
        $path = New-SocketPath
        $name = New-AbstractName
        $holder = Start-Peer $Python '-c', "import socket, time`na = socket.socket(socket.AF_UNIX)`na.bind('$path')`na.listen(1)`nb = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)`nb.bind('\0$name')`ntime.sleep(60)"
        try {
            Wait-Bound -Path $path
            Wait-Bound -Name $name -Datagram
            $s = Get-UnixSocket -Path $path
            $s.Type | Should -Be 'Stream'
            $s.State | Should -Be 'LISTEN'
            $s.Listening | Should -BeTrue
            $s.Address | Should -Be $path
            $s.Pid | Should -Be $holder.Id
            $s.ProcessName | Should -BeLike 'python*'
            $s.Holders[0].Fd | Should -BeGreaterThan 2
            $s.Inode | Should -Be ([long](Get-Content /proc/net/unix | Where-Object { $_ -match [regex]::Escape($path) + '$' } | ForEach-Object { ($_ -split '\s+')[6] }))

            $a = Get-UnixSocket -Name "@$name"
            $a.Type | Should -Be 'Datagram'
            $a.State | Should -Be 'UNCONN'
            $a.Address | Should -Be "@$name"
            $a.Path | Should -BeNullOrEmpty
            $a.Pid | Should -Be $holder.Id

            (Get-UnixSocket -Name 'posixipc-test-*' | Where-Object Name -eq $name) | Should -Not -BeNullOrEmpty
            (Get-UnixSocket -Path (Join-Path (Split-Path $path) '*') -Listening).Path | Should -Contain $path
            @(Get-UnixSocket -Path $path -Type Datagram) | Should -BeNullOrEmpty
            @(Get-UnixSocket -All).Count | Should -BeGreaterOrEqual @(Get-UnixSocket).Count
        }
        finally { $holder.Kill() }
    }

    It 'lists an abstract name and a path holding a newline once and whole, with the holder, and forges no entry' {
        # Read line by line (/proc/net/unix), the text after the newline would be a LISTEN entry of its own.
        $name = New-AbstractName
        $forged = "/f-$([guid]::NewGuid().ToString('n').Substring(0, 8))"
        $tail = "0: 2 0 10000 1 1 4242 $forged"
        $dir = New-TestPath nl
        $null = New-Item -ItemType Directory $dir
        $holder = Start-Peer $Python '-c', "import socket, sys, time`na = socket.socket(socket.AF_UNIX)`na.bind(b'\0' + sys.argv[1].encode() + b'\n' + sys.argv[2].encode())`na.listen(1)`nb = socket.socket(socket.AF_UNIX)`nb.bind(sys.argv[3] + '/a\nb')`nb.listen(1)`ntime.sleep(60)", $name, $tail, $dir
        try {
            Wait-Bound -Name "$name*"
            $found = @(Get-UnixSocket -Name "$name*")
            $found.Count | Should -Be 1
            $found[0].Name | Should -BeExactly "$name`n$tail"
            $found[0].State | Should -Be 'LISTEN'
            $found[0].Pid | Should -Be $holder.Id
            $found[0].Display | Should -BeExactly "@$name\x0A$tail"
            ($found | Format-Table -Property Display | Out-String) | Should -Match ([regex]::Escape("@$name\x0A0: 2"))
            @(Get-UnixSocket | Where-Object { $_.Path -eq $forged -or $_.Inode -eq 4242 }) | Should -BeNullOrEmpty

            $file = @(Get-UnixSocket -Path "$dir/*")
            $file.Count | Should -Be 1
            $file[0].Path | Should -BeExactly "$dir/a`nb"
            $file[0].Pid | Should -Be $holder.Id

            $inventory = @(Get-IpcObject -Kind UnixSocket | Where-Object { $_.Name -like "@$name*" -or $_.Name -eq $forged -or $_.Name -like "$dir/*" })
            $inventory.Name | Sort-Object | Should -Be @("$dir/a`nb", "@$name`n$tail" | Sort-Object)
            ($inventory | Where-Object Name -eq "$dir/a`nb").OctalMode | Should -Not -BeNullOrEmpty
            ($inventory | ForEach-Object { $_.Holders.Pid }) | Should -Be @($holder.Id, $holder.Id)
        }
        finally { $holder.Kill() }
    }

    It 'keeps the exact bytes of a name that is not UTF-8: shown escaped, and Send-UnixSocketMessage reaches it by that Name' {
        $name = New-AbstractName
        $receiver = Start-Peer $Python '-c', "import socket, sys`nb = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)`nb.bind(b'\0' + sys.argv[1].encode() + b'-\xff\xfe')`nb.settimeout(30)`nprint(b.recv(100).decode(), flush=True)", $name
        Wait-Bound -Name "$name*" -Datagram
        $s = @(Get-UnixSocket -Name "$name*")
        $s.Count | Should -Be 1
        $s[0].Display | Should -BeExactly "@$name-\xFF\xFE"
        $s[0].AddressBytes | Select-Object -Last 3 | Should -Be @(0x2d, 0xff, 0xfe)
        $s[0].Name | Should -Not -Be "$name-$([char]0xFFFD)$([char]0xFFFD)"
        Send-UnixSocketMessage -Abstract $s[0].Name -Datagram 'reached' -TimeoutSec 10
        ($receiver | Wait-Peer).StdOut.Trim() | Should -Be 'reached'
    }

    It 'reads /proc/net/unix, with a warning, where the kernel refuses the sock_diag request' {
        $path = New-SocketPath
        $holder = Start-Peer $Python '-c', "import socket, time`na = socket.socket(socket.AF_UNIX)`na.bind('$path')`na.listen(1)`ntime.sleep(60)"
        Wait-Bound -Path $path
        @(Get-UnixSocket -Path $path -WarningVariable none).Count | Should -Be 1
        $none | Should -BeNullOrEmpty
        $old = Set-TestHook ([PosixIpc.Sockets.UnixSockets]) DiagProtocol 31   # No netlink family has this number.
        try {
            $s = Get-UnixSocket -Path $path -WarningVariable warned -WarningAction SilentlyContinue
            $s.Pid | Should -Be $holder.Id
            "$warned" | Should -Match 'sock_diag.*/proc/net/unix'
            $null = Get-IpcObject -Kind UnixSocket -WarningVariable inventoryWarned -WarningAction SilentlyContinue
            "$inventoryWarned" | Should -Match 'sock_diag'
        }
        finally {
            $null = Set-TestHook ([PosixIpc.Sockets.UnixSockets]) DiagProtocol $old
            $holder.Kill()
        }
    }

    It 'completes abstract names for -Abstract' {
        $name = New-AbstractName
        $holder = Start-Peer $Python '-c', "import socket, time`nb = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)`nb.bind('\0$name')`ntime.sleep(60)"
        try {
            Wait-Bound -Name $name -Datagram
            $line = "Send-UnixSocketMessage -Abstract $($name.Substring(0, 20))"
            $completions = TabExpansion2 -inputScript $line -cursorColumn $line.Length
            $completions.CompletionMatches.CompletionText | Should -Contain $name
        }
        finally { $holder.Kill() }
    }
}
