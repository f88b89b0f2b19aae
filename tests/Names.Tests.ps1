# Names that are not text: queues, segments, semaphores and FIFOs that a C program names with raw
# bytes (not UTF-8, or with control characters) are listed with their exact bytes, shown escaped
# (\xNN, \\), and addressed exactly again, by pipeline and by the escaped name, leaving alone the
# look-alike whose name holds U+FFFD (what .NET's own decoding turns the bytes into).

BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $script:MissingPeers = Get-MissingPeer gcc
    $script:MountedByTests = Mount-Mqueue
    $script:Peer = Build-TestPeer byte_names.c -Library rt

    function Get-Utf8([string] $Text) { [Text.Encoding]::UTF8.GetBytes($Text) }

    function Invoke-Peer([string] $Verb, [byte[]] $Name) {
        # The peer takes the name in hex, so no shell or .NET string ever holds the bytes.
        $out = & $Peer $Verb ([Convert]::ToHexString($Name))
        if ($LASTEXITCODE -ne 0) { throw "byte_names $Verb failed" }
        $out
    }

    function Test-BytePath([byte[]] $Path) { (Invoke-Peer exists $Path) -eq 'yes' }
}

AfterAll {
    Dismount-Mqueue $MountedByTests
}

Describe 'A <Noun> named with bytes that are not UTF-8' -ForEach @(
    @{ Noun = 'queue'; Verb = 'mq'; Dir = '/dev/mqueue/'; Get = 'Get-MqQueue'; Remove = 'Remove-MqQueue'; New = { param($n) New-MqQueue $n } }
    @{ Noun = 'segment'; Verb = 'shm'; Dir = '/dev/shm/'; Get = 'Get-SharedMemory'; Remove = 'Remove-SharedMemory'; New = { param($n) New-SharedMemory $n -Size 4096 } }
    @{ Noun = 'semaphore'; Verb = 'sem'; Dir = '/dev/shm/sem.'; Get = 'Get-IpcSemaphore'; Remove = 'Remove-IpcSemaphore'; New = { param($n) New-IpcSemaphore $n } }
) {
    BeforeEach {
        Skip-IfMissing $MissingPeers
        $script:Base = New-TestName names
        # "/names-...-" and the bytes FF FE: no UTF-8 text has them, .NET reads them as U+FFFD U+FFFD.
        $script:Odd = [byte[]](Get-Utf8 "$Base-") + 0xFF, 0xFE
        $script:OddFile = [byte[]](Get-Utf8 $Dir) + $Odd[1..($Odd.Length - 1)]
        $script:LookAlike = "$Base-$([char]0xFFFD)$([char]0xFFFD)"
        Invoke-Peer $Verb $Odd
        $null = & $New $LookAlike
    }

    AfterEach {
        & $Remove "$Base-\xFF\xFE", $LookAlike -ErrorAction Ignore
    }

    It 'is listed apart from its look-alike, with its exact bytes, and shown escaped' {
        $listed = @(& $Get "$Base-*")
        $listed.Count | Should -Be 2
        $escaped = @($listed | Where-Object Name -CEQ "$Base-\xFF\xFE")
        $escaped.Count | Should -Be 1
        [Convert]::ToHexString($escaped[0].NameBytes) | Should -Be ([Convert]::ToHexString($Odd[1..($Odd.Length - 1)]))
        @($listed | Where-Object Name -CEQ $LookAlike).Count | Should -Be 1
        ($escaped | Out-String) | Should -Match ([regex]::Escape("$Base-\xFF\xFE"))
    }

    It 'is removed by the pipeline from the listing, and its look-alike is not' {
        & $Get "$Base-*" | Where-Object Name -CEQ "$Base-\xFF\xFE" | & $Remove
        Test-BytePath $OddFile | Should -BeFalse
        (& $Get $LookAlike).Name | Should -Be $LookAlike
    }

    It 'is addressed by its escaped name (either case of hex digits), and its look-alike is not' {
        (& $Get "$Base-\xff\xfe").Name | Should -Be "$Base-\xFF\xFE"
        & $Remove "$Base-\xff\xFE"
        Test-BytePath $OddFile | Should -BeFalse
        (& $Get $LookAlike).Name | Should -Be $LookAlike
    }

    It 'is matched by a wildcard over its escaped name' {
        @(& $Get "$Base-\x*").Name | Should -Be "$Base-\xFF\xFE"
        & $Remove "$Base-\xFF*"
        Test-BytePath $OddFile | Should -BeFalse
        (& $Get $LookAlike).Name | Should -Be $LookAlike
    }
}

