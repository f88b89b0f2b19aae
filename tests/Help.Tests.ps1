# Help and metadata: every exported cmdlet has real help (not the auto-generated stub), the manifest
# exports exactly the cmdlets the assembly implements, and output types, format views and
# ShouldProcess follow the design contract. Runs against the built module at the repository root.

BeforeDiscovery {
    $manifestPath = Join-Path $PSScriptRoot '../PosixIpc.psd1'
    $script:Cmdlets = @((Import-PowerShellDataFile $manifestPath).CmdletsToExport | Sort-Object | ForEach-Object { @{ Name = $_ } })
    $script:Destructive = @($Cmdlets | Where-Object { $_.Name.Split('-')[0] -in 'Remove', 'Clear' })
}

BeforeAll {
    $script:ManifestPath = Join-Path $PSScriptRoot '../PosixIpc.psd1'
    $script:Module = Import-Module $ManifestPath -Force -PassThru
    $script:Manifest = Import-PowerShellDataFile $ManifestPath
    $script:CommonParameters = [System.Management.Automation.PSCmdlet]::CommonParameters

    function Get-CmdletClass {
        # Verb-Noun of every public, concrete cmdlet class in the module's assembly.
        $Module.ImplementingAssembly.GetExportedTypes() |
            Where-Object { $_.IsSubclassOf([System.Management.Automation.Cmdlet]) -and -not $_.IsAbstract } |
            ForEach-Object {
                $attribute = [System.Attribute]::GetCustomAttribute($_, [System.Management.Automation.CmdletAttribute])
                if ($attribute) { "$($attribute.VerbName)-$($attribute.NounName)" }
            }
    }

    function Get-FormatViewType {
        # The type names that PosixIpc.Format.ps1xml has a view for.
        $xml = [xml](Get-Content -Raw -LiteralPath (Join-Path $Module.ModuleBase 'PosixIpc.Format.ps1xml'))
        @($xml.Configuration.ViewDefinitions.View | ForEach-Object { $_.ViewSelectedBy.TypeName })
    }
}

Describe 'Help for <Name>' -ForEach $Cmdlets {
    BeforeAll {
        $command = Get-Command -Name $Name -Module PosixIpc
        $help = Get-Help -Name $Name -Full
        $ownParameters = @($command.Parameters.Keys | Where-Object { $_ -notin $CommonParameters })
    }

    It 'has a synopsis of its own, not the auto-generated syntax' {
        $help.Synopsis | Should -Not -BeNullOrEmpty
        # Without help, Get-Help fills the synopsis with the syntax line: "Name [-Param] <type> ...".
        $help.Synopsis.Trim() | Should -Not -Match "^$([regex]::Escape($Name))(\s|$)"
        $help.Synopsis | Should -Not -Match '<CommonParameters>'
    }

    It 'has a description' {
        ($help.Description.Text -join '').Trim() | Should -Not -BeNullOrEmpty
    }

    It 'describes every parameter (-WhatIf and -Confirm included)' {
        $described = @{}
        foreach ($p in @($help.Parameters.Parameter)) {
            if ($p) { $described[$p.Name] = ($p.Description.Text -join '').Trim() }
        }
        $undescribed = @($ownParameters | Where-Object { -not $described[$_] })
        $undescribed | Should -BeNullOrEmpty -Because "every parameter of $Name needs a description"
    }

    It 'documents only parameters the cmdlet has' {
        $documented = @($help.Parameters.Parameter | Where-Object { $_ } | ForEach-Object Name)
        @($documented | Where-Object { $_ -notin $ownParameters }) | Should -BeNullOrEmpty
    }

    It 'has at least one example with code' {
        $examples = @($help.Examples.Example | Where-Object { $_ -and $_.Code.Trim() })
        $examples.Count | Should -BeGreaterOrEqual 1
    }

    It 'shows parameter types as PowerShell does (no Nullable`1, no generic arity)' {
        $syntax = (Get-Help -Name $Name).Syntax | Out-String -Width 1000
        $syntax | Should -Not -Match '`\d|Nullable'
    }

    It 'aligns the example headings' {
        $lines = (Get-Help -Name $Name -Examples | Out-String -Width 200) -split "`r?`n" | Where-Object { $_ -match '-{3,} Example' }
        @($lines | ForEach-Object { $_.IndexOf('-') } | Sort-Object -Unique).Count | Should -Be 1
    }

    It 'declares an [OutputType]' {
        @($command.OutputType).Count | Should -BeGreaterThan 0
    }

    It 'has a format view for each of its own output types' {
        $views = Get-FormatViewType
        $ownTypes = @($command.OutputType | Where-Object { $_.Type -and $_.Type.Assembly -eq $Module.ImplementingAssembly } | ForEach-Object { $_.Type.FullName })
        @($ownTypes | Where-Object { $_ -notin $views }) | Should -BeNullOrEmpty -Because 'every PosixIpc output type needs a view in PosixIpc.Format.ps1xml'
    }
}

Describe 'Destructive cmdlet <Name>' -ForEach $Destructive {
    It 'supports -WhatIf and -Confirm (ShouldProcess)' {
        $command = Get-Command -Name $Name -Module PosixIpc
        $attribute = [System.Attribute]::GetCustomAttribute($command.ImplementingType, [System.Management.Automation.CmdletAttribute])
        $attribute.SupportsShouldProcess | Should -BeTrue
        $command.Parameters.Keys | Should -Contain 'WhatIf'
        $command.Parameters.Keys | Should -Contain 'Confirm'
    }
}

Describe 'Module metadata' {
    It 'exports exactly the cmdlet classes of the assembly' {
        $classes = @(Get-CmdletClass | Sort-Object -Unique)
        $exported = @($Manifest.CmdletsToExport | Sort-Object -Unique)
        $classes | Should -Not -BeNullOrEmpty
        Compare-Object $classes $exported | Should -BeNullOrEmpty -Because 'CmdletsToExport must list every cmdlet class, and nothing else'
    }

    It 'makes Get-Command -Module PosixIpc list exactly the manifest''s cmdlets' {
        $listed = @(Get-Command -Module PosixIpc | ForEach-Object Name | Sort-Object -Unique)
        $exported = @($Manifest.CmdletsToExport | Sort-Object -Unique)
        Compare-Object $listed $exported | Should -BeNullOrEmpty
    }

    It 'has a view for every PosixIpc type a cmdlet declares as output' {
        $views = Get-FormatViewType
        $declared = @(Get-Command -Module PosixIpc | ForEach-Object OutputType |
                Where-Object { $_.Type -and $_.Type.Assembly -eq $Module.ImplementingAssembly } |
                ForEach-Object { $_.Type.FullName } | Sort-Object -Unique)
        @($declared | Where-Object { $_ -notin $views }) | Should -BeNullOrEmpty
    }

    It 'has the about_PosixIpc topic' {
        $text = Get-Help about_PosixIpc | Out-String
        $text | Should -Match 'about_PosixIpc'
        $text | Should -Match 'SHORT DESCRIPTION'
        $text.Length | Should -BeGreaterThan 500
    }
}
