# Shared by every test file: the built module's manifest, and peers in other processes.
# Dot-source it in BeforeAll: . (Join-Path $PSScriptRoot common.ps1)

$script:RepoRoot = (Resolve-Path (Join-Path $PSScriptRoot '..')).Path
$script:ModuleManifest = Join-Path $RepoRoot 'PosixIpc.psd1'

if (-not (Test-Path (Join-Path $RepoRoot 'bin/PosixIpc.dll'))) {
    throw "The module is not built: run 'dotnet pwsh ./build.ps1' first (the tests use the built module, never the sources)."
}

Import-Module $ModuleManifest -Force

function Set-TestHook {
    <#
    Sets one of the module's internal test hooks (a static property whose setter is internal, such as
    [PosixIpc.Mq.MqQueues]::MountPoint) and returns the value it had, so a finally block can put it back.
    #>
    param([Parameter(Mandatory)][type] $Type, [Parameter(Mandatory)][string] $Name, [Parameter(Mandatory)] $Value)
    $property = $Type.GetProperty($Name, [Reflection.BindingFlags]'Public, NonPublic, Static')
    $old = $property.GetValue($null)
    $property.SetValue($null, $Value)
    $old
}

function New-TestName {
    <#
    A unique name for one queue, segment or semaphore: "/PREFIX-<12 hex digits>", or without the
    leading slash with -Bare (for peers that add it themselves, and for file names).
    #>
    param([string] $Prefix = 'test', [switch] $Bare)
    $name = "$Prefix-$([guid]::NewGuid().ToString('n').Substring(0, 12))"
    if ($Bare) { $name } else { "/$name" }
}

$script:TestRandom = [System.Random]::new(20261124)

function New-RandomBytes {
    # Reproducible random bytes (one seed for the whole run).
    param([Parameter(Mandatory)][int] $Length)
    $bytes = [byte[]]::new($Length)
    $script:TestRandom.NextBytes($bytes)
    , $bytes
}

function Get-IpcErrorId {
    <#
    Runs a script block as if -ErrorAction Stop and says how it failed: a cmdlet's
    FullyQualifiedErrorId, the ErrorId of a PosixIpcException that a Core method threw, another
    exception's type name, or 'no error'.
    #>
    param([Parameter(Mandatory)][scriptblock] $Script)
    try {
        $ErrorActionPreference = 'Stop'
        $null = & $Script
        'no error'
    }
    catch {
        $inner = $_.Exception
        while ($inner -and $inner -isnot [PosixIpc.PosixIpcException] -and $inner.InnerException) { $inner = $inner.InnerException }
        if ($_.FullyQualifiedErrorId -notmatch ',PosixIpc\.Commands\.' -and $inner -is [PosixIpc.PosixIpcException]) { $inner.ErrorId }
        elseif ($_.FullyQualifiedErrorId -match ',PosixIpc\.Commands\.') { $_.FullyQualifiedErrorId }
        else { $_.Exception.GetType().FullName }
    }
}

function Mount-Mqueue {
    <#
    Listing queues needs the mqueue file system at /dev/mqueue. The tests mount it (they run as root)
    when it is not; the module never does. Returns whether this call mounted it, for Dismount-Mqueue.
    #>
    if (Select-String -Path /proc/self/mounts -Pattern '^\S+ /dev/mqueue mqueue ' -Quiet) { return $false }
    $null = New-Item -ItemType Directory -Force /dev/mqueue
    & mount -t mqueue none /dev/mqueue
    if ($LASTEXITCODE -ne 0) { throw 'Could not mount the mqueue file system at /dev/mqueue (the tests need root for that).' }
    $true
}

function Dismount-Mqueue([bool] $Mounted) {
    if ($Mounted) { & umount /dev/mqueue }
}

function Get-MissingPeer {
    <#
    The peer programs among Name that this machine lacks. build.ps1 Test installs them when it runs
    as root, so on CI (CI set) a missing one is an error; elsewhere the tests that need it are skipped
    (Skip-IfMissing), with the reason, rather than passed.
    #>
    param([Parameter(Mandatory)][string[]] $Name)
    $missing = @($Name | Where-Object { -not (Get-Command $_ -CommandType Application -ErrorAction Ignore) })
    if ($missing.Count -gt 0 -and $env:CI) {
        throw "The test peers $($missing -join ', ') are missing on CI; build.ps1 Test installs them when it runs as root."
    }
    $missing
}

function Skip-IfMissing {
    # In a BeforeEach: skips the test, saying why, when peers it needs are missing.
    param([string[]] $Missing)
    if ($Missing) {
        Set-ItResult -Skipped -Because "it needs $($Missing -join ', '), which this machine lacks (dotnet pwsh ./build.ps1 Test installs them as root)"
    }
}

