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

Describe 'Path parameters' {
    BeforeAll {
        $script:PathCommands = @(Get-Command -Module PosixIpc | Where-Object { $_.Parameters.ContainsKey('Path') })
    }

    BeforeEach {
        $script:Dir = Join-Path $TestDrive (New-TestName paths -Bare)
        $null = New-Item -ItemType Directory $Dir
    }

    It 'gives every cmdlet with a -Path a -LiteralPath (aliases PSPath and LP, no wildcards), both in its help' {
        $PathCommands.Count | Should -BeGreaterOrEqual 17
        $problems = foreach ($command in $PathCommands) {
            $literal = $command.Parameters['LiteralPath']
            if (-not $literal) { "$($command.Name): no -LiteralPath"; continue }
            foreach ($alias in 'PSPath', 'LP') {
                if ($alias -notin $literal.Aliases) { "$($command.Name): -LiteralPath lacks the alias $alias" }
            }
            if ('PSPath' -in $command.Parameters['Path'].Aliases) { "$($command.Name): -Path has the alias PSPath" }
            if ($literal.Attributes | Where-Object { $_ -is [System.Management.Automation.SupportsWildcardsAttribute] }) { "$($command.Name): -LiteralPath takes wildcards" }
            $help = @((Get-Help $command.Name -Full).Parameters.Parameter)
            foreach ($name in 'Path', 'LiteralPath') {
                $entry = $help | Where-Object Name -EQ $name
                if (-not ($entry.Description.Text -join '').Trim()) { "$($command.Name): no help for -$name" }
            }
        }
        $problems | Should -BeNullOrEmpty
    }

    It 'binds Get-ChildItem output by PSPath to -LiteralPath, so a name with brackets is removed exactly' {
        $null = New-IpcFifo -LiteralPath "$Dir/a[1]"
        $null = New-IpcFifo "$Dir/a1"
        Get-ChildItem -LiteralPath "$Dir/a[1]" | Remove-IpcFifo
        Test-Path -LiteralPath "$Dir/a[1]" | Should -BeFalse
        Test-Path -LiteralPath "$Dir/a1" | Should -BeTrue
    }

    It 'takes -LiteralPath as written where -Path expands the wildcard' {
        $null = New-IpcFifo "$Dir/b1"
        Get-IpcErrorId { Remove-IpcFifo -LiteralPath "$Dir/b[1]" } | Should -Be 'FifoNotFound,PosixIpc.Commands.RemoveIpcFifoCommand'
        Test-Path -LiteralPath "$Dir/b1" | Should -BeTrue
        (Get-IpcFifo -Path "$Dir/b[1]").Name | Should -Be 'b1'
        (Get-IpcFifo -LP "$Dir/b1").Name | Should -Be 'b1'
    }

    It 'resolves a relative -LiteralPath against the PowerShell location, not the process directory' {
        Push-Location $Dir
        $processDirectory = [Environment]::CurrentDirectory
        try {
            [Environment]::CurrentDirectory = '/'
            $made = New-IpcFifo -LiteralPath 'rel[x]'
            $made.Path | Should -Be "$Dir/rel[x]"
            (Get-IpcObject -Kind Fifo -LiteralPath 'rel[x]').Path | Should -Be "$Dir/rel[x]"
            Remove-IpcFifo -LiteralPath 'rel[x]'
            Test-Path -LiteralPath "$Dir/rel[x]" | Should -BeFalse
        }
        finally {
            [Environment]::CurrentDirectory = $processDirectory
            Pop-Location
        }
    }

    It 'lets -Path of a one-file cmdlet pick the one file its wildcard matches, and refuses several (PathAmbiguous)' {
        Set-Content -LiteralPath "$Dir/lock-one" -Value ''
        $lock = Lock-IpcFile -Path "$Dir/lock-o*"
        try { $lock.Path | Should -Be "$Dir/lock-one" }
        finally { $lock | Unlock-IpcFile }
        Test-Path -LiteralPath "$Dir/lock-o*" | Should -BeFalse
        Set-Content -LiteralPath "$Dir/lock-other" -Value ''
        Get-IpcErrorId { Lock-IpcFile -Path "$Dir/lock-o*" } | Should -Be 'PathAmbiguous,PosixIpc.Commands.LockIpcFileCommand'
    }

    It 'reads and searches a mapped file named with brackets through -LiteralPath' {
        Set-Content -LiteralPath "$Dir/m[1]" -Value 'needle' -NoNewline
        (Read-MappedFile -LiteralPath "$Dir/m[1]").Text | Should -Be 'needle'
        (Search-MappedFile -LiteralPath "$Dir/m[1]" -Text 'dl').Offset | Should -Be 3
        (Get-Item -LiteralPath "$Dir/m[1]" | Read-MappedFile).Text | Should -Be 'needle'
        (Get-Command Read-MappedFile).ParameterSets.Name | Sort-Object | Should -Be @('Bytes', 'LiteralBytes', 'LiteralText', 'Text')
        $null = 'xy' | Write-MappedFile -LiteralPath "$Dir/m[1]" -Offset 1
        (Read-MappedFile -LiteralPath "$Dir/m[1]").Text | Should -Be 'nxydle'
        Get-IpcErrorId { 'z' | Write-MappedFile -Path "$Dir/m1" -LiteralPath "$Dir/m[1]" } | Should -Be 'PathAmbiguous,PosixIpc.Commands.WriteMappedFileCommand'
        Get-IpcErrorId { 'z' | Write-MappedFile } | Should -Be 'PathMissing,PosixIpc.Commands.WriteMappedFileCommand'
    }
}
