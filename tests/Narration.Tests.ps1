# Narration: -Verbose says what a wait waits for (once per wait), and work that can take seconds
# writes throttled progress records, completed at the end.

BeforeAll {
    . (Join-Path $PSScriptRoot common.ps1)
    $script:Mounted = Mount-Mqueue

    function Get-Verbose([scriptblock] $Body) {
        # The verbose messages a script writes with -Verbose on; its errors (the waits time out) are left out.
        $VerbosePreference = 'Continue'
        $out = try { & $Body 4>&1 2>$null } catch { $null }
        @($out | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message)
    }

    function Get-ProgressRecord([string] $Script) {
        # Runs the script in a PowerShell instance of this process with $ProgressPreference = 'Continue'
        # and progress shown at once (the test hook), and returns the progress records it wrote.
        $type = [PosixIpc.Commands.GetIpcObjectCommand].Assembly.GetType('PosixIpc.Commands.ProgressThrottle')
        $old = Set-TestHook -Type $type -Name FirstAfterMs -Value ([long]0)
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript("`$ProgressPreference = 'Continue'; Import-Module '$ModuleManifest'`n$Script")
            $null = $ps.Invoke()
            $ps.Streams.Error | ForEach-Object { throw $_ }
            @($ps.Streams.Progress)
        }
        finally {
            $ps.Dispose()
            $null = Set-TestHook -Type $type -Name FirstAfterMs -Value $old
        }
    }
}

AfterAll {
    Dismount-Mqueue $Mounted
    Stop-StartedPeers
}

Describe '-Verbose on a wait' {
    It 'Write-IpcFifo says it waits for a reader, once' {
        $path = New-TestPath 'fifo'
        $null = New-IpcFifo $path
        try {
            $said = Get-Verbose { Write-IpcFifo $path -Value 'x' -TimeoutSec 0.5 }
            @(@($said) -like 'Waiting for a reader*').Count | Should -Be 1
            @($said) -like 'Waiting*' | Should -Match ([regex]::Escape($path))
        }
        finally { Remove-Item -LiteralPath $path }
    }

    It 'Send-MqMessage says it waits for room in the full queue, once' {
        $q = New-TestName 'narrate'
        $null = New-MqQueue $q -MaxMessages 1
        try {
            $said = Get-Verbose { 1, 2 | Send-MqMessage $q -TimeoutSec 0.5 }
            @(@($said) -like '*is full*waiting for room*').Count | Should -Be 1
            @($said) -like '*waiting for room*' | Should -Match "$([regex]::Escape($q)).*full \(1 messages\)"
        }
        finally { Remove-MqQueue $q -Confirm:$false }
    }

    It '<Command> says it waits for the semaphore, once' -ForEach @(
        @{ Command = 'Lock-IpcSemaphore'; Script = { param($s) Lock-IpcSemaphore $s -TimeoutSec 0.5 } }
        @{ Command = 'Use-IpcSemaphore'; Script = { param($s) Use-IpcSemaphore $s -TimeoutSec 0.5 -ScriptBlock { } } }
    ) {
        $s = New-TestName 'narrate'
        $null = New-IpcSemaphore $s -InitialValue 0
        try {
            $said = Get-Verbose { & $Script $s }
            @(@($said) -like 'Waiting for the semaphore*').Count | Should -Be 1
            @($said) -like 'Waiting*' | Should -Match ([regex]::Escape($s))
        }
        finally { Remove-IpcSemaphore $s -Confirm:$false }
    }

    It 'says nothing about waiting when the semaphore is free' {
        $s = New-TestName 'narrate'
        $null = New-IpcSemaphore $s -InitialValue 1
        try { Get-Verbose { Lock-IpcSemaphore $s -TimeoutSec 1 } | Should -Not -BeLike 'Waiting*' }
        finally { Remove-IpcSemaphore $s -Confirm:$false }
    }

    It 'Receive-UnixSocketMessage says it waits for a connection' {
        $name = New-TestName 'narrate' -Bare
        $said = Get-Verbose { Receive-UnixSocketMessage -Abstract $name -TimeoutSec 0.3 }
        @($said -like "Waiting for a connection on '@$name'*").Count | Should -Be 1
    }

    It 'Wait-IpcSignal says which signals it waits for' {
        $said = Get-Verbose { Wait-IpcSignal USR1, USR2 -TimeoutSec 0.3 }
        @(@($said) -like 'Waiting for SIGUSR1 or SIGUSR2*0.3 s*').Count | Should -Be 1
    }
}

Describe 'Progress' {
    It 'Receive-MqMessage -Count writes progress records and completes them' {
        $q = New-TestName 'progress'
        $null = New-MqQueue $q -MaxMessages 10
        try {
            1..5 | Send-MqMessage $q
            $records = Get-ProgressRecord "Receive-MqMessage '$q' -Count 5 -TimeoutSec 5 | Out-Null"
            $records.Count | Should -BeGreaterThan 0
            $records.Count | Should -BeLessOrEqual 6
            $records[0].Activity | Should -BeLike "Receive-MqMessage*$q*"
            $records[-1].RecordType | Should -Be 'Completed'
        }
        finally { Remove-MqQueue $q -Confirm:$false }
    }

    It 'Search-MappedFile over a large range writes throttled progress, completed at the end' {
        $path = New-TestPath 'big.img'
        & truncate -s 1G $path
        try {
            $clock = [Diagnostics.Stopwatch]::StartNew()
            $records = Get-ProgressRecord "Search-MappedFile '$path' -Text 'absent' -CountOnly | Out-Null"
            $elapsedMs = $clock.ElapsedMilliseconds
            $processing = @($records | Where-Object RecordType -EQ 'Processing').Count
            $processing | Should -BeGreaterThan 0
            # At most one record per 200 ms throttle interval of the time the search took (however loaded
            # the machine), and far fewer than one per 1 MiB block.
            $processing | Should -BeLessOrEqual ([Math]::Ceiling($elapsedMs / 200) + 1) -Because "records are throttled to one per 200 ms ($elapsedMs ms in all)"
            $processing | Should -BeLessThan 128 -Because 'records are throttled, not one per 1 MiB block'
            $records[-1].RecordType | Should -Be 'Completed'
        }
        finally { Remove-Item -LiteralPath $path }
    }

    It 'Read-MappedFile -AsByteStream over a large range writes progress' {
        $path = New-TestPath 'big.img'
        & truncate -s 64M $path
        try {
            $records = Get-ProgressRecord "Read-MappedFile '$path' -AsByteStream | Out-Null"
            $records.Count | Should -BeGreaterThan 0
            $records[-1].RecordType | Should -Be 'Completed'
        }
        finally { Remove-Item -LiteralPath $path }
    }

    It 'Get-IpcObject writes progress while it scans /proc' {
        $records = Get-ProgressRecord 'Get-IpcObject | Out-Null'
        $records.Count | Should -BeGreaterThan 0
        $records[0].Activity | Should -BeLike '*holders in /proc*'
        $records[-1].RecordType | Should -Be 'Completed'
    }

    It 'writes no progress for short work (before the first half second)' {
        $type = [PosixIpc.Commands.GetIpcObjectCommand].Assembly.GetType('PosixIpc.Commands.ProgressThrottle')
        $type.GetProperty('FirstAfterMs').GetValue($null) | Should -Be 500
    }
}
