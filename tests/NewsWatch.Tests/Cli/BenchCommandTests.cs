using System.Text.RegularExpressions;
using NewsWatch.Tests.Support;

namespace NewsWatch.Tests.Cli;

/// <summary>The benchmark verbs run and print their figures; the figures themselves are not judged here.</summary>
public sealed class BenchCommandTests
{
    [Fact]
    public async Task Bench_grouping_grows_its_own_temporary_database_and_prints_the_ratio_line()
    {
        var result = await NewsWatchProcess.RunAsync(["bench", "grouping", "--sizes", "1000", "--probe", "100"], timeout: TimeSpan.FromMinutes(3));

        Assert.True(result.ExitCode == 0, result.StdErr);
        Assert.Matches(new Regex(@"^ratio [0-9.]+ articles/s [0-9]+$"), result.StdOut.Trim().Split('\n')[^1].Trim());
    }
}
