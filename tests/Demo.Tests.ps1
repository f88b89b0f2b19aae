# The Demo with only the .NET SDK: run with a PATH that has every program of this one's but python3,
# it skips the Python check, saying so in one line, and still exits 0.

BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')

    function New-PathWithout {
        # A directory of symbolic links to every program on PATH except those named like $Pattern.
        param([Parameter(Mandatory)][string] $Pattern, [Parameter(Mandatory)][string] $Directory)
        $null = New-Item -ItemType Directory -Path $Directory
        foreach ($dir in $env:PATH -split ':' | Where-Object { $_ -and (Test-Path -LiteralPath $_ -PathType Container) }) {
            foreach ($file in Get-ChildItem -LiteralPath $dir -File -ErrorAction Ignore) {
                $link = Join-Path $Directory $file.Name
                if ($file.Name -notlike $Pattern -and -not (Test-Path -LiteralPath $link)) {
                    $null = New-Item -ItemType SymbolicLink -Path $link -Target $file.FullName
                }
            }
        }
        $Directory
    }
}

Describe 'examples/Demo.ps1 without python3' {
    It 'says in one line that it skips the Python check, and exits 0' {
        $path = New-PathWithout -Pattern 'python*' -Directory (New-TestPath bin)
        $exe, $dll = Get-PwshCommand
        $demo = Start-Peer $exe @($dll, '-NoProfile', '-NonInteractive', '-File', (Join-Path $RepoRoot 'examples/Demo.ps1')) -Environment @{ PATH = $path } |
            Wait-Peer -TimeoutSec 300
        $demo.TimedOut | Should -BeFalse
        $demo.ExitCode | Should -Be 0 -Because ($demo.StdOut + $demo.StdErr)
        $lines = $demo.StdOut -split '\r?\n'
        @($lines | Where-Object { $_ -like '*python3*' }).Count | Should -Be 2 -Because 'the skip line and the closing line name it, nothing else does'
        $lines | Should -Contain "  [skip] python3 is not on PATH: skipped Python's read of the segment."
        $lines | Should -Contain 'Demo: everything arrived as sent; the checks whose peer is missing (python3) were skipped.'
        $demo.StdOut | Should -Not -Match '\[FAIL\]'
    }
}
