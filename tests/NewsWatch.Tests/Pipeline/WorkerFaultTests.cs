using System.Diagnostics;
using System.Text.Json.Nodes;
using Dapper;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using NewsWatch.Hosting;
using NewsWatch.Pipeline;
using NewsWatch.Storage;
using NewsWatch.Tests.Support;

namespace NewsWatch.Tests.Pipeline;

/// <summary>
/// Slow hosts and stops: pages whose server never answers must hold up neither other hosts' pages nor any poll, and a stop must
/// end at once, leaving the interrupted work to be done again rather than failed.
/// </summary>
public sealed class WorkerFaultTests : IAsyncLifetime
{
    private readonly string _directory = TempDirectory.Create();
    private FixtureServer _slowHost = null!;
    private FixtureServer _healthyHost = null!;
    private readonly TaskCompletionSource _stalledPageAborted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _stalledPageRequested = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public async ValueTask InitializeAsync()
    {
        _slowHost = await FixtureServer.StartAsync();
        _healthyHost = await FixtureServer.StartAsync();
        Serve(_slowHost, "slow", stallFirstPage: true);
        Serve(_healthyHost, "healthy", stallFirstPage: false);
    }

    public async ValueTask DisposeAsync()
    {
        await _slowHost.DisposeAsync();
        await _healthyHost.DisposeAsync();
        TempDirectory.Delete(_directory);
    }

    private void Serve(FixtureServer server, string name, bool stallFirstPage)
    {
        server.MapText($"/{name}.xml", $"""
            <?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>{name}</title>
            {string.Concat(Enumerable.Range(0, 3).Select(i => $"<item><title>Soldier crosses the border {name} {i}</title><link>{server.Url($"/{name}/{i}")}</link><guid>{name}{i}</guid><description>A North Korean soldier crossed the military demarcation line and defected, officials said.</description><pubDate>Mon, 0{3 - i} Sep 2024 10:00:00 GMT</pubDate></item>"))}
            </channel></rss>
            """);
        for (var i = 0; i < 3; i++)
        {
            var page = $"<html lang=\"en\"><head><title>{name} {i}</title></head><body><article><h1>Soldier crosses the border</h1><p>A North Korean soldier crossed the military demarcation line and defected to the South, officials said on Monday.</p></article></body></html>";
            if (stallFirstPage && i == 0)
            {
                // The newest page of the slow host never answers: the request stays open until the client gives up.
                server.Map($"/{name}/{i}", async context =>
                {
                    _stalledPageRequested.TrySetResult();
                    try
                    {
                        await Task.Delay(Timeout.Infinite, context.RequestAborted);
                    }
                    catch (OperationCanceledException)
                    {
                        _stalledPageAborted.TrySetResult();
                    }
                });
            }
            else
            {
                server.MapText($"/{name}/{i}", page, "text/html; charset=utf-8");
            }
        }
    }

    private string Config(Action<JsonObject>? configure = null)
    {
        var path = Path.Combine(_directory, "newswatch.json");
        File.WriteAllText(path, TestApp.Configuration(_directory, [("Slow", _slowHost.Url("/slow.xml")), ("Healthy", _healthyHost.Url("/healthy.xml"))], c =>
        {
            foreach (var source in c["Sources"]!.AsArray())
                source!["FetchArticles"] = true;
            c["Articles"] = new JsonObject { ["MinHostDelay"] = "00:00:00" };
            // Long enough that only a cancellation can end the stalled request within the test.
            c["Http"]!["AttemptTimeout"] = "00:05:00";
            c["Http"]!["TotalTimeout"] = "00:10:00";
            configure?.Invoke(c);
        }));
        return path;
    }

    private static async Task<string> StageAsync(IServiceProvider services, string guid)
    {
        await using var connection = await services.GetRequiredService<Database>().OpenAsync();
        return await connection.ExecuteScalarAsync<string>("SELECT stage FROM articles WHERE guid = @guid", new { guid }) ?? "(none)";
    }

