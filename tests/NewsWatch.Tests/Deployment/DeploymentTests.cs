using System.Diagnostics;
using NewsWatch.Tests.Support;

namespace NewsWatch.Tests.Deployment;

/// <summary>What can be checked of deploy/ on Linux: the installer parses, and what is published holds no symbol files.</summary>
public sealed class DeploymentTests : IDisposable
{
    private readonly string _directory = TempDirectory.Create();

    public void Dispose() => TempDirectory.Delete(_directory);

    [Fact]
    public async Task Install_script_is_valid_bash()
    {
        if (OperatingSystem.IsWindows())
            Assert.Skip("bash is the Linux installer's shell");

        var (exitCode, output) = await RunAsync("bash", "-n", Path.Combine(Repository.Root, "deploy", "linux", "install.sh"));

        Assert.True(exitCode == 0, output);
    }

    [Fact]
    public async Task Published_output_has_no_pdb_or_dbg_files()
    {
        // The command deploy/README.md gives, into a folder of our own.
        var output = Path.Combine(_directory, "publish");
        var (exitCode, log) = await RunAsync("dotnet", "publish", Path.Combine(Repository.Root, "src", "NewsWatch"),
            "-c", "Release", "-r", "linux-x64", "--self-contained", "false", "-o", output, "-nologo");

        Assert.True(exitCode == 0, log);
        Assert.True(File.Exists(Path.Combine(output, "newswatch.dll")));
        Assert.DoesNotContain(Directory.EnumerateFiles(output, "*.*", SearchOption.AllDirectories),
            f => f.EndsWith(".pdb", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".dbg", StringComparison.OrdinalIgnoreCase));
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string program, params string[] arguments)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
            info.ArgumentList.Add(argument);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        return (process.ExitCode, await stdout + await stderr);
    }
}
