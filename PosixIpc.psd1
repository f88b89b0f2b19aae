@{
    RootModule           = 'bin/PosixIpc.dll'
    ModuleVersion        = '0.1.0'
    CompatiblePSEditions = @('Core')
    GUID                 = '5b0c7f0e-2f7a-4d1e-9c57-3f1f6a8e2d41'
    Author               = 'PosixIpc developers'
    CompanyName          = 'PosixIpc'
    Copyright            = '(c) PosixIpc developers. MIT License.'
    Description          = 'POSIX and Linux inter-process communication for PowerShell 7 on Linux: named pipes (FIFOs), Unix domain sockets, signals, POSIX message queues, POSIX shared memory with named semaphores, and memory-mapped files, as typed objects. The objects are the real kernel objects, so C, Python and shell programs share them by name.'
    PowerShellVersion    = '7.6'
    FormatsToProcess     = @('PosixIpc.Format.ps1xml')
    CmdletsToExport      = @(
        'New-IpcFifo'
        'Get-IpcFifo'
        'Remove-IpcFifo'
        'Write-IpcFifo'
        'Read-IpcFifo'
        'Send-IpcSignal'
        'Get-IpcSignal'
        'Wait-IpcSignal'
        'Register-IpcSignalEvent'
        'New-MqQueue'
        'Get-MqQueue'
        'Remove-MqQueue'
        'Clear-MqQueue'
        'Send-MqMessage'
        'Receive-MqMessage'
        'Register-MqMessageEvent'
        'New-SharedMemory'
        'Get-SharedMemory'
        'Remove-SharedMemory'
        'Open-SharedMemory'
        'Write-SharedMemory'
        'Read-SharedMemory'
        'New-IpcSemaphore'
        'Get-IpcSemaphore'
        'Remove-IpcSemaphore'
        'Lock-IpcSemaphore'
        'Unlock-IpcSemaphore'
        'Use-IpcSemaphore'
        'Read-MappedFile'
        'Write-MappedFile'
        'Search-MappedFile'
        'Receive-UnixSocketMessage'
        'Send-UnixSocketMessage'
        'Invoke-UnixSocketRequest'
        'Start-UnixSocketServer'
        'Get-UnixSocket'
        'Get-IpcObject'
        'Remove-IpcObject'
        'Lock-IpcFile'
        'Unlock-IpcFile'
        'Use-IpcFileLock'
        'Send-SystemdNotification'
    )
    FunctionsToExport    = @()
    AliasesToExport      = @()
    VariablesToExport    = @()
    PrivateData          = @{
        PSData = @{
            Tags         = @('Linux', 'IPC', 'FIFO', 'NamedPipe', 'POSIX', 'Signal', 'MessageQueue', 'UnixSocket', 'SharedMemory', 'Semaphore', 'mmap', 'PSEdition_Core')
            LicenseUri   = 'LICENSE'
            ReleaseNotes = '0.1.0, the first release, for PowerShell 7.6 (tested on 7.6.9): named pipes (FIFOs), Unix domain sockets, signals, POSIX message queues, shared memory with named semaphores, memory-mapped files and an inventory of every IPC object (Get-IpcObject). One package for linux-x64 and linux-arm64: the architecture-specific Tmds.LibC is chosen at import from bin/linux-x64 or bin/linux-arm64.'
        }
    }
}
