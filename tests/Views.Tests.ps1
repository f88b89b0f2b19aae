# Views: every type with a view in PosixIpc.Format.ps1xml, made for real with the cmdlets and rendered
# at 80 columns: no line is wider than 80 and the identifying value (name, path, queue ...) shows whole.

BeforeDiscovery {
    [xml] $format = Get-Content (Join-Path $PSScriptRoot '../PosixIpc.Format.ps1xml') -Raw
    $script:ViewTypes = @($format.Configuration.ViewDefinitions.View | ForEach-Object { $_.ViewSelectedBy.TypeName })
}

BeforeAll {
    . (Join-Path $PSScriptRoot common.ps1)
    $script:Mounted = Mount-Mqueue
    # Short names, so each identifying value fits the column an 80-column terminal leaves it.
    $id = [guid]::NewGuid().ToString('n').Substring(0, 6)
    $script:Dir = "/tmp/pv-$id"
    $null = New-Item -ItemType Directory -Force $Dir
    $script:Queue = "/pv-q-$id"
    $script:Segment = "/pv-s-$id"
    $script:Semaphore = "/pv-m-$id"
    $script:Objects = @{}

    function Add-Object($Value) { foreach ($v in @($Value)) { $script:Objects[$v.PSObject.TypeNames[0]] = $v } }

    $fifo = "$Dir/fifo"
    Add-Object (New-IpcFifo $fifo)
    $reader = Start-ThreadJob { param($m, $f) Import-Module $m; Read-IpcFifo $f -Count 1 } -ArgumentList $ModuleManifest, $fifo
    Add-Object (Write-IpcFifo $fifo -Value 'hello' -PassThru -TimeoutSec 20)
    $null = $reader | Wait-Job -Timeout 20 | Receive-Job
    $reader | Remove-Job -Force
    $transferWriter = Start-Peer bash '-c', "printf 'payload' > '$fifo'"
    Add-Object (Read-IpcFifo $fifo -AsByteStream -OutFile "$Dir/copy.bin" -PassThru -TimeoutSec 20)
    $transferWriter | Wait-Peer | Out-Null

    Add-Object (Get-IpcSignal USR1)
    Add-Object (Get-IpcSignal -Id $PID)
    $sleeper = Start-Process sleep 60 -PassThru
    Add-Object (Send-IpcSignal -Id $sleeper.Id -Signal TERM -PassThru -Confirm:$false)
    $sleeper.WaitForExit(5000)
    $kill = Start-ThreadJob { Start-Sleep -Milliseconds 500; & kill -s USR2 $using:PID }
    Add-Object (Wait-IpcSignal -Signal USR2 -TimeoutSec 20)
    $kill | Wait-Job -Timeout 10 | Remove-Job -Force

    Add-Object (New-MqQueue $Queue)
    Add-Object ('job' | Send-MqMessage $Queue -PassThru)
    Add-Object (Receive-MqMessage $Queue -TimeoutSec 5)

    $file = "$Dir/data.bin"
    Set-Content $file ('0123456789' * 10) -NoNewline
    Add-Object (Read-MappedFile $file -Count 20)
    Add-Object (Write-MappedFile $file -Offset 0 -Value 'ab' -PassThru -Confirm:$false)
    Add-Object (Search-MappedFile $file -Text '45' -First 1)
    Add-Object (Search-MappedFile $file -Text '45' -CountOnly)

    $socket = "$Dir/sock"
    $receiver = Start-ThreadJob { param($m, $s) Import-Module $m; Receive-UnixSocketMessage -Path $s -Count 1 -TimeoutSec 20 } -ArgumentList $ModuleManifest, $socket
    Wait-Until { Test-Path $socket } -TimeoutSec 20
    Add-Object (Get-UnixSocket | Where-Object Address -EQ $socket)
    Add-Object ('ping' | Send-UnixSocketMessage -Path $socket -PassThru)
    Add-Object ($receiver | Wait-Job -Timeout 20 | Receive-Job)
    $receiver | Remove-Job -Force

    Add-Object (New-SharedMemory $Segment -Size 4096)
    Add-Object (Write-SharedMemory $Segment -Value 'ready' -PassThru -Confirm:$false)
    $script:Opened = Open-SharedMemory $Segment
    Add-Object $Opened
    Add-Object (New-IpcSemaphore $Semaphore)
    Add-Object (Get-IpcObject -Name $Queue)
    $script:Lock = Lock-IpcFile "$Dir/lock"
    Add-Object $Lock

    $notify = "pv-n-$id"
    $listener = Start-ThreadJob { param($m, $n) Import-Module $m; Receive-UnixSocketMessage -Abstract $n -Datagram -Count 1 -TimeoutSec 20 } -ArgumentList $ModuleManifest, $notify
    Wait-Until { Get-UnixSocket | Where-Object Address -EQ "@$notify" } -TimeoutSec 20
    $saved = $env:NOTIFY_SOCKET
    try {
        $env:NOTIFY_SOCKET = "@$notify"
        Add-Object (Send-SystemdNotification -Status 'fine' -PassThru)
    }
    finally { $env:NOTIFY_SOCKET = $saved }
    $null = $listener | Wait-Job -Timeout 20 | Receive-Job
    $listener | Remove-Job -Force

    # The value that tells one row from another, per type.
    $script:Identity = @{
        'PosixIpc.Fifo.FifoInfo'                       = { $_.Path }
        'PosixIpc.Fifo.FifoWriteResult'                = { $_.Path }
        'PosixIpc.IpcFileTransfer'                     = { $_.File }
        'PosixIpc.Signals.SignalInfo'                  = { $_.Name }
        'PosixIpc.Signals.ProcessSignalState'          = { $_.ProcessId }
        'PosixIpc.Signals.SentSignal'                  = { $_.ProcessId }
        'PosixIpc.Signals.ReceivedSignal'              = { $_.Signal }
        'PosixIpc.Mq.MqQueueInfo'                      = { $_.Name }
        'PosixIpc.Mq.MqMessage'                        = { $_.Queue }
        'PosixIpc.Mq.MqSendResult'                     = { $_.Queue }
        'PosixIpc.MappedFiles.MappedFileData'          = { $_.Path }
        'PosixIpc.MappedFiles.MappedFileWriteResult'   = { $_.Path }
        'PosixIpc.MappedFiles.MappedFileMatch'         = { $_.Path }
        'PosixIpc.MappedFiles.MappedFileMatchCount'    = { $_.Path }
        'PosixIpc.Sockets.UnixSocketMessage'           = { $_.Text }
        'PosixIpc.Sockets.UnixSocketInfo'              = { $_.Address }
        'PosixIpc.Sockets.UnixSocketSendResult'        = { $_.Socket }
        'PosixIpc.SharedMemory.SharedMemoryInfo'       = { $_.Name }
        'PosixIpc.SharedMemory.SharedMemoryWriteResult' = { $_.Name }
        'PosixIpc.SharedMemory.SharedMemorySegment'    = { $_.Name }
        'PosixIpc.Semaphores.SemaphoreInfo'            = { $_.Name }
        'PosixIpc.Inventory.IpcObject'                 = { $_.Name }
        'PosixIpc.FileLocks.FileLock'                  = { $_.Path }
        'PosixIpc.Systemd.SystemdNotification'         = { $_.Socket }
    }
}

