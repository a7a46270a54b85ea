# NormLab's main job for PowerShell users: a thin wrapper over `normlab run-all` (arguments pass through).
# $env:NORMLAB_CLI overrides the command that runs the CLI (e.g. a prebuilt binary, or a stub in tests).
# Only language features, no cmdlets: the script then also runs in a bare System.Management.Automation host.
$ErrorActionPreference = 'Stop'
if ($env:NORMLAB_CLI) {
    $parts = $env:NORMLAB_CLI.Split(' ')
    $exe = $parts[0]
    $pre = @(if ($parts.Length -gt 1) { $parts[1..($parts.Length - 1)] })
} else {
    $exe = 'dotnet'
    $pre = @('run', '--project', "$PSScriptRoot/lab/NormLab.Cli", '-c', 'Release', '--')
}
& $exe @pre run-all @args
exit $LASTEXITCODE