function Build-TestPeer {
    <#
    Compiles a C peer from tests/peers with the system compiler into the test file's TestDrive
    and returns the program's path. The build's Test task installs gcc when it is missing.
    #>
    param([Parameter(Mandatory)][string] $Source, [string[]] $Library = @())
    if (Get-MissingPeer gcc) { return $null }
    $out = Join-Path $TestDrive ([IO.Path]::GetFileNameWithoutExtension($Source))
    & gcc -O2 -Wall -o $out (Join-Path $PSScriptRoot "peers/$Source") @($Library | ForEach-Object { "-l$_" })
    if ($LASTEXITCODE -ne 0) { throw "gcc could not build tests/peers/$Source" }
    $out
}

function Get-PwshCommand {
    # The same pwsh as this one, as a fresh process: dotnet plus pwsh.dll (the dotnet tool has no apphost on PATH).
    [Environment]::ProcessPath
    Join-Path $PSHOME 'pwsh.dll'
}

function Invoke-AsOtherUser {
    <#
    Runs a script in pwsh as user nobody (uid 65534), with the built module imported, and returns
    its output lines. Root passes every permission check, so permission tests need another user.
    pwsh and the module are copied to a world-readable place first: the NuGet cache and the
    checkout may sit under /root, which nobody cannot enter.
    #>
    param([Parameter(Mandatory)][string] $Script)
    $shared = Join-Path ([IO.Path]::GetTempPath()) "posixipc-other-user-$PID"
    if (-not (Test-Path "$shared/module/PosixIpc.psd1")) {
        $null = New-Item -ItemType Directory -Force "$shared/module", "$shared/home"
        Copy-Item -Recurse $PSHOME "$shared/pwsh"
        foreach ($item in 'PosixIpc.psd1', 'PosixIpc.Format.ps1xml', 'bin', 'en-US') {
            Copy-Item -Recurse (Join-Path $RepoRoot $item) "$shared/module/"
        }
        chmod -R a+rX $shared
        chmod 777 "$shared/home"
    }
    $text = "Import-Module '$shared/module/PosixIpc.psd1'`n$Script"
    & setpriv --reuid=65534 --regid=65534 --clear-groups env "HOME=$shared/home" ([Environment]::ProcessPath) `
        "$shared/pwsh/pwsh.dll" -NoProfile -NonInteractive -Command $text 2>&1
}

function Start-Peer {
    <#
    Starts a peer process with its standard output and error captured. -Pwsh runs the script text
    in a fresh pwsh that has imported the built module; otherwise FilePath and ArgumentList run as given.
    #>
    [CmdletBinding(DefaultParameterSetName = 'Native')]
    param(
        [Parameter(Mandatory, ParameterSetName = 'Pwsh')] [string] $Pwsh,
        [Parameter(Mandatory, ParameterSetName = 'Native', Position = 0)] [string] $FilePath,
        [Parameter(ParameterSetName = 'Native', Position = 1)] [string[]] $ArgumentList = @(),
        [hashtable] $Environment = @{}
    )
    $info = [System.Diagnostics.ProcessStartInfo]::new()
    if ($PSCmdlet.ParameterSetName -eq 'Pwsh') {
        $exe, $dll = Get-PwshCommand
        $info.FileName = $exe
        $script = "`$ErrorActionPreference = 'Stop'; Import-Module '$ModuleManifest'`n$Pwsh"
        foreach ($a in $dll, '-NoProfile', '-NonInteractive', '-Command', $script) { $info.ArgumentList.Add($a) }
    }
    else {
        $info.FileName = $FilePath
        foreach ($a in $ArgumentList) { $info.ArgumentList.Add($a) }
    }
    $info.RedirectStandardOutput = $true
    $info.RedirectStandardError = $true
    $info.RedirectStandardInput = $true
    $info.UseShellExecute = $false
    $info.WorkingDirectory = (Get-Location -PSProvider FileSystem).ProviderPath
    foreach ($k in $Environment.Keys) { $info.Environment[$k] = [string]$Environment[$k] }
    $process = [System.Diagnostics.Process]::Start($info)
    $script:StartedPeers.Add($process)
    # Read both streams in the background so a chatty peer never blocks on a full pipe.
    $process | Add-Member -NotePropertyName StdOutTask -NotePropertyValue $process.StandardOutput.ReadToEndAsync()
    $process | Add-Member -NotePropertyName StdErrTask -NotePropertyValue $process.StandardError.ReadToEndAsync()
    $process
}

$script:StartedPeers = [System.Collections.Generic.List[System.Diagnostics.Process]]::new()

function Stop-StartedPeers {
    # Ends the peers a test started and left running (a failed test, for example), so none outlives the run.
    foreach ($p in $script:StartedPeers) {
        if (-not $p.HasExited) { $p.Kill($true) }
    }
    $script:StartedPeers.Clear()
}

function Wait-Peer {
    # Waits for a peer to end (killing it after TimeoutSec) and returns its exit code and output.
    param([Parameter(Mandatory, ValueFromPipeline)] $Process, [int] $TimeoutSec = 60)
    process {
        $ended = $Process.WaitForExit($TimeoutSec * 1000)
        if (-not $ended) {
            $Process.Kill($true)
            $Process.WaitForExit()
        }
        $Process.WaitForExit()
        [pscustomobject]@{
            ExitCode = $Process.ExitCode
            TimedOut = -not $ended
            StdOut   = $Process.StdOutTask.GetAwaiter().GetResult()
            StdErr   = $Process.StdErrTask.GetAwaiter().GetResult()
        }
    }
}

function Invoke-Peer {
    # Starts a pwsh peer and waits for it: the result object of Wait-Peer.
    param([Parameter(Mandatory)][string] $Pwsh, [int] $TimeoutSec = 60, [hashtable] $Environment = @{})
    Start-Peer -Pwsh $Pwsh -Environment $Environment | Wait-Peer -TimeoutSec $TimeoutSec
}

function Wait-Until {
    # Polls a condition until it holds or the time is up; returns whether it held.
    param([Parameter(Mandatory)][scriptblock] $Condition, [double] $TimeoutSec = 10)
    $sw = [System.Diagnostics.Stopwatch]::StartNew()
    while ($sw.Elapsed.TotalSeconds -lt $TimeoutSec) {
        if (& $Condition) { return $true }
        Start-Sleep -Milliseconds 20
    }
    [bool](& $Condition)
}

function Wait-PathAppears {
    # Waits until something exists at the path (a socket bound, a marker written); the test fails if nothing comes.
    param([Parameter(Mandatory)][string] $Path, [double] $TimeoutSec = 60)
    (Wait-Until { Test-Path $Path } -TimeoutSec $TimeoutSec) | Should -BeTrue -Because "something should appear at $Path within $TimeoutSec s"
}

function New-TestPath {
    # A unique path under Pester's TestDrive for one object.
    param([string] $Prefix = 'obj')
    Join-Path $TestDrive "$Prefix-$([guid]::NewGuid().ToString('n').Substring(0, 12))"
}

function Get-Sha256 {
    param([Parameter(Mandatory)][byte[]] $Bytes)
    [Convert]::ToHexString([System.Security.Cryptography.SHA256]::HashData($Bytes))
}

function Invoke-Stoppable {
    <#
    Runs a script in a PowerShell instance of this process, stops it after DelayMs as Ctrl+C would
    (StopProcessing), and returns how long the stop took and what the instance reported.
    #>
    param([Parameter(Mandatory)][string] $Script, [int] $DelayMs = 700)
    $ps = [powershell]::Create()
    $null = $ps.AddScript("Import-Module '$ModuleManifest'`n$Script")
    $handle = $ps.BeginInvoke()
    Start-Sleep -Milliseconds $DelayMs
    $completedBeforeStop = $handle.IsCompleted
    $sw = [System.Diagnostics.Stopwatch]::StartNew()
    $ps.Stop()
    $sw.Stop()
    $state = $ps.InvocationStateInfo.State
    $errors = @($ps.Streams.Error)
    $ps.Dispose()
    [pscustomobject]@{
        CompletedBeforeStop = $completedBeforeStop
        StopSeconds         = $sw.Elapsed.TotalSeconds
        State               = $state
        Errors              = $errors
    }
}

