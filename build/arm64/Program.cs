// pwsh for the Arm64 smoke: PowerShell's own console host, so it takes pwsh's arguments (-NoProfile -File ...).
return Microsoft.PowerShell.ConsoleShell.Start(null, null, args);
