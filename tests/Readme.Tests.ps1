# The README's tour, as written: every ```powershell block of "A short tour" runs in a fresh pwsh that
# has imported the built module, in a scratch directory, within a time bound, with no error at all.

BeforeDiscovery {
    $readme = Get-Content -Raw (Join-Path $PSScriptRoot '../README.md')
    $tour = [regex]::Match($readme, '(?ms)^## A short tour\s*$(.*?)(?=^## )').Groups[1].Value
    $blocks = @([regex]::Matches($tour, '(?ms)^```powershell\r?\n(.*?)^```') | ForEach-Object { $_.Groups[1].Value })
    $script:tourBlocks = for ($i = 0; $i -lt $blocks.Count; $i++) {
        @{ Number = $i + 1; Text = $blocks[$i]; FirstLine = ($blocks[$i] -split '\r?\n')[0].Trim() }
    }
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
}

Describe 'The README tour' {
    It 'has its blocks found' {
        @($tourBlocks).Count | Should -BeGreaterOrEqual 7
    }

    Context 'block <Number>: <FirstLine>' -ForEach $tourBlocks {
        AfterAll {
            # The names the tour uses, in case a failed block left them.
            Remove-MqQueue /jobs -ErrorAction Ignore
            Remove-SharedMemory /status -ErrorAction Ignore
            Remove-IpcSemaphore /status-lock -ErrorAction Ignore
        }

        It 'runs as written, within 2 minutes, without an error' {
            $scratch = New-TestPath tour
            $null = New-Item -ItemType Directory -Path $scratch
            $script = "`$PSStyle.OutputRendering = 'PlainText'`n$Text`nif (`$Error.Count) { [Console]::Error.WriteLine((`$Error | Out-String)); exit 3 }"
            Push-Location $scratch
            try { $run = Invoke-Peer -Pwsh $script -TimeoutSec 120 }
            finally { Pop-Location }
            # Pester's XML report refuses control characters, which a native program may print.
            $said = ($run.StdOut + $run.StdErr) -replace '[\x00-\x08\x0B\x0C\x0E-\x1F]', ''
            $run.TimedOut | Should -BeFalse -Because "block $Number must not hang: $said"
            $run.ExitCode | Should -Be 0 -Because $said
            $run.StdErr | Should -BeNullOrEmpty
        }
    }
}
