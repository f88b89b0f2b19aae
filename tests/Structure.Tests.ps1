# Structure: the layering the two assemblies enforce, and the one error path. Every ErrorId is a
# constant in ErrorIds and documented in about_PosixIpc (and nothing documented is missing from
# ErrorIds); the categories Core gives map onto PowerShell's; no source builds an ErrorId of its own.

BeforeAll {
    . (Join-Path $PSScriptRoot common.ps1)
    $script:Constants = @([PosixIpc.ErrorIds].GetFields('Public, Static') | Where-Object IsLiteral | ForEach-Object { $_.GetRawConstantValue() })
    $about = Get-Content -LiteralPath (Join-Path $RepoRoot 'en-US/about_PosixIpc.help.txt')
    # The Errors section: from its heading to the next heading at the same depth.
    $start = [array]::IndexOf($about, '    Errors')
    $end = $start + 1
    while ($end -lt $about.Count -and $about[$end] -notmatch '^    \S') { $end++ }
    $script:ErrorSection = $about[$start..($end - 1)]
    $script:SectionWords = @($ErrorSection -join ' ' -split '[^A-Za-z]+' | Where-Object { $_ })
}

Describe 'Assemblies' {
    It 'PosixIpc.Core references no PowerShell assembly, and the cmdlets reference PosixIpc.Core' {
        $core = [PosixIpc.ErrorIds].Assembly
        $core.GetName().Name | Should -Be 'PosixIpc.Core'
        $core.GetReferencedAssemblies().Name | Should -Not -Contain 'System.Management.Automation'
        $commands = [PosixIpc.Commands.PosixIpcCmdlet].Assembly
        $commands.GetReferencedAssemblies().Name | Should -Contain 'PosixIpc.Core'
    }

    It 'keeps Interop internal to PosixIpc.Core, so no cmdlet can call libc itself' {
        $core = [PosixIpc.ErrorIds].Assembly
        @($core.GetExportedTypes() | Where-Object Namespace -eq 'PosixIpc.Interop').Count | Should -Be 0
        # Test hooks can be read but not set from outside.
        [PosixIpc.Mq.MqQueues].GetProperty('MountPoint').SetMethod.IsPublic | Should -BeFalse
        [PosixIpc.Inventory.IpcInventory].GetProperty('SysVIpcRoot').SetMethod.IsPublic | Should -BeFalse
    }

    It 'has no "using PosixIpc.Interop" under src/PosixIpc' {
        $hits = Get-ChildItem -LiteralPath (Join-Path $RepoRoot 'src/PosixIpc') -Recurse -Filter *.cs |
            Select-String -Pattern 'PosixIpc\.Interop|Tmds\.Linux' -SimpleMatch:$false
        @($hits).Count | Should -Be 0 -Because "$($hits -join '; ')"
    }
}

Describe 'ErrorIds' {
    It 'documents every ErrorId constant in about_PosixIpc' {
        $missing = @($Constants | Where-Object { $_ -cnotin $SectionWords })
        $missing | Should -BeNullOrEmpty
    }

    It 'names in about_PosixIpc only ErrorIds that exist' {
        # The first column of the table, and every *Failed id named in its paragraphs.
        $tableIds = @($ErrorSection | Select-String -CaseSensitive '^\s{8}([A-Z][a-z]+(?:[A-Z][A-Za-z]*)+)\s{1,}(\(from errno\)|[A-Z][A-Za-z]+)' |
            ForEach-Object { $_.Matches[0].Groups[1].Value })
        $tableIds.Count | Should -BeGreaterThan 70
        $failedIds = @($SectionWords | Where-Object { $_ -cmatch '^[A-Z][a-z]+[A-Za-z]*Failed$' })
        $unknown = @($tableIds + $failedIds | Where-Object { $_ -cnotin $Constants -and $_ -notin 'ErrorId', 'OperationTimeout' } | Select-Object -Unique)
        $unknown | Should -BeNullOrEmpty
    }

    It 'has every constant equal to its own name, and no ErrorId string literal outside ErrorIds.cs' {
        foreach ($f in [PosixIpc.ErrorIds].GetFields('Public, Static')) { $f.GetRawConstantValue() | Should -BeExactly $f.Name }
        $literals = Get-ChildItem -LiteralPath (Join-Path $RepoRoot 'src') -Recurse -Filter *.cs |
            Where-Object Name -ne 'ErrorIds.cs' |
            Select-String -Pattern '"([A-Z][a-z]+[A-Z][A-Za-z]*)"' -AllMatches |
            ForEach-Object { foreach ($m in $_.Matches) { if ($m.Groups[1].Value -cin $Constants) { "$($_.Filename):$($_.LineNumber) $($m.Value)" } } }
        @($literals) | Should -BeNullOrEmpty
    }

    It 'maps every IpcErrorCategory onto the PowerShell ErrorCategory of the same name' {
        $names = [enum]::GetNames([System.Management.Automation.ErrorCategory])
        foreach ($c in [enum]::GetNames([PosixIpc.IpcErrorCategory])) { $c | Should -BeIn $names }
    }

    It 'reports an errno failure with the ErrorId and advice of its mechanism (ENOENT on a queue is MqNotFound)' {
        $e = [PosixIpc.IpcErrors]::Failed('Mq', 'MqOpenFailed', 2, 'mq_open', '/nope', 'Cannot open')
        $e.ErrorId | Should -Be 'MqNotFound'
        $e.Category | Should -Be 'ObjectNotFound'
        $e.Message | Should -Match "The message queue '/nope' does not exist: mq_open\(\) failed with ENOENT"
        $e.Message | Should -Match 'New-MqQueue'
        $other = [PosixIpc.IpcErrors]::Failed('Mq', 'MqOpenFailed', 5, 'mq_open', '/nope', 'Cannot open')
        $other.ErrorId | Should -Be 'MqOpenFailed'
        $other.Category | Should -Be 'ReadError'
    }

    It 'ends only the item for a message too large, so Send-MqMessage goes on with the next' {
        $q = "/structure-$([guid]::NewGuid().ToString('n').Substring(0, 10))"
        New-MqQueue $q -MaxMessages 5 -MessageSize 8 | Out-Null
        try {
            $err = $null
            'short', ('x' * 20), 'fits' | Send-MqMessage $q -ErrorVariable err -ErrorAction SilentlyContinue
            $err.Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -Be 'MqMessageTooLarge,PosixIpc.Commands.SendMqMessageCommand'
            (Receive-MqMessage $q -Count 2).Text | Should -Be 'short', 'fits'
        }
        finally { Remove-MqQueue $q }
    }
}
