using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NewsWatch.Hosting;
using NewsWatch.Pipeline;
using NewsWatch.Sources;
using NewsWatch.Storage;

namespace NewsWatch.Tests.Support;

/// <summary>
/// The application's real services over a temporary SQLite file and a configuration file written by the test,
/// built exactly as the CLI builds them.
/// </summary>
internal sealed class TestApp : IAsyncDisposable
{
    private readonly IHost _host;

    private TestApp(IHost host, string directory, string configPath)
    {
        _host = host;
        Directory = directory;
        ConfigPath = configPath;
    }

    public string Directory { get; }

    public string ConfigPath { get; }

    public IServiceProvider Services => _host.Services;

    public SourcePoller Poller => Services.GetRequiredService<SourcePoller>();

    public ArticlePipeline Pipeline => Services.GetRequiredService<ArticlePipeline>();

    public ArticleStore Articles => Services.GetRequiredService<ArticleStore>();

    public SourceStore SourceRows => Services.GetRequiredService<SourceStore>();

    public NewsWatchOptions Options => Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<NewsWatchOptions>>().Value;

    public SourceOptions Source(string name) =>
        Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<SourceList>>().Value.Find(name) ?? throw new ArgumentException($"no source {name}");

    /// <param name="services">Changes to the services after the composition root, e.g. a fake clock.</param>
    public static async Task<TestApp> StartAsync(IEnumerable<(string Name, Uri FeedUrl)> sources, Action<JsonObject>? configure = null, Action<IServiceCollection>? services = null)
    {
        var directory = TempDirectory.Create();
        var configPath = Path.Combine(directory, "newswatch.json");
        await File.WriteAllTextAsync(configPath, Configuration(directory, sources, configure));
        var builder = NewsWatchHost.CreateBuilder(new HostSettings(configPath, null));
        services?.Invoke(builder.Services);
        var host = builder.Build();
        await host.Services.GetRequiredService<Migrator>().MigrateAsync();
        return new TestApp(host, directory, configPath);
    }

    /// <summary>A complete configuration for tests: loopback allowed, short timeouts, fast retries.</summary>
    public static string Configuration(string directory, IEnumerable<(string Name, Uri FeedUrl)> sources, Action<JsonObject>? configure = null)
    {
        var root = new JsonObject
        {
            ["Logging"] = new JsonObject { ["LogLevel"] = new JsonObject { ["Default"] = "Warning" } },
            ["NewsWatch"] = new JsonObject
            {
                ["Database"] = Path.Combine(directory, "newswatch.db"),
                ["Http"] = new JsonObject
                {
                    ["AllowPrivateNetworks"] = true,
                    ["AttemptTimeout"] = "00:00:02",
                    ["TotalTimeout"] = "00:00:10",
                    ["MaxRetries"] = 2,
                    ["RetryBaseDelay"] = "00:00:00.050",
                },
                ["Scheduling"] = new JsonObject { ["StartJitter"] = "00:00:00.200" },
                // Any free port: tests run `run` in parallel, and the shipped port may be taken on the machine.
                ["Web"] = new JsonObject { ["Urls"] = "http://127.0.0.1:0" },
                ["Sources"] = new JsonArray(sources.Select(s => (JsonNode)new JsonObject
                {
                    ["Name"] = s.Name,
                    ["FeedUrl"] = s.FeedUrl.ToString(),
                    ["Interval"] = "00:01:00",
                }).ToArray()),
            },
        };
        configure?.Invoke(root["NewsWatch"]!.AsObject());
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    /// <summary>What the scheduled job does: poll the source, then a pass of the pipeline.</summary>
    public async Task<PollResult> PollAsync(string source)
    {
        var result = await Poller.PollAsync(Source(source), respectBackoff: false, CancellationToken.None);
        await Pipeline.AdvanceAfterPollAsync(CancellationToken.None);
        return result;
    }

    public async ValueTask DisposeAsync()
    {
        _host.Dispose();
        await Task.CompletedTask;
        TempDirectory.Delete(Directory);
    }
}

internal static class TempDirectory
{
    public static string Create()
    {
        var path = Path.Combine(Path.GetTempPath(), "newswatch-tests", Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(path);
        return path;
    }

    public static void Delete(string path)
    {
        // Pooled SQLite connections keep the file open until the pool is cleared.
        Database.ReleaseFiles();
        try
        {
            System.IO.Directory.Delete(path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