Describe 'Queue names with control characters and backslashes' {
    BeforeEach {
        Skip-IfMissing $MissingPeers
        $script:Base = New-TestName names
    }

    It 'shows a newline as \x0A, never as a line break, and removes the queue by that name' {
        Invoke-Peer mq (Get-Utf8 "$Base-a`nb")
        $q = Get-MqQueue "$Base-*"
        $q.Name | Should -BeExactly "$Base-a\x0Ab"
        ($q | Out-String) | Should -Not -Match "$Base-a\r?\n"
        Remove-MqQueue "$Base-a\x0Ab"
        Test-BytePath (Get-Utf8 "/dev/mqueue/$($Base.Substring(1))-a`nb") | Should -BeFalse
    }

    It 'writes a backslash as \\ and takes \\ back as one backslash' {
        $made = New-MqQueue "$Base-a\\b"
        $made.Name | Should -BeExactly "$Base-a\\b"
        [Text.Encoding]::UTF8.GetString($made.NameBytes) | Should -BeExactly "$($Base.Substring(1))-a\b"
        Test-BytePath (Get-Utf8 "/dev/mqueue/$($Base.Substring(1))-a\b") | Should -BeTrue
        Get-MqQueue "$Base-*" | Remove-MqQueue
        Test-BytePath (Get-Utf8 "/dev/mqueue/$($Base.Substring(1))-a\b") | Should -BeFalse
    }

    It 'refuses a backslash that starts no escape (MqInvalidName), before any system call' {
        Get-IpcErrorId { New-MqQueue "$Base-a\qb" } | Should -Be 'MqInvalidName,PosixIpc.Commands.NewMqQueueCommand'
        @(Get-MqQueue "$Base*").Count | Should -Be 0
    }

    It 'lists the queue in Get-IpcObject under its escaped name, and Remove-IpcObject removes exactly it' {
        $odd = [byte[]](Get-Utf8 "$Base-") + 0xFF
        Invoke-Peer mq $odd
        $null = New-MqQueue "$Base-$([char]0xFFFD)"
        $listed = @(Get-IpcObject -Kind MessageQueue -Name "$Base*")
        ($listed.Name | Sort-Object) | Should -Be @("$Base-\xFF", "$Base-$([char]0xFFFD)")
        $listed | Where-Object Name -CEQ "$Base-\xFF" | Remove-IpcObject
        Test-BytePath ([byte[]](Get-Utf8 '/dev/mqueue/') + $odd[1..($odd.Length - 1)]) | Should -BeFalse
        (Get-MqQueue "$Base-$([char]0xFFFD)").Name | Should -Be "$Base-$([char]0xFFFD)"
        Remove-MqQueue "$Base-$([char]0xFFFD)"
    }
}

