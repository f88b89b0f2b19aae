# Helpers for build.ps1: where things are, how to run dotnet and a child pwsh, where Pester comes from.

$script:Root = Split-Path -Parent $PSScriptRoot
$script:OutDir = Join-Path $Root 'out'
$script:PesterVersion = '5.7.1'
# The architectures the package carries; ArchitectureAssemblies.Shipped in PosixIpc.Core names the same.
$script:ShippedRuntimes = 'linux-x64', 'linux-arm64'

function Invoke-Native {
    # Runs a native command and stops the build when it fails.
    $command, $arguments = $args
    & $command @arguments
    if ($LASTEXITCODE -ne 0) {
        throw "'$command $($arguments -join ' ')' failed with exit code $LASTEXITCODE."
    }
}

function Invoke-Pwsh {
    # Runs a script in a fresh pwsh of the same version, so nothing loaded here leaks into it.
    param([Parameter(Mandatory)][string] $File, [Parameter(ValueFromRemainingArguments)] $Rest)
    Invoke-Native ([Environment]::ProcessPath) (Join-Path $PSHOME 'pwsh.dll') -NoProfile -NonInteractive -File $File @Rest
}

function Get-ModuleVersion {
    (Import-PowerShellDataFile (Join-Path $Root 'PosixIpc.psd1')).ModuleVersion
}

function Get-PesterModule {
    # Pester comes from its NuGet package, which carries the module under tools/.
    Invoke-Native dotnet restore (Join-Path $Root 'build/tools.proj') "-p:PesterVersion=$PesterVersion" -nologo '-v:quiet'
    $cache = $env:NUGET_PACKAGES
    if (-not $cache) {
        $line = dotnet nuget locals global-packages --list | Select-Object -Last 1
        $cache = ($line -replace '^global-packages:\s*', '').Trim()
    }
    $manifest = Join-Path $cache "pester/$PesterVersion/tools/Pester.psd1"
    if (-not (Test-Path -LiteralPath $manifest)) {
        throw "Pester $PesterVersion was restored but $manifest is missing."
    }
    $manifest
}

# The programs the tests use as peers and tools, and the Debian package that brings each.
$script:TestPrerequisites = [ordered]@{
    gcc     = 'gcc'
    python3 = 'python3'
    socat   = 'socat'
    ipcmk   = 'util-linux'
    flock   = 'util-linux'
    setpriv = 'util-linux'
    kill    = 'procps'
    strace  = 'strace'
}

function Install-TestPrerequisites {
    # Installs, when running as root, what the tests need and the machine lacks; otherwise says what is missing.
    $missing = @($TestPrerequisites.Keys | Where-Object { -not (Get-Command $_ -CommandType Application -ErrorAction Ignore) })
    if ($missing.Count -eq 0) { return }
    $packages = @($missing | ForEach-Object { $TestPrerequisites[$_] } | Select-Object -Unique)
    $isRoot = (id -u) -eq '0'
    if (-not $isRoot -or -not (Get-Command apt-get -ErrorAction Ignore)) {
        Write-Warning "The tests need $($missing -join ', ') (Debian packages: $($packages -join ' ')); install them, or the tests that use them are skipped."
        return
    }
    Write-Host "Installing the test prerequisites: $($packages -join ' ')"
    $env:DEBIAN_FRONTEND = 'noninteractive'
    Invoke-Native apt-get update -qq
    Invoke-Native apt-get install -y -qq --no-install-recommends @packages
}

function Invoke-UnitTest {
    # The xunit tests of PosixIpc.Core's parsers and rules; returns their counts from the TRX result.
    $trx = Join-Path $OutDir 'unit-results.trx'
    Remove-Item -LiteralPath $trx -ErrorAction Ignore
    & dotnet test (Join-Path $Root 'tests/PosixIpc.Core.Tests/PosixIpc.Core.Tests.csproj') -nologo -v:quiet `
        --logger "trx;LogFileName=$trx" --logger 'console;verbosity=normal' | Out-Host
    if (-not (Test-Path -LiteralPath $trx)) {
        throw "The unit tests did not run (dotnet test exited with $LASTEXITCODE and wrote no $trx)."
    }
    $run = ([xml](Get-Content -Raw -LiteralPath $trx)).TestRun
    $counters = $run.ResultSummary.Counters
    [pscustomobject]@{
        Passed   = [int]$counters.passed
        Failed   = [int]$counters.failed + [int]$counters.error + [int]$counters.timeout + [int]$counters.aborted
        Skipped  = [int]$counters.notExecuted
        Failures = @($run.Results.UnitTestResult | Where-Object { $_.outcome -notin 'Passed', 'NotExecuted' } |
            ForEach-Object { [pscustomobject]@{ Name = $_.testName; Message = "$($_.Output.ErrorInfo.Message)" } })
    }
}

function Write-FailureSummary {
    # A CI log is often read from its tail: name each failure there, with the start of its message.
    param($Pester, $Unit)
    $failures = @(
        foreach ($test in $Pester.Failed) {
            [pscustomobject]@{ Name = $test.ExpandedPath; Message = "$($test.ErrorRecord | Select-Object -First 1)" }
        }
        foreach ($block in @($Pester.FailedBlocks) + @($Pester.FailedContainers)) {
            if ($block) {
                [pscustomobject]@{ Name = "$($block.ExpandedPath)$($block.Item)"; Message = "$($block.ErrorRecord | Select-Object -First 1)" }
            }
        }
        $Unit.Failures
    )
    if ($failures.Count -eq 0) { return }
    "Failures:"
    foreach ($failure in $failures) {
        "  [-] $($failure.Name)"
        foreach ($line in @($failure.Message -split "\r?\n" | Where-Object { $_.Trim() } | Select-Object -First 6)) {
            "      $line"
        }
    }
}
