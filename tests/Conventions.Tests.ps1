# Conventions across the module: one meaning per parameter name, and completion that offers only
# what the cmdlet accepts.

BeforeAll {
    . (Join-Path $PSScriptRoot common.ps1)
    $script:Common = [System.Management.Automation.Cmdlet]::CommonParameters + [System.Management.Automation.Cmdlet]::OptionalCommonParameters
    function Get-Completion([string] $Line) { (TabExpansion2 -inputScript $Line -cursorColumn $Line.Length).CompletionMatches.CompletionText }
}

Describe 'Parameter names' {
    It 'never is a switch in one cmdlet and takes a value in another' {
        $parameters = Get-Command -Module PosixIpc | ForEach-Object {
            $command = $_
            $_.Parameters.Values | Where-Object Name -NotIn $Common | ForEach-Object {
                [pscustomobject]@{ Name = $_.Name; Switch = $_.SwitchParameter; Command = $command.Name }
            }
        }
        $mixed = $parameters | Group-Object Name | Where-Object { @($_.Group.Switch | Sort-Object -Unique).Count -gt 1 } |
            ForEach-Object { "-$($_.Name): " + (($_.Group | ForEach-Object { "$($_.Command)$(if ($_.Switch) { ' (switch)' })" }) -join ', ') }
        $mixed | Should -BeNullOrEmpty
    }

    It 'has -Count as a number wherever it is' {
        Get-Command -Module PosixIpc | ForEach-Object { $_.Parameters['Count'] } | Where-Object { $_ } |
            ForEach-Object { $_.ParameterType } | Should -BeIn ([int], [long])
        (Get-Command Search-MappedFile).Parameters['CountOnly'].SwitchParameter | Should -BeTrue
    }
}

Describe 'Completion' {
    It 'offers <Command> only the signals it can catch' -ForEach @(
        @{ Command = 'Wait-IpcSignal -Signal ' }
        @{ Command = 'Register-IpcSignalEvent -Signal ' }
    ) {
        $offered = @(Get-Completion $Command)
        $offered | Should -Contain 'USR1'
        $offered | Should -Contain 'RTMIN+1'
        foreach ($refused in 'KILL', 'STOP', 'SEGV', 'ILL', 'RTMIN') { $offered | Should -Not -Contain $refused }
        # Everything offered is accepted: none is SignalNotCatchable.
        foreach ($name in $offered) {
            { $w = [PosixIpc.Signals.SignalWaiter]::new([PosixIpc.Signals.SignalInfo[]]@([PosixIpc.Signals.SignalTable]::Parse($name))); $w.Dispose() } | Should -Not -Throw
        }
    }

    It 'still offers Send-IpcSignal every signal' {
        $offered = @(Get-Completion 'Send-IpcSignal -Id 1 -Signal ')
        foreach ($name in 'KILL', 'STOP', 'SEGV', 'RTMIN') { $offered | Should -Contain $name }
    }

    It 'completes Get-IpcObject -Name with the names of existing objects' {
        $name = New-TestName 'complete'
        $null = New-SharedMemory $name -Size 4096
        try {
            Get-Completion "Get-IpcObject -Name $($name.Substring(0, 12))" | Should -Contain $name
            Get-Completion "Get-IpcObject $($name.Substring(1, 11))" | Should -Contain $name
        }
        finally { Remove-SharedMemory $name -Confirm:$false }
    }
}