function New-FullTmpfs {
    <#
    Mounts a 1 MiB tmpfs (needs root) on a new directory under TestDrive, makes the given files in it
    first (name = a number: a sparse file of that size, holes and no pages; name = a string: a file
    with that text), then fills it to the last page. Returns the mount point; Remove-FullTmpfs
    unmounts it.
    #>
    param([hashtable] $Files = @{})
    $dir = New-TestPath tmpfs
    $null = New-Item -ItemType Directory $dir
    & mount -t tmpfs -o size=1m tmpfs $dir
    if ($LASTEXITCODE -ne 0) { throw "Could not mount a tmpfs on '$dir' (the test needs root for that)." }
    foreach ($name in $Files.Keys) {
        $path = Join-Path $dir $name
        if ($Files[$name] -is [string]) { [IO.File]::WriteAllText($path, $Files[$name]) }
        else { & truncate -s $Files[$name] $path }
    }
    # dd ends with ENOSPC (exit 1) once the file system is full: that is the point.
    & dd if=/dev/zero "of=$dir/filler" bs=4k 2>$null
    $free = [long](& df --output=avail -B1 $dir | Select-Object -Last 1)
    if ($free -ne 0) { throw "The tmpfs on '$dir' still has $free bytes free after filling it." }
    $dir
}

function Remove-FullTmpfs {
    param([Parameter(Mandatory)][string] $Path)
    & umount $Path
    Remove-Item -LiteralPath $Path -Recurse -Force -ErrorAction Ignore
}
