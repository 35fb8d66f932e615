using System.Text.Json;
using System.Text.Json.Nodes;
using NewsWatch.Cli;
using NewsWatch.Hosting;
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

    /// <summary>The test configuration with three sources, changed by <paramref name="change"/>; the path of the file written.</summary>
    private string Sources3(Action<JsonObject> change)
    {
        var text = TestApp.Configuration(_directory,
            [("Yonhap", new Uri("https://a.example/feed")), ("NK News", new Uri("https://b.example/feed")), ("Daily NK", new Uri("https://c.example/feed"))]);
        var root = JsonNode.Parse(text)!.AsObject();
        change(root["NewsWatch"]!.AsObject());
        return Write($"config-{Guid.NewGuid():N}.json", root.ToJsonString());
    }

    private static string ErrorOf(string configFile)
    {
        using var host = NewsWatchHost.CreateBuilder(new HostSettings(configFile, null)).Build();
        return Assert.Throws<ConfigurationException>(() => CliHost.ReadOptions(host.Services)).Message;
    }

    [Fact]
    public void Typo_in_a_source_is_named_by_its_index_and_name()
    {
        var message = ErrorOf(Sources3(c => c["Sources"]![2]!["Intervall"] = "00:10:00"));

        Assert.Contains("Sources[2] (\"Daily NK\"): unknown key 'Intervall' (did you mean 'Interval'?)", message);
        Assert.DoesNotContain("ErrorOnUnknownConfiguration", message);
        Assert.DoesNotContain("BinderOptions", message);
    }

    [Fact]
    public void Typo_in_a_section_is_named_by_the_section()
    {
        var message = ErrorOf(Sources3(c => c["Http"]!["MaxRetrys"] = 3));

        Assert.Contains("Http: unknown key 'MaxRetrys' (did you mean 'MaxRetries'?)", message);
    }

    [Theory]
    [InlineData("Interval", "soon", "Sources[0] (\"Yonhap\"): Interval 'soon' is not a time span (hh:mm:ss")]
    [InlineData("Enabled", "sometimes", "Sources[0] (\"Yonhap\"): Enabled 'sometimes' is not true or false")]
    public void Value_of_the_wrong_type_is_named_with_what_was_expected(string key, string value, string expected)
    {
        var message = ErrorOf(Sources3(c => c["Sources"]![0]![key] = value));

        Assert.Contains(expected, message);
        Assert.DoesNotContain("Failed to convert", message);
    }

    [Fact]
    public void Every_problem_is_listed_at_once_with_the_file_it_came_from()
    {
        var file = Sources3(c =>
        {
            c["Sources"]![0]!["Interval"] = "soon";
            c["Sources"]![2]!["Intervall"] = "00:10:00";
            c["Http"]!["MaxRetrys"] = 3;
            c["Http"]!["MaxRedirects"] = "many";
            c["Incidents"] = new JsonObject { ["AttachScore"] = 5 };
            c["Htpp"] = new JsonObject { ["UserAgent"] = "x" };
        });

        var lines = ErrorOf(file).Split(Environment.NewLine);

        Assert.Equal($"invalid configuration in '{file}':", lines[0]);
        string[] expected =
        [
            "Http: MaxRedirects 'many' is not a whole number",
            "Http: unknown key 'MaxRetrys' (did you mean 'MaxRetries'?)",
            "NewsWatch: unknown key 'Htpp' (did you mean 'Http'?)",
            "NewsWatch:Incidents:AttachScore must be above 0 and at most 2 (was 5).",
            "Sources[0] (\"Yonhap\"): Interval 'soon' is not a time span (hh:mm:ss, or d.hh:mm:ss)",
            "Sources[2] (\"Daily NK\"): unknown key 'Intervall' (did you mean 'Interval'?)",
        ];
        Assert.Equal(expected, lines.Skip(1).Select(l => l.Trim()).Order(StringComparer.Ordinal).ToArray());
    }

    [Fact]
    public async Task Broken_json_is_reported_with_the_file_line_and_column_and_exit_code_2()
    {
        var file = Write("broken.json", "{\n  \"NewsWatch\": {\n    \"Http\": { \"MaxRetries\": 3,, }\n  }\n}\n");

        var result = await NewsWatchProcess.RunAsync(["sources", "--config", file, "--db", Database]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"error: configuration file '{file}' is not valid JSON at line 3, column 31: ", result.StdErr);
        Assert.DoesNotContain("LineNumber", result.StdErr);
        Assert.False(File.Exists(Database));
    }

    [Fact]
    public async Task Configuration_errors_from_the_executable_name_the_file_and_exit_2_without_a_database()
    {
        var file = Sources3(c => c["Sources"]![2]!["Intervall"] = "00:10:00");

        var result = await NewsWatchProcess.RunAsync(["sources", "--config", file, "--db", Database]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"error: invalid configuration in '{file}':", result.StdErr);
        Assert.Contains("Sources[2] (\"Daily NK\"): unknown key 'Intervall'", result.StdErr);
        Assert.False(File.Exists(Database));
    }
}
