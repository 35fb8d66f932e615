<#
.SYNOPSIS
    Installs, upgrades or uninstalls the NewsWatch worker as a Windows service.

.DESCRIPTION
    Install (default), or upgrade if the service already exists:
      - on an upgrade, backs up the database first ('newswatch db backup', into -DataPath\backups,
        the last 3 copies kept) and keeps the program files being replaced in -InstallPath.previous;
      - copies the win-x64 publish output from -SourcePath to -InstallPath;
      - creates -DataPath, readable only by SYSTEM, Administrators and the service, and
        creates newswatch.json there from the shipped appsettings.json if it does not exist yet
        (an existing newswatch.json is never overwritten);
      - creates the NewsWatch service (automatic start, virtual account NT SERVICE\NewsWatch),
        recovery actions that restart it after a failure unless its configuration or database is
        unusable (exit code 2: restarting would not help), and the Event Log source;
      - runs 'newswatch db migrate' and starts the service, unless it is an upgrade of a service
        that was stopped: a stopped service stays stopped.

    -Rollback puts back the previous version (-InstallPath.previous) and the database copy made
    by the last upgrade; the current database is kept beside it.

    -Uninstall stops and removes the service and deletes -InstallPath.
    -DataPath (configuration and database) is kept.

.PARAMETER Uninstall
    Remove the service and the program files; keep the data folder.

.PARAMETER Rollback
    Go back to the version before the last upgrade, with the database as it was before it.

.PARAMETER InstallPath
    Program folder. Default: $env:ProgramFiles\NewsWatch

.PARAMETER DataPath
    Folder for newswatch.json and newswatch.db. Default: $env:ProgramData\NewsWatch

.PARAMETER SourcePath
    The win-x64 publish folder. Default: the folder this script is in.

.EXAMPLE
    .\Install-NewsWatch.ps1

.EXAMPLE
    .\Install-NewsWatch.ps1 -SourcePath C:\build\publish\win

.EXAMPLE
    .\Install-NewsWatch.ps1 -Rollback

.EXAMPLE
    .\Install-NewsWatch.ps1 -Uninstall