Describe 'A FIFO named with bytes that are not UTF-8' {
    BeforeEach {
        Skip-IfMissing $MissingPeers
        $script:Dir = Join-Path $TestDrive (New-TestName fifos -Bare)
        $null = New-Item -ItemType Directory $Dir
        $script:OddPath = [byte[]](Get-Utf8 "$Dir/fifo-") + 0xFF
        Invoke-Peer fifo $OddPath
        Invoke-Peer fifo (Get-Utf8 "$Dir/nl`nx")
        $null = New-IpcFifo "$Dir/fifo-$([char]0xFFFD)"
    }

    AfterEach {
        Get-IpcFifo $Dir -ErrorAction Ignore | Remove-IpcFifo -ErrorAction Ignore
    }

    It 'is listed with its exact bytes, and the view shows it escaped' {
        $listed = @(Get-IpcFifo $Dir)
        $listed.Count | Should -Be 3
        $odd = @($listed | Where-Object { [Convert]::ToHexString($_.NameBytes) -eq '6669666F2DFF' })
        $odd.Count | Should -Be 1
        $odd[0].Path | Should -BeExactly "$Dir/fifo-$([char]0xDCFF)"
        $shown = $listed | Format-Table | Out-String -Width 200
        $shown | Should -Match ([regex]::Escape("$Dir/fifo-\xFF"))
        $shown | Should -Match ([regex]::Escape("$Dir/nl\x0Ax"))
        (Get-IpcObject -Kind Fifo -Path $Dir | Format-Table | Out-String -Width 200) | Should -Match ([regex]::Escape("$Dir/fifo-\xFF"))
    }

    It 'is removed by the pipeline from Get-IpcFifo, and its look-alike is not' {
        Get-IpcFifo $Dir | Where-Object { $_.NameBytes[-1] -eq 0xFF } | Remove-IpcFifo
        Test-BytePath $OddPath | Should -BeFalse
        Test-Path -LiteralPath "$Dir/fifo-$([char]0xFFFD)" | Should -BeTrue
        @(Get-IpcFifo $Dir).Count | Should -Be 2
    }

    It 'is addressed by its escaped name under -Path (a relative one too), and its look-alike is not' {
        Push-Location $Dir
        try {
            (Get-IpcFifo 'fifo-\xff').Path | Should -BeExactly "$Dir/fifo-$([char]0xDCFF)"
            Remove-IpcFifo 'fifo-\xFF'
        }
        finally { Pop-Location }
        Test-BytePath $OddPath | Should -BeFalse
        Remove-IpcFifo "$Dir/nl\x0Ax"
        Test-BytePath (Get-Utf8 "$Dir/nl`nx") | Should -BeFalse
        (Get-IpcFifo $Dir).Name | Should -BeExactly "fifo-$([char]0xFFFD)"
    }

    It 'is matched by a wildcard, once, beside its look-alike' {
        $found = @(Get-IpcFifo "$Dir/fifo-*")
        $found.Count | Should -Be 2
        @($found | Where-Object { $_.NameBytes[-1] -eq 0xFF }).Count | Should -Be 1
    }

    It 'shows the process that holds it open among its holders in Get-IpcObject' {
        Skip-IfMissing (Get-MissingPeer python3)
        $ready = "$Dir.ready"
        $holder = Start-Peer python3 '-c', "import os, time; fd = os.open(bytes.fromhex('$([Convert]::ToHexString($OddPath))'), os.O_RDWR); open('$ready', 'w').close(); time.sleep(30)"
        try {
            $deadline = [DateTime]::UtcNow.AddSeconds(20)
            while (-not (Test-Path -LiteralPath $ready) -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 50 }
            Test-Path -LiteralPath $ready | Should -BeTrue
            $listed = Get-IpcObject -Kind Fifo -Path $Dir | Where-Object { $_.Path.EndsWith([char]0xDCFF) }
            $listed.Pid | Should -Contain $holder.Id
        }
        finally { $holder.Kill(); $holder.WaitForExit() }
    }

    It 'is removed by Get-IpcObject | Remove-IpcObject' {
        Get-IpcObject -Kind Fifo -Path $Dir | Where-Object { $_.Path.EndsWith([char]0xDCFF) } | Remove-IpcObject
        Test-BytePath $OddPath | Should -BeFalse
        @(Get-IpcFifo $Dir).Count | Should -Be 2
    }
}