    [Fact]
    public async Task A_host_whose_page_never_answers_holds_up_neither_other_hosts_nor_past_the_page_budget()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 6, 0, 0, TimeSpan.Zero));
        await using var app = await TestApp.StartAsync(
            [("Slow", _slowHost.Url("/slow.xml")), ("Healthy", _healthyHost.Url("/healthy.xml"))],
            c =>
            {
                foreach (var source in c["Sources"]!.AsArray())
                    source!["FetchArticles"] = true;
                c["Articles"] = new JsonObject { ["MinHostDelay"] = "00:00:00" };
                c["Pipeline"] = new JsonObject { ["PageBudget"] = "00:02:00" };
            },
            services => services.AddSingleton<TimeProvider>(clock));
        await app.Poller.PollAsync(app.Source("Slow"), respectBackoff: false, CancellationToken.None);
        await app.Poller.PollAsync(app.Source("Healthy"), respectBackoff: false, CancellationToken.None);

        var pass = app.Pipeline.AdvanceAsync(PipelineRun.Scheduled, CancellationToken.None);
        await _stalledPageRequested.Task.WaitAsync(TimeSpan.FromSeconds(30));
        // Meanwhile the other host's pages are fetched: no page of one host waits for another host.
        var deadline = Stopwatch.StartNew();
        while (await StageAsync(app.Services, "healthy2") == ArticleStages.Discovered && deadline.Elapsed < TimeSpan.FromSeconds(30))
            await Task.Delay(50);
        foreach (var guid in new[] { "healthy0", "healthy1", "healthy2" })
            Assert.Equal(ArticleStages.Extracted, await StageAsync(app.Services, guid));
        Assert.False(pass.IsCompleted);

        clock.Advance(TimeSpan.FromMinutes(2));
        var outcome = await pass.WaitAsync(TimeSpan.FromSeconds(30));

        // The stalled page and the two behind it on the same host wait for the next pass: interrupted, not failed, no attempt counted.
        Assert.Equal(3, outcome.Interrupted);
        Assert.Equal(3, outcome.Extracted);
        await _stalledPageAborted.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await using (var connection = await app.Services.GetRequiredService<Database>().OpenAsync())
        {
            Assert.Equal(0, await connection.ExecuteScalarAsync<long>(
                "SELECT COUNT(*) FROM article_pages p JOIN articles a ON a.id = p.article_id WHERE a.guid LIKE 'slow%'"));
        }

        foreach (var guid in new[] { "slow0", "slow1", "slow2" })
            Assert.Equal(ArticleStages.Discovered, await StageAsync(app.Services, guid));
        foreach (var guid in new[] { "healthy0", "healthy1", "healthy2" })
            Assert.Equal(ArticleStages.Grouped, await StageAsync(app.Services, guid));
    }

    [Fact]
    public async Task A_poll_never_waits_on_its_pages_and_a_stop_cancels_the_stalled_page_at_once()
    {
        var builder = NewsWatchHost.CreateBuilder(new HostSettings(Config(c =>
        {
            c["Scheduling"] = new JsonObject { ["StartJitter"] = "00:00:00.100", ["ShutdownTimeout"] = "00:02:00" };
            c["Pipeline"] = new JsonObject { ["PageBudget"] = "00:10:00" };
        }), null));
        builder.AddWorker();
        using var host = builder.Build();
        await host.Services.GetRequiredService<Migrator>().MigrateAsync();
        await host.StartAsync();

        await _stalledPageRequested.Task.WaitAsync(TimeSpan.FromSeconds(30));
        // Both polls end and record their success while the page is still being fetched by the pipeline's own job.
        var deadline = Stopwatch.StartNew();
        long succeeded = 0;
        while (succeeded < 2 && deadline.Elapsed < TimeSpan.FromSeconds(30))
        {
            await using var connection = await host.Services.GetRequiredService<Database>().OpenAsync();
            succeeded = await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM sources WHERE last_success_at IS NOT NULL");
            await Task.Delay(50);
        }

        Assert.Equal(2, succeeded);
        Assert.False(_stalledPageAborted.Task.IsCompleted, "the stalled page is still being fetched");

        // The stop cancels the request rather than waiting out the two-minute shutdown timeout.
        var stop = host.StopAsync();
        Assert.Same(stop, await Task.WhenAny(stop, Task.Delay(TimeSpan.FromSeconds(60))));
        await stop;
        await _stalledPageAborted.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(ArticleStages.Discovered, await StageAsync(host.Services, "slow0"));
        await using (var connection = await host.Services.GetRequiredService<Database>().OpenAsync())
            Assert.Equal(0, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM article_pages p JOIN articles a ON a.id = p.article_id WHERE a.guid = 'slow0'"));
    }

    [Fact]
    public async Task Sigterm_during_a_poll_of_a_server_that_never_answers_exits_at_once_and_records_no_failure()
    {
        if (OperatingSystem.IsWindows())
            Assert.Skip("SIGTERM is a Unix signal.");
        var feedRequested = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _slowHost.Map("/slow.xml", async context =>
        {
            feedRequested.TrySetResult();
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
        });
        var config = Config(c =>
        {
            c["Scheduling"] = new JsonObject { ["StartJitter"] = "00:00:00.100", ["ShutdownTimeout"] = "00:02:00" };
            c["Sources"]!.AsArray().RemoveAt(1);
        });

        using var process = NewsWatchProcess.Start(["--config", config]);
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        await feedRequested.Task.WaitAsync(TimeSpan.FromSeconds(60));
        NewsWatchProcess.Terminate(process);
        using var exit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(exit.Token);

        Assert.Equal(0, process.ExitCode);
        var sources = await NewsWatchProcess.RunAsync(["sources", "--json", "--config", config]);
        var row = JsonNode.Parse(sources.StdOut)!.AsArray().Single()!;
        Assert.Equal(0, (int?)row["consecutiveFailures"]);
        Assert.Null((string?)row["lastError"]);
    }
}
