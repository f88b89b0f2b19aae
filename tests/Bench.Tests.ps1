# The benchmark's shape, checked without running it (no timing here): the runner and the mechanism
# scripts agree on the mechanisms, every summary row a script builds has the runner's properties, and
# bench/results.md opens with the summary table, each row saying what its baseline does and, for a goal
# not met, why and what comes next.

BeforeDiscovery {
    $bench = Join-Path $PSScriptRoot '../bench'
    $script:benchScripts = @(Get-ChildItem $bench -Filter 'Invoke-*Benchmark.ps1' | Where-Object Name -ne 'Invoke-Benchmark.ps1' |
            ForEach-Object { @{ Name = $_.Name; Path = $_.FullName; Mechanism = $_.Name -replace '^Invoke-(.+)Benchmark\.ps1$', '$1' } })
}

BeforeAll {
    $script:Bench = Join-Path $PSScriptRoot '../bench'
    $script:Runner = Join-Path $Bench 'Invoke-Benchmark.ps1'
    $script:RowShape = 'Mechanism', 'Measure', 'Ratio', 'Goal', 'Met', 'Baseline'
    # Why: the measured reason and next step of a row below its goal (the table's last column).
    $script:FullShape = $RowShape + 'Why'

    function Get-ScriptAst([string] $Path) {
        $tokens = $errors = $null
        $ast = [Management.Automation.Language.Parser]::ParseFile($Path, [ref] $tokens, [ref] $errors)
        if ($errors) { throw "$Path does not parse: $($errors -join '; ')" }
        $ast
    }

    # The key sets of the [pscustomobject]@{...} literals with a Mechanism and a Ratio: the summary rows a script builds.
    function Get-SummaryRowKeys([string] $Path) {
        $casts = (Get-ScriptAst $Path).FindAll({
                param($n) $n -is [Management.Automation.Language.ConvertExpressionAst] -and $n.Type.TypeName.Name -eq 'pscustomobject' -and
                $n.Child -is [Management.Automation.Language.HashtableAst]
            }, $true)
        foreach ($cast in $casts) {
            $keys = @($cast.Child.KeyValuePairs | ForEach-Object { $_.Item1.SafeGetValue() })
            if ($keys -contains 'Ratio' -and $keys -contains 'Mechanism') { , $keys }
        }
    }

    function Get-RunnerMechanisms {
        $details = (Get-ScriptAst $Runner).Find({
                param($n) $n -is [Management.Automation.Language.AssignmentStatementAst] -and "$($n.Left)" -eq '$details'
            }, $true)
        @($details.Right.Expression.Child.KeyValuePairs | ForEach-Object { $_.Item1.SafeGetValue() })
    }
}

Describe 'The benchmark runner' {
    It 'lists exactly the mechanisms that have a script of their own in bench/ (Invoke-FifoBenchmark.ps1 ...)' {
        $scripts = @(Get-ChildItem $Bench -Filter 'Invoke-*Benchmark.ps1' | Where-Object Name -ne 'Invoke-Benchmark.ps1' |
                ForEach-Object { $_.Name -replace '^Invoke-(.+)Benchmark\.ps1$', '$1' } | Sort-Object)
        @(Get-RunnerMechanisms | Sort-Object) | Should -Be $scripts
        $scripts.Count | Should -BeGreaterOrEqual 7
    }

    It 'refuses an unknown mechanism before it runs anything, naming the ones it knows' {
        { & $Runner -Mechanism 'Fifo,Nope' -OutFile (Join-Path $TestDrive 'results.md') 6>$null } | Should -Throw "*Unknown mechanism 'Nope'*Fifo*Shm*"
        Join-Path $TestDrive 'results.md' | Should -Not -Exist
    }

    It 'keeps a row of the runner''s shape for a mechanism whose script gave none or failed' {
        $fallbacks = @(Get-SummaryRowKeys $Runner)
        $fallbacks.Count | Should -Be 1
        $fallbacks[0] | Sort-Object | Should -Be ($FullShape | Sort-Object)
        (Get-Content -Raw $Runner) | Should -Match "no summary row: the script failed"
    }
}

Describe 'The summary rows of <Name>' -ForEach $benchScripts {
    It 'builds every row with Mechanism, Measure, Ratio, Goal, Met and Baseline' {
        $rows = @(Get-SummaryRowKeys $Path)
        if ($rows.Count -eq 0) {
            Set-ItResult -Skipped -Because "$Name outputs no summary row yet: the runner lists $Mechanism as 'no summary row'"
            return
        }
        foreach ($keys in $rows) { @($keys | Where-Object { $_ -ne 'Why' }) | Sort-Object | Should -Be ($RowShape | Sort-Object) }
    }

    It 'gives every row a Why (the reason and next step shown when the row misses its goal)' {
        $rows = @(Get-SummaryRowKeys $Path)
        $carry = @($rows | Where-Object { $_ -contains 'Why' }).Count
        $rows.Count | Should -BeGreaterThan 0
        $carry | Should -Be $rows.Count
    }
}

Describe 'bench/results.md and the README' {
    It 'opens with the summary table (ratio, goal, met, machine, date), every row saying what its baseline does' {
        $lines = @(Get-Content (Join-Path $Bench 'results.md'))
        $lines[0] | Should -Be '# Benchmark results'
        $header = [array]::IndexOf($lines, '| mechanism | measure | ratio | goal | met | the C baseline does | not met: why, next step |')
        $header | Should -BeGreaterThan 0
        $header | Should -BeLessThan 8
        $lines[0..$header] -join "`n" | Should -Match 'on \d{4}-\d\d-\d\d \d\d:\d\d.*machine: \d+ cores'
        $rows = @($lines | Select-Object -Skip ($header + 2) | ForEach-Object -Begin { $in = $true } -Process { if ($in -and $_ -like '|*') { $_ } else { $in = $false } })
        $rows.Count | Should -BeGreaterOrEqual 7
        foreach ($row in $rows) {
            $cells = @(($row.Trim('|') -split '(?<!\\)\|') | ForEach-Object Trim)
            $cells.Count | Should -Be 7 -Because $row
            $cells[5] | Should -Not -BeNullOrEmpty -Because "every row says what its baseline does: $row"
            if ($cells[1] -notlike 'no summary row*') {
                $cells[2] | Should -Match '^\d[\d,]*\.\d\d$' -Because $row
                $cells[4] | Should -BeIn 'yes', 'no' -Because $row
            }
            if ($cells[4] -eq 'yes') { $cells[6] | Should -BeNullOrEmpty -Because "a row that met its goal needs no reason: $row" }
            else { $cells[6] | Should -Not -BeNullOrEmpty -Because "a row below its goal says why and what comes next: $row" }
        }
    }

    It 'is linked from the README where the Bench task is' {
        $readme = Get-Content -Raw (Join-Path $PSScriptRoot '../README.md')
        $readme | Should -Match '`Bench`[^\n]*(\n[^\n]+){0,3}\]\(bench/results\.md\)'
    }
}
