using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using NewsWatch.Tests.Support;

namespace NewsWatch.Tests.Cli;

/// <summary>The executable end to end: verbs, JSON output, exit codes, configuration files and overrides.</summary>
public sealed class CommandLineTests : IAsyncLifetime
{
    private FixtureServer _server = null!;
    private string _directory = null!;

    public async ValueTask InitializeAsync()
    {
        _server = await FixtureServer.StartAsync();
        _server.MapFixture("/wire.xml", "rss20.xml");
        _server.MapFixture("/partner.xml", "second-source.xml");
        _server.MapFixture("/broken.xml", "malformed.xml");
        _directory = TempDirectory.Create();
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        TempDirectory.Delete(_directory);
    }

    private string WriteConfig(Action<JsonObject>? configure = null, params (string Name, string Path)[] sources)
    {
        var path = Path.Combine(_directory, $"config-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, TestApp.Configuration(_directory, sources.Select(s => (s.Name, _server.Url(s.Path))), configure));
        return path;
    }

    [Fact]
    public async Task Poll_prints_each_source_as_json_and_exits_1_when_any_failed()
    {
        var config = WriteConfig(null, ("Wire", "/wire.xml"), ("Broken", "/broken.xml"));

        var result = await NewsWatchProcess.RunAsync(["poll", "--json", "--config", config]);

        Assert.Equal(1, result.ExitCode);
        var rows = JsonNode.Parse(result.StdOut)!.AsArray();
        Assert.Equal(2, rows.Count);
        Assert.Equal("""{"source":"Wire","status":"ok","newItems":3,"seenItems":0,"error":null}""", rows[0]!.ToJsonString());
        Assert.Equal("Broken", (string?)rows[1]!["source"]);
        Assert.Equal("failed", (string?)rows[1]!["status"]);
        Assert.StartsWith("feed is not well-formed XML at line 8", (string?)rows[1]!["error"]);
    }

    [Fact]
    public async Task Poll_of_one_source_exits_0_and_a_second_poll_adds_nothing()
    {
        var config = WriteConfig(null, ("Wire", "/wire.xml"), ("Broken", "/broken.xml"));

        var first = await NewsWatchProcess.RunAsync(["poll", "--source", "Wire", "--config", config]);
        var second = await NewsWatchProcess.RunAsync(["poll", "--source", "wire", "--json", "--config", config]);

        Assert.Equal(0, first.ExitCode);
        Assert.Contains("Wire", first.StdOut);
        Assert.Equal(0, second.ExitCode);
        var row = JsonNode.Parse(second.StdOut)!.AsArray().Single()!;
        Assert.Equal((0, 3), ((int)row["newItems"]!, (int)row["seenItems"]!));
    }

    [Fact]
    public async Task Unknown_source_is_bad_usage_naming_the_configured_ones()
    {
        var config = WriteConfig(null, ("Wire", "/wire.xml"));

        var result = await NewsWatchProcess.RunAsync(["poll", "--source", "Nope", "--config", config]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("no source named 'Nope'. Configured: Wire.", result.StdErr);
    }

    [Fact]
    public async Task Unknown_verb_or_option_is_bad_usage()
    {
        var verb = await NewsWatchProcess.RunAsync(["frobnicate"]);
        var option = await NewsWatchProcess.RunAsync(["poll", "--nonsense"]);

        Assert.Equal(2, verb.ExitCode);
        Assert.Equal(2, option.ExitCode);
        Assert.Contains("--nonsense", option.StdErr);
    }

    [Theory]
    [InlineData("Interval", "\"00:00:05\"", "NewsWatch:Sources:0:Interval 00:00:05 is shorter than the polite minimum of 00:01:00.")]
    [InlineData("Interval", "\"soon\"", "Sources[0] (\"Wire\"): Interval 'soon' is not a time span")]
    [InlineData("FeedUrl", "\"ftp://example.com/feed\"", "NewsWatch:Sources:0:FeedUrl 'ftp://example.com/feed' is not an absolute http or https URL.")]
    [InlineData("Name", "\"\"", "NewsWatch:Sources:0:Name must not be empty.")]
    [InlineData("ContentSelector", "\"div..[x\"", "NewsWatch:Sources:0:ContentSelector 'div..[x' is not a valid CSS selector.")]
    public async Task Invalid_source_configuration_exits_2_naming_the_key(string key, string value, string expected)
    {
        var config = WriteConfig(null, ("Wire", "/wire.xml"));
        var json = JsonNode.Parse(File.ReadAllText(config))!;
        json["NewsWatch"]!["Sources"]![0]![key] = JsonNode.Parse(value);
        File.WriteAllText(config, json.ToJsonString());

        var result = await NewsWatchProcess.RunAsync(["sources", "--config", config]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(expected, result.StdErr);
    }

    [Fact]
    public async Task Misspelt_key_and_broken_json_are_reported_without_touching_the_database()
    {
        var misspelt = WriteConfig(c => c["Htpp"] = new JsonObject(), ("Wire", "/wire.xml"));
        var broken = Path.Combine(_directory, "broken.json");
        File.WriteAllText(broken, "{ \"NewsWatch\": { ");

        var first = await NewsWatchProcess.RunAsync(["sources", "--config", misspelt]);
        var second = await NewsWatchProcess.RunAsync(["sources", "--config", broken]);
        var missing = await NewsWatchProcess.RunAsync(["sources", "--config", Path.Combine(_directory, "absent.json")]);

        Assert.Equal(2, first.ExitCode);
        Assert.Contains("NewsWatch: unknown key 'Htpp'", first.StdErr);
        Assert.Contains(misspelt, first.StdErr);
        Assert.Equal(2, second.ExitCode);
        Assert.Contains($"configuration file '{broken}' is not valid JSON at line 1, column", second.StdErr);
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("absent.json' does not exist", missing.StdErr);
        Assert.False(File.Exists(Path.Combine(_directory, "newswatch.db")));
    }

    [Fact]
    public async Task Missing_model_stops_poll_before_any_request()
    {
        var config = WriteConfig(c => c["Classification"] = new JsonObject { ["ModelPath"] = Path.Combine(_directory, "absent.zip") }, ("Wire", "/wire.xml"));

        var result = await NewsWatchProcess.RunAsync(["poll", "--config", config]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("NewsWatch:Classification:ModelPath: classifier model", result.StdErr);
        Assert.Equal(0, _server.CountRequests("/wire.xml"));
    }

    [Fact]
    public async Task Config_file_replaces_the_shipped_sources_and_environment_overrides_it()
    {
        var config = WriteConfig(null, ("Only mine", "/wire.xml"));

        var result = await NewsWatchProcess.RunAsync(["config", "--config", config],
            new Dictionary<string, string> { ["NewsWatch__Http__UserAgent"] = "FromEnvironment/1.0" });

        Assert.Equal(0, result.ExitCode);
        var effective = JsonNode.Parse(result.StdOut)!["NewsWatch"]!;
        Assert.Equal("Only mine", (string?)effective["Sources"]!.AsArray().Single()!["Name"]);
        Assert.Equal("FromEnvironment/1.0", (string?)effective["Http"]!["UserAgent"]);
        Assert.Equal(5242880, (long)effective["Http"]!["MaxResponseBytes"]!);
        Assert.Equal("00:02:00", (string?)effective["Scheduling"]!["ShutdownTimeout"]);
    }

    [Fact]
    public async Task Shipped_configuration_lists_real_outlets()
    {
        var result = await NewsWatchProcess.RunAsync(["config"], workingDirectory: _directory);

        Assert.Equal(0, result.ExitCode);
        var sources = JsonNode.Parse(result.StdOut)!["NewsWatch"]!["Sources"]!.AsArray();
        Assert.True(sources.Count >= 7);
        Assert.Contains(sources, s => ((string?)s!["FeedUrl"])!.StartsWith("https://en.yna.co.kr/", StringComparison.Ordinal));
        Assert.Equal(false, (bool?)JsonNode.Parse(result.StdOut)!["NewsWatch"]!["Http"]!["AllowPrivateNetworks"]);
    }

    [Fact]
    public async Task Db_option_overrides_the_configured_database()
    {
        var config = WriteConfig(null, ("Wire", "/wire.xml"));
        var other = Path.Combine(_directory, "elsewhere", "other.db");

        var poll = await NewsWatchProcess.RunAsync(["poll", "--config", config, "--db", other]);
        var articles = await NewsWatchProcess.RunAsync(["articles", "--json", "--config", config, "--db", other]);

        Assert.Equal(0, poll.ExitCode);
        Assert.True(File.Exists(other));
        Assert.Equal(3, JsonNode.Parse(articles.StdOut)!.AsArray().Count);
    }

    [Fact]
    public async Task Articles_lists_stored_items_with_their_fields()
    {
        var config = WriteConfig(null, ("Wire", "/wire.xml"), ("Partner", "/partner.xml"));
        await NewsWatchProcess.RunAsync(["poll", "--config", config]);

        var all = await NewsWatchProcess.RunAsync(["articles", "--json", "--config", config]);
        var partner = await NewsWatchProcess.RunAsync(["articles", "--source", "Partner", "--limit", "1", "--json", "--config", config]);
        var table = await NewsWatchProcess.RunAsync(["articles", "--config", config]);

        var items = JsonNode.Parse(all.StdOut)!.AsArray();
        Assert.Equal(4, items.Count);
        var first = items[0]!.AsObject();
        Assert.Equal(["id", "source", "url", "guid", "title", "summary", "publishedAt", "firstSeenAt"], first.Select(p => p.Key));
        Assert.Single(JsonNode.Parse(partner.StdOut)!.AsArray());
        Assert.Equal(0, table.ExitCode);
        Assert.Contains("North Korean soldier crosses MDL", table.StdOut);
    }

    [Fact]
    public async Task Sources_shows_health_fields_after_a_failed_poll()
    {
        var config = WriteConfig(null, ("Wire", "/wire.xml"), ("Broken", "/broken.xml"));
        await NewsWatchProcess.RunAsync(["poll", "--config", config]);

        var result = await NewsWatchProcess.RunAsync(["sources", "--json", "--config", config]);

        Assert.Equal(0, result.ExitCode);
        var rows = JsonNode.Parse(result.StdOut)!.AsArray();
        var broken = rows.Single(r => (string?)r!["name"] == "Broken")!;
        Assert.Equal(1, (int)broken["consecutiveFailures"]!);
        Assert.StartsWith("feed is not well-formed XML", (string?)broken["lastError"]);
        Assert.NotNull((string?)broken["lastPolledAt"]);
        Assert.Null((string?)broken["lastSuccessAt"]);
        Assert.NotNull((string?)broken["nextPollAfter"]);
        var wire = rows.Single(r => (string?)r!["name"] == "Wire")!;
        Assert.Equal(0, (int)wire["consecutiveFailures"]!);
        Assert.NotNull((string?)wire["lastSuccessAt"]);
    }

    [Fact]
    public async Task Db_migrate_creates_the_schema_and_is_idempotent()
    {
        var config = WriteConfig(null, ("Wire", "/wire.xml"));

        var first = await NewsWatchProcess.RunAsync(["db", "migrate", "--config", config]);
        var second = await NewsWatchProcess.RunAsync(["db", "migrate", "--config", config]);

        Assert.Equal(0, first.ExitCode);
        Assert.Contains("applied 0001 sources_and_articles", first.StdOut);
        Assert.Equal(0, second.ExitCode);
        Assert.DoesNotContain("applied", second.StdOut);
        Assert.Contains($"schema version {NewsWatch.Storage.Migrator.All[^1].Version}", second.StdOut);
    }

    [Fact]
    public async Task Run_polls_on_schedule_and_stops_cleanly_on_sigterm()
    {
        if (OperatingSystem.IsWindows())
            Assert.Skip("SIGTERM is a Unix signal.");
        var config = WriteConfig(null, ("Wire", "/wire.xml"), ("Partner", "/partner.xml"));
        File.WriteAllText(config, File.ReadAllText(config).Replace("\"Default\": \"Warning\"", "\"Default\": \"Information\""));

        using var process = NewsWatchProcess.Start(["--config", config]);
        var stderr = new System.Text.StringBuilder();
        process.ErrorDataReceived += (_, e) => { lock (stderr) stderr.AppendLine(e.Data); };
        process.BeginErrorReadLine();
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(30) && (_server.CountRequests("/wire.xml") == 0 || _server.CountRequests("/partner.xml") == 0 || !Logged(stderr, "Polled Partner")))
            await Task.Delay(100);

        NewsWatchProcess.Terminate(process);
        using var exit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(exit.Token);

        Assert.Equal(0, process.ExitCode);
        Assert.True(Logged(stderr, "Polled Wire: "), stderr.ToString());
        Assert.True(Logged(stderr, "Application is shutting down"), stderr.ToString());
        Assert.Equal(1, _server.CountRequests("/wire.xml"));
        var articles = await NewsWatchProcess.RunAsync(["articles", "--json", "--config", config]);
        Assert.Equal(4, JsonNode.Parse(articles.StdOut)!.AsArray().Count);
    }

    private static bool Logged(System.Text.StringBuilder log, string text)
    {
        lock (log)
            return log.ToString().Contains(text, StringComparison.Ordinal);
    }
}
