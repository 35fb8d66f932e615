using System.Diagnostics;
using NewsWatch.Tests.Support;

namespace NewsWatch.Tests.Deployment;

/// <summary><c>.ci/run</c> over a stand-in <c>dotnet</c> that writes a known trx: the summary, the skipped tests, the exit status.</summary>
public sealed class CiScriptTests : IDisposable
{
    private readonly string _directory = TempDirectory.Create();

    public void Dispose() => TempDirectory.Delete(_directory);

    [Fact]
    public async Task Ci_run_counts_skipped_tests_prints_their_reasons_keeps_the_exit_status_and_leaves_no_temporary_folder()
    {
        if (OperatingSystem.IsWindows())
            Assert.Skip(".ci/run is a bash script for Linux CI");
        var bin = Directory.CreateDirectory(Path.Combine(_directory, "bin")).FullName;
        var temp = Directory.CreateDirectory(Path.Combine(_directory, "tmp")).FullName;
        var arguments = Path.Combine(_directory, "arguments.txt");
        var fakeDotnet = Path.Combine(bin, "dotnet");
        await File.WriteAllTextAsync(fakeDotnet, $$"""
            #!/usr/bin/env bash
            echo "$*" > '{{arguments}}'
            while (($#)); do
              if [[ $1 == --results-directory ]]; then cp '{{Fixtures.Path("skipped-tests.trx")}}' "$2/results.trx"; fi
              shift
            done
            exit 1
            """.ReplaceLineEndings("\n"), TestContext.Current.CancellationToken);
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(fakeDotnet, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        var (exitCode, output) = await RunAsync(Path.Combine(Repository.Root, ".ci", "run"), bin, temp);

        Assert.Equal(1, exitCode);
        var lines = output.TrimEnd().Split('\n');
        Assert.Equal("Tests: 1 passed, 1 failed, 2 skipped", lines[^1]);
        Assert.Contains("Skipped NewsWatch.Tests.Fixture.Needs_a_server: the server is not installed <see README> & nothing else", lines);
        Assert.Contains("Skipped NewsWatch.Tests.Fixture.Needs_shared_data: ../shared/data is not present", lines);
        Assert.Empty(Directory.GetFileSystemEntries(temp));
        // The README's test command, with a logger added.
        var command = (await File.ReadAllTextAsync(arguments, TestContext.Current.CancellationToken)).Trim();
        Assert.StartsWith("test NewsWatch.sln -c Release", command);
        Assert.Contains("dotnet " + "test NewsWatch.sln -c Release", await File.ReadAllTextAsync(Path.Combine(Repository.Root, "README.md"), TestContext.Current.CancellationToken));
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string script, string bin, string temp)
    {
        var info = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(script);
        info.Environment["PATH"] = bin + ":" + Environment.GetEnvironmentVariable("PATH");
        info.Environment["TMPDIR"] = temp;
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        _ = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        return (process.ExitCode, await output);
    }
}
