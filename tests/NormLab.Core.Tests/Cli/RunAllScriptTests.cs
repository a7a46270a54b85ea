using System.Management.Automation;
using System.Management.Automation.Runspaces;
using Xunit;

namespace NormLab.Core.Tests.Cli;

/// <summary>
/// run-all.ps1 run by the PowerShell engine (System.Management.Automation; there is no pwsh here), with
/// the CLI stubbed by /bin/echo. The session is CreateDefault2 (modules, not snap-ins): the package
/// alone has no $PSHOME, so CreateDefault's Microsoft.PowerShell.Host snap-in (ConsoleHost.dll) is
/// missing and no cmdlet modules exist — the script therefore uses only language features.
/// </summary>
public class RunAllScriptTests
{
    [Fact]
    public void Script_passes_its_arguments_to_normlab_run_all()
    {
        string root = RepositoryRoot.Require();
        string script = Path.Combine(root, "run-all.ps1");
        Environment.SetEnvironmentVariable("NORMLAB_CLI", "/bin/echo stub-normlab");
        try
        {
            using var ps = PowerShell.Create(InitialSessionState.CreateDefault2());
            ps.AddScript($"& '{script}' --dry-run --reports out/x");
            var output = string.Join("", ps.Invoke().Select(o => o?.ToString()));
            Assert.False(ps.HadErrors, string.Join("; ", ps.Streams.Error.Select(e => e.ToString())));
            Assert.Equal("stub-normlab run-all --dry-run --reports out/x", output.Trim());
        }
        finally
        {
            Environment.SetEnvironmentVariable("NORMLAB_CLI", null);
        }
    }
}