#>
#Requires -Version 5.1
#Requires -RunAsAdministrator
[CmdletBinding()]
param(
    [switch]$Uninstall,
    [switch]$Rollback,
    [string]$InstallPath = "$env:ProgramFiles\NewsWatch",
    [string]$DataPath = "$env:ProgramData\NewsWatch",
    [string]$SourcePath = $PSScriptRoot
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0

$ServiceName = 'NewsWatch'
$DisplayName = 'NewsWatch'
$Description = 'NewsWatch worker: polls the configured news feeds on their schedules and stores new articles in a local SQLite database.'
$ServiceAccount = "NT SERVICE\$ServiceName"
# When running as a service the host logs to the Application event log, with the
# application name as source.
$EventSource = 'newswatch'

# Absolute paths: the service's working directory is %SystemRoot%\System32.
$InstallPath = $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($InstallPath)
$DataPath = $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($DataPath)
$ExePath = Join-Path $InstallPath 'newswatch.exe'
$ConfigPath = Join-Path $DataPath 'newswatch.json'
$DbPath = Join-Path $DataPath 'newswatch.db'
$BinaryPath = '"{0}" run --config "{1}" --db "{2}"' -f $ExePath, $ConfigPath, $DbPath
$PreviousPath = $InstallPath.TrimEnd('\') + '.previous'
$BackupPath = Join-Path $DataPath 'backups'
$BackupsKept = 3
$RecoveryScript = Join-Path $InstallPath 'Restart-NewsWatch.ps1'

# Run by the service's recovery actions (as the service account) after a failure. The Service
# Control Manager restarts whatever the exit code; this restarts only if the configuration and
# the database are usable, as the systemd unit's RestartPreventExitStatus=2 does.
$RecoveryScriptText = @'
param([string]$Exe, [string]$Config, [string]$Db)
function Write-Refusal([string]$Why) {
    Write-EventLog -LogName Application -Source 'newswatch' -EventId 2 -EntryType Error -Message (
        "NewsWatch stopped and is not restarted: $Why Fix it, then Start-Service NewsWatch.")
}
& $Exe config --config $Config --db $Db *> $null
if ($LASTEXITCODE -eq 2) { Write-Refusal "its configuration is invalid ('newswatch config' exits 2)."; exit 2 }
$check = & $Exe db check --config $Config --db $Db 2>&1 | ForEach-Object { "$_" }
if ($LASTEXITCODE -ne 0) { Write-Refusal "its database cannot be used ($($check -join ' ')) - restore a backup made with 'newswatch db backup'."; exit 2 }
Start-Service -Name 'NewsWatch'
'@

# Runs a native tool and fails on a non-zero exit code (sc.exe reports errors on stdout).
function Invoke-Tool {
    param([Parameter(Mandatory)][string]$Tool, [string[]]$Arguments)
    # Judge by the exit code only: under some hosts Windows PowerShell turns stderr
    # lines of native programs into terminating errors.
    $ErrorActionPreference = 'Continue'
    $output = & $Tool @Arguments 2>&1 | ForEach-Object { "$_" }
    if ($LASTEXITCODE -ne 0) {
        throw "$Tool $($Arguments -join ' ') failed with exit code ${LASTEXITCODE}: $($output -join ' ')"
    }
    if ($output) { Write-Verbose ($output -join [Environment]::NewLine) }
}

# Runs newswatch.exe, showing its output (its log lines go to stderr); returns the exit code.
function Invoke-NewsWatch {
    param([Parameter(Mandatory)][string]$Exe, [string[]]$Arguments)
    $ErrorActionPreference = 'Continue'
    & $Exe @Arguments 2>&1 | ForEach-Object { "$_" } | Out-Host
    return $LASTEXITCODE
}

function Stop-NewsWatch {
    $service = Get-Service -Name $ServiceName -ErrorAction SilentlyContinue
    if ($null -ne $service -and $service.Status -ne 'Stopped') {
        # The worker lets the poll in flight finish; this can take up to
        # NewsWatch:Scheduling:ShutdownTimeout (default 2 minutes).
        Write-Host "Stopping $ServiceName (waits for an in-flight poll to finish)..."
        Stop-Service -Name $ServiceName -Force
    }
}

function Uninstall-NewsWatch {
    $service = Get-Service -Name $ServiceName -ErrorAction SilentlyContinue
    if ($null -ne $service) {
        Stop-NewsWatch
        Write-Host "Removing service $ServiceName"
        if ($PSVersionTable.PSVersion.Major -ge 6) {
            Remove-Service -Name $ServiceName
        }
        else {
            Invoke-Tool sc.exe @('delete', $ServiceName)
        }
    }
    else {
        Write-Host "Service $ServiceName is not installed"
    }

    if (Test-Path -LiteralPath $ExePath) {
        Write-Host "Removing $InstallPath"
        Remove-Item -LiteralPath $InstallPath -Recurse -Force
        if (Test-Path -LiteralPath $PreviousPath) { Remove-Item -LiteralPath $PreviousPath -Recurse -Force }
    }
    elseif (Test-Path -LiteralPath $InstallPath) {
        Write-Warning "$InstallPath does not contain newswatch.exe; left in place"
    }

    Write-Host ''
    Write-Host 'NewsWatch is uninstalled. Kept on purpose (delete by hand if no longer wanted):'
    Write-Host "  $DataPath  (configuration and database)"
    Write-Host "  the '$EventSource' source of the Application event log (existing entries stay readable)"
}

function Install-NewsWatch {
    if ([string]::IsNullOrEmpty($SourcePath)) {
        throw 'Pass -SourcePath with the win-x64 publish folder.'
    }
    $source = (Resolve-Path -LiteralPath $SourcePath).ProviderPath
    $sourceExe = Join-Path $source 'newswatch.exe'
    $sourceSettings = Join-Path $source 'appsettings.json'
    foreach ($file in $sourceExe, $sourceSettings) {
        if (-not (Test-Path -LiteralPath $file -PathType Leaf)) {
            throw "$file not found; -SourcePath must be the win-x64 publish folder."
        }
    }

    # Fails here, before anything is changed, if the .NET runtime is missing.
    $exitCode = Invoke-NewsWatch $sourceExe @('--version')
    if ($exitCode -ne 0) {
        throw "$sourceExe does not start (exit code $exitCode); is the ASP.NET Core Runtime 10 installed?"
    }

    $existing = Get-Service -Name $ServiceName -ErrorAction SilentlyContinue
    # An upgrade leaves a service the administrator had stopped as it was.
    $wasRunning = $null -ne $existing -and $existing.Status -ne 'Stopped'
    Stop-NewsWatch

    # Database: copied (and the copy checked) before anything changes it, by the new version
    # (older versions have no 'db backup'); the copy is made without migrating.
    if (Test-Path -LiteralPath $DbPath -PathType Leaf) {
        $null = New-Item -ItemType Directory -Path $BackupPath -Force
        $backup = Join-Path $BackupPath ('newswatch-{0}.db' -f [DateTime]::UtcNow.ToString('yyyyMMddTHHmmssZ'))
        Write-Host "Backing up $DbPath to $backup"
        $exitCode = Invoke-NewsWatch $sourceExe @('db', 'backup', $backup, '--config', $ConfigPath, '--db', $DbPath)
        if ($exitCode -ne 0) {
            if ($wasRunning) { Start-Service -Name $ServiceName }
            throw "Backing up $DbPath failed (exit code $exitCode); nothing was changed. 'newswatch db check' shows whether the file is damaged."
        }
        Get-ChildItem -LiteralPath $BackupPath -Filter 'newswatch-*.db' | Sort-Object Name -Descending |
            Select-Object -Skip $BackupsKept | Remove-Item -Force
    }

    # Program files: the version being replaced is kept for -Rollback.
    if ($source.TrimEnd('\') -ieq $InstallPath.TrimEnd('\')) {
        Write-Host "Source and install folder are the same; program files left as they are"
    }
    else {
        Write-Host "Installing program files to $InstallPath"
        if (Test-Path -LiteralPath $ExePath) {
            Write-Host "Keeping the previous version in $PreviousPath"
            if (Test-Path -LiteralPath $PreviousPath) { Remove-Item -LiteralPath $PreviousPath -Recurse -Force }
            Move-Item -LiteralPath $InstallPath -Destination $PreviousPath
        }
        $null = New-Item -ItemType Directory -Path $InstallPath -Force
        Get-ChildItem -LiteralPath $source -Force |
            Where-Object { $_.Name -notlike '*.ps1' } |
            Copy-Item -Destination $InstallPath -Recurse -Force
    }

    # Service: create it, or bring an existing one up to date.
    if ($null -eq $existing) {
        Write-Host "Creating service $ServiceName"
        $null = New-Service -Name $ServiceName -BinaryPathName $BinaryPath -DisplayName $DisplayName `
            -Description $Description -StartupType Automatic
        # Least privilege: a virtual account instead of LocalSystem. It needs no password and
        # gets write access to the data folder only (below).
        Invoke-Tool sc.exe @('config', $ServiceName, 'obj=', $ServiceAccount)
    }
    else {
        Write-Host "Updating service $ServiceName"
        $wmi = Get-CimInstance -ClassName Win32_Service -Filter "Name='$ServiceName'"
        if ($wmi.PathName -ne $BinaryPath) {
            $result = Invoke-CimMethod -InputObject $wmi -MethodName Change -Arguments @{ PathName = $BinaryPath }
            if ($result.ReturnValue -ne 0) {
                throw "Could not update the service's binary path (Win32_Service.Change returned $($result.ReturnValue))."
            }
        }
        Set-Service -Name $ServiceName -DisplayName $DisplayName -Description $Description -StartupType Automatic
    }

    # Service SID in the process token, so that the ACL grant to NT SERVICE\NewsWatch below
    # applies whichever account the service runs as.
    Invoke-Tool sc.exe @('sidtype', $ServiceName, 'unrestricted')

    # Recovery: after 1 min, 1 min, then 5 min (the failure count resets after a day) run the
    # recovery script, which restarts the service unless its configuration or database is
    # unusable; failureflag 1 also applies the actions when the service stops with a non-zero
    # exit code. The script runs as the service account, which is allowed to start its service.
    [IO.File]::WriteAllText($RecoveryScript, $RecoveryScriptText, (New-Object System.Text.UTF8Encoding($false)))
    # The command holds quoted paths: the command line is written out here (\" inside the quoted
    # argument), as PowerShell versions differ in how they quote such arguments for native tools.
    $command = 'powershell.exe -NoProfile -NonInteractive -ExecutionPolicy Bypass -File \"{0}\" -Exe \"{1}\" -Config \"{2}\" -Db \"{3}\"' -f $RecoveryScript, $ExePath, $ConfigPath, $DbPath
    $sc = Start-Process -FilePath sc.exe -NoNewWindow -Wait -PassThru -ArgumentList (
        'failure {0} reset= 86400 command= "{1}" actions= run/60000/run/60000/run/300000' -f $ServiceName, $command)
    if ($sc.ExitCode -ne 0) {
        throw "sc.exe failure $ServiceName failed with exit code $($sc.ExitCode)."
    }
    Invoke-Tool sc.exe @('failureflag', $ServiceName, '1')
    Grant-ServiceStart

    # Stop timeout: Stop-Service (and a stop from services.msc) waits while the worker
    # finishes the poll in flight, up to NewsWatch:Scheduling:ShutdownTimeout (default
    # 2 minutes). The host does not take part in the pre-shutdown phase, so a preshutdown
    # timeout has no effect; at machine shutdown Windows gives services only
    # WaitToKillServiceTimeout (a few seconds by default) and may cut a poll short. A poll
    # that is cut short writes nothing (its writes are one transaction); the feed is
    # fetched again after the next start.

    # Data folder: only SYSTEM, Administrators and the service account (Modify).
    if (-not (Test-Path -LiteralPath $DataPath)) {
        Write-Host "Creating $DataPath"
        $null = New-Item -ItemType Directory -Path $DataPath -Force
        Invoke-Tool icacls.exe @($DataPath, '/inheritance:r', '/grant:r', '*S-1-5-18:(OI)(CI)F', '*S-1-5-32-544:(OI)(CI)F', '/Q')
    }
    Invoke-Tool icacls.exe @($DataPath, '/grant', ('{0}:(OI)(CI)M' -f $ServiceAccount), '/Q')

    # Configuration: created once from the shipped appsettings.json, never overwritten.
    if (Test-Path -LiteralPath $ConfigPath) {
        Write-Host "Keeping existing $ConfigPath"
    }
    else {
        Write-Host "Creating $ConfigPath from the shipped appsettings.json"
        # Point it at the service database, so that CLI commands run with --config use it too.
        $json = [IO.File]::ReadAllText($sourceSettings)
        $dbJson = '"Database": "' + $DbPath.Replace('\', '\\') + '"'
        $json = [regex]::Replace($json, '"Database"\s*:\s*"data/newswatch\.db"', $dbJson.Replace('$', '$$'))
        [IO.File]::WriteAllText($ConfigPath, $json, (New-Object System.Text.UTF8Encoding($false)))
    }

    # Event Log source, registered up front: the service account may not create it itself.
    try {
        if (-not [System.Diagnostics.EventLog]::SourceExists($EventSource)) {
            [System.Diagnostics.EventLog]::CreateEventSource($EventSource, 'Application')
        }
    }
    catch {
        Write-Warning "Could not register the event source '$EventSource': $($_.Exception.Message)"
    }

    Write-Host 'Migrating the database'
    $exitCode = Invoke-NewsWatch $ExePath @('db', 'migrate', '--config', $ConfigPath, '--db', $DbPath)
    if ($exitCode -ne 0) {
        throw "newswatch db migrate failed with exit code $exitCode."
    }

    if ($null -ne $existing -and -not $wasRunning) {
        Write-Host "$ServiceName was stopped before the upgrade; left stopped"
    }
    else {
        Write-Host "Starting $ServiceName"
        try {
            Start-Service -Name $ServiceName
        }
        catch {
            throw "$ServiceName did not start: $($_.Exception.Message) See Event Viewer > Windows Logs > Application (sources '$EventSource' and 'Service Control Manager'). To go back: .\Install-NewsWatch.ps1 -Rollback"
        }
    }
    Get-Service -Name $ServiceName | Format-Table -AutoSize Status, Name, DisplayName

    Write-Host "Configuration: $ConfigPath (after editing: Restart-Service $ServiceName)"
    Write-Host "Database:      $DbPath"
    Write-Host "Logs:          Application event log, source '$EventSource'"
    if (Test-Path -LiteralPath $PreviousPath) {
        Write-Host "Rollback:      .\Install-NewsWatch.ps1 -Rollback (previous version in $PreviousPath, database copies in $BackupPath)"
    }
}

# Lets the service's own account (its service SID) start and query the service, so that the
# recovery script can restart it.
function Grant-ServiceStart {
    $sidLine = (& sc.exe showsid $ServiceName) | Where-Object { $_ -match 'S-1-5-80-[0-9-]+' } | Select-Object -First 1
    if ($null -eq $sidLine -or $sidLine -notmatch '(S-1-5-80-[0-9-]+)') {
        Write-Warning "Could not read the service SID of $ServiceName; after a failure it will not be restarted automatically."
        return
    }
    $ace = "(A;;RPLCLORC;;;$($Matches[1]))"
    $sddl = ((& sc.exe sdshow $ServiceName) | Where-Object { $_.Trim() }) -join ''
    if ($sddl.Contains($ace)) { return }
    $index = $sddl.IndexOf('S:')
    $sddl = if ($index -ge 0) { $sddl.Insert($index, $ace) } else { $sddl + $ace }
    Invoke-Tool sc.exe @('sdset', $ServiceName, $sddl)
}

# Puts back the previous program files and the database copy made by the last upgrade.
function Undo-NewsWatchUpgrade {
    if (-not (Test-Path -LiteralPath (Join-Path $PreviousPath 'newswatch.exe'))) {
        throw "No previous version in $PreviousPath to roll back to."
    }
    $backup = Get-ChildItem -LiteralPath $BackupPath -Filter 'newswatch-*.db' -ErrorAction SilentlyContinue |
        Sort-Object Name -Descending | Select-Object -First 1
    if ($null -eq $backup) {
        throw "No database copy in $BackupPath to roll back to."
    }
    $service = Get-Service -Name $ServiceName -ErrorAction SilentlyContinue
    $wasRunning = $null -ne $service -and $service.Status -ne 'Stopped'
    Stop-NewsWatch

    Write-Host "Restoring the program files from $PreviousPath"
    Remove-Item -LiteralPath $InstallPath -Recurse -Force
    Move-Item -LiteralPath $PreviousPath -Destination $InstallPath

    $aside = '{0}.rolled-back-{1}' -f $DbPath, [DateTime]::UtcNow.ToString('yyyyMMddTHHmmssZ')
    Write-Host "Restoring $DbPath from $($backup.FullName) (the current one is kept as $aside)"
    foreach ($suffix in '', '-wal', '-shm') {
        if (Test-Path -LiteralPath "$DbPath$suffix") { Move-Item -LiteralPath "$DbPath$suffix" -Destination "$aside$suffix" }
    }
    Copy-Item -LiteralPath $backup.FullName -Destination $DbPath

    if ($wasRunning) {
        Write-Host "Starting $ServiceName"
        Start-Service -Name $ServiceName
    }
    Write-Host 'NewsWatch rolled back.'
}

if ($Uninstall) {
    Uninstall-NewsWatch
}
elseif ($Rollback) {
    Undo-NewsWatchUpgrade
}
else {
    Install-NewsWatch
}