AfterAll {
    if ($Lock) { $Lock | Unlock-IpcFile }
    if ($Opened) { $Opened.Dispose() }
    Remove-MqQueue $Queue -Confirm:$false -ErrorAction Ignore
    Remove-SharedMemory $Segment -Confirm:$false -ErrorAction Ignore
    Remove-IpcSemaphore $Semaphore -Confirm:$false -ErrorAction Ignore
    Remove-Item -Recurse -Force $Dir -ErrorAction Ignore
    Dismount-Mqueue $Mounted
    Stop-StartedPeers
}

Describe 'The view of <_> at 80 columns' -ForEach $ViewTypes {
    BeforeAll { $type = $_ }

    It 'has a test object and an identifying value' {
        $Objects.Keys | Should -Contain $type -Because 'every view needs an object made here'
        $Identity.Keys | Should -Contain $type -Because 'every view needs its identifying value named here'
    }

    It 'keeps every line within 80 columns and shows the identifying value whole' {
        $object = $Objects[$type]
        $value = [string]($object | ForEach-Object $Identity[$type])
        $value | Should -Not -BeNullOrEmpty
        $PSStyle.OutputRendering = 'PlainText'
        $text = $object | Out-String -Width 80
        $lines = $text -split "`r?`n"
        $lines | Where-Object { $_.Length -gt 80 } | Should -BeNullOrEmpty
        $text | Should -Match ([regex]::Escape($value))
    }
}

Describe 'Get-IpcObject at 80 columns' {
    It 'shows each object''s kind and whole name with the mode as 0600' {
        $PSStyle.OutputRendering = 'PlainText'
        $text = Get-IpcObject -Name $Queue, $Segment, $Semaphore | Out-String -Width 80
        foreach ($name in $Queue, $Segment, $Semaphore) { $text | Should -Match ([regex]::Escape($name)) }
        $text | Should -Match '(?m)^Queue\s+\S+\s+0600\s'
        $text | Should -Match '(?m)^Shm\s+\S+\s+0600\s'
    }
}
