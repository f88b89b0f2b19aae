#!/usr/bin/env pwsh
<#
.SYNOPSIS
    Proves the signal handler on arm64 under emulation: the stub's machine code against its assembly
    source, a C test of both stubs (arm64 under qemu-user), and a self-contained linux-arm64 .NET app
    on PosixIpc.Core that catches sigqueue'd signals from an arm64 C sender, all under qemu-aarch64-static.
.DESCRIPTION
    Needs Debian's binutils-aarch64-linux-gnu, gcc-aarch64-linux-gnu and qemu-user-static; with -Install
    it installs them with apt-get. Not part of the test suite (it takes a few minutes on two cores).
    Run on a built module (dotnet pwsh ./build.ps1 Build): dotnet pwsh ./build/Test-SignalArm64.ps1 [-Install]
#>
[CmdletBinding()]
param([switch] $Install)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0
$root = Resolve-Path (Join-Path $PSScriptRoot '..')
$stub = Join-Path $root 'src/PosixIpc.Core/Signals/Stub'
$work = Join-Path ([IO.Path]::GetTempPath()) "posixipc-arm64-$PID"
$null = New-Item -ItemType Directory -Force $work
if ($Install) {
    & apt-get update -qq
    & apt-get install -y -qq binutils-aarch64-linux-gnu gcc-aarch64-linux-gnu qemu-user-static
}
function Invoke-Checked([string] $Exe) { & $Exe @args; if ($LASTEXITCODE -ne 0) { throw "$Exe $args failed ($LASTEXITCODE)" } }
$sysroot = '/usr/aarch64-linux-gnu'
try {
    # 1. The bytes in SignalHandlerStub.cs are what the assembly sources assemble to.
    $cs = Get-Content -Raw (Join-Path $root 'src/PosixIpc.Core/Signals/SignalHandlerStub.cs')
    foreach ($v in @(@{ Name = 'X64'; Src = 'handler-x64.S'; As = 'as'; Copy = 'objcopy'; Flags = @('--64') },
                     @{ Name = 'Arm64'; Src = 'handler-arm64.S'; As = 'aarch64-linux-gnu-as'; Copy = 'aarch64-linux-gnu-objcopy'; Flags = @() })) {
        $obj = Join-Path $work "$($v.Name).o"; $bin = Join-Path $work "$($v.Name).bin"
        Invoke-Checked $v.As @($v.Flags) (Join-Path $stub $v.Src) -o $obj
        Invoke-Checked $v.Copy -O binary -j .text $obj $bin
        $assembled = ([IO.File]::ReadAllBytes($bin) | ForEach-Object { '0x{0:x2}' -f $_ }) -join ','
        $m = [regex]::Match($cs, "private static readonly byte\[\] $($v.Name) =\s*\{([^}]*)\}")
        $inCode = ($m.Groups[1].Value -split '[,\s]+' | Where-Object { $_ }) -join ','
        if ($assembled -ne $inCode) { throw "SignalHandlerStub.$($v.Name) differs from $($v.Src) as assembled" }
        "stub $($v.Name): the C# bytes match $($v.Src) ($(([IO.File]::ReadAllBytes($bin)).Length) bytes)"
        Set-Variable -Name "bin$($v.Name)" -Value $bin
    }
    # 2. The C test of each stub: siginfo on the pipe, chaining, errno kept, a full pipe counted.
    Invoke-Checked gcc -O2 -o "$work/stub_x64" "$stub/stub_test.c"
    Invoke-Checked "$work/stub_x64" $binX64
    Invoke-Checked aarch64-linux-gnu-gcc -O2 -o "$work/stub_arm64" "$stub/stub_test.c"
    Invoke-Checked qemu-aarch64-static -L $sysroot "$work/stub_arm64" $binArm64
    # 3. A self-contained linux-arm64 .NET app on PosixIpc.Core, under qemu, catching an arm64 C sender.
    Invoke-Checked aarch64-linux-gnu-gcc -O2 -static -o "$work/sigqueue_peer" (Join-Path $root 'tests/peers/sigqueue_peer.c')
    Invoke-Checked dotnet publish (Join-Path $root 'tools/SignalArm64Check') -c Release -r linux-arm64 --self-contained -o "$work/app" -nologo -v q
    $env:DOTNET_SYSTEM_GLOBALIZATION_INVARIANT = '1'
    # The sender runs under qemu too (the app starts it through qemu); the values are 500, 501, 502.
    $rt = 38
    Invoke-Checked qemu-aarch64-static -L $sysroot "$work/app/SignalArm64Check" '/usr/bin/qemu-aarch64-static' "$work/sigqueue_peer" PID "$rt" 500 3 500
}
finally { Remove-Item -Recurse -Force $work -ErrorAction Ignore }
