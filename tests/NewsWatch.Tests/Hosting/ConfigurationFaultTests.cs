using System.Text.Json;
using System.Text.Json.Nodes;
using NewsWatch.Tests.Support;

namespace NewsWatch.Tests.Hosting;

/// <summary>What an operator meets with a configuration file of their own: the shipped behaviour, and clear errors.</summary>
public sealed class ConfigurationFaultTests : IAsyncLifetime
{
    private FixtureServer _server = null!;
    private string _directory = null!;

    public async ValueTask InitializeAsync()
    {
        _server = await FixtureServer.StartAsync();
        _server.MapFixture("/wire.xml", "rss20.xml");
        _directory = TempDirectory.Create();
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        TempDirectory.Delete(_directory);
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, text);
        return path;
    }

    private string Database => Path.Combine(_directory, "newswatch.db");

    /// <summary>Loopback feeds need private addresses allowed; given in the environment so that the file holds only sources.</summary>
    private static readonly Dictionary<string, string> AllowLoopback = new() { ["NewsWatch__Http__AllowPrivateNetworks"] = "true" };

    [Fact]
    public async Task Minimal_config_file_keeps_the_shipped_threshold_and_quiet_http_polly_and_quartz_logs()
    {
        var config = Write("minimal.json", new JsonObject
        {
            ["NewsWatch"] = new JsonObject { ["Sources"] = new JsonArray(new JsonObject { ["Name"] = "Wire", ["FeedUrl"] = _server.Url("/wire.xml").ToString() }) },
        }.ToJsonString());

        var shipped = await NewsWatchProcess.RunAsync(["config", "--db", Database]);
        var minimal = await NewsWatchProcess.RunAsync(["config", "--config", config, "--db", Database]);
        var poll = await NewsWatchProcess.RunAsync(["poll", "--config", config, "--db", Database], AllowLoopback);

        Assert.Equal(0, shipped.ExitCode);
        Assert.Equal(0, minimal.ExitCode);
        static double Threshold(string output) =>
            JsonNode.Parse(output)!["NewsWatch"]!["Classification"]!["CandidateThreshold"]!.GetValue<double>();
        Assert.Equal(0.4, Threshold(shipped.StdOut));
        Assert.Equal(0.4, Threshold(minimal.StdOut));

        Assert.True(poll.ExitCode == 0, poll.StdErr);
        Assert.Contains("Wire", poll.StdOut);
        var noisy = poll.StdErr.Split('\n').Where(line =>
            line.Contains("info: System.Net.Http", StringComparison.Ordinal) || line.Contains("info: Microsoft.Extensions.Http", StringComparison.Ordinal)
            || line.Contains("info: Polly", StringComparison.Ordinal) || line.Contains("info: Quartz", StringComparison.Ordinal)).ToList();
        Assert.True(noisy.Count == 0, string.Join('\n', noisy));
    }

    [Fact]
    public async Task Logging_section_of_a_config_file_still_overrides_the_built_in_levels()
    {
        var config = Write("verbose.json", new JsonObject
        {
            ["Logging"] = new JsonObject { ["LogLevel"] = new JsonObject { ["System.Net.Http.HttpClient"] = "Information" } },
            ["NewsWatch"] = new JsonObject { ["Sources"] = new JsonArray(new JsonObject { ["Name"] = "Wire", ["FeedUrl"] = _server.Url("/wire.xml").ToString() }) },
        }.ToJsonString());

        var poll = await NewsWatchProcess.RunAsync(["poll", "--config", config, "--db", Database], AllowLoopback);

        Assert.True(poll.ExitCode == 0, poll.StdErr);
        Assert.Contains("info: System.Net.Http.HttpClient", poll.StdErr);
    }
}
