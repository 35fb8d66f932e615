using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using NewsWatch.Hosting;
using NewsWatch.Storage;
using NewsWatch.Tests.Support;
using NewsWatch.Web;

namespace NewsWatch.Tests.Web;

/// <summary>The site's host and <c>/healthz</c>, on Kestrel over loopback.</summary>
public sealed class HealthTests : IDisposable
{
    private readonly string _directory = TempDirectory.Create();

    public void Dispose() => TempDirectory.Delete(_directory);

    private string Config(string? database = null, string urls = "http://127.0.0.1:0")
    {
        var path = Path.Combine(_directory, $"config-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, TestApp.Configuration(_directory, [("Wire", new Uri("https://wire.example.com/feed.xml"))], c =>
        {
            if (database is not null)
                c["Database"] = database;
            c["Web"] = new JsonObject { ["Urls"] = urls };
        }));
        return path;
    }

    private static async Task<(WebApplication App, HttpClient Client)> StartAsync(string config, bool migrate)
    {
        var app = NewsWatchHost.CreateWebBuilder(new HostSettings(config, null)).Build().MapWeb();
        if (migrate)
            await app.Services.GetRequiredService<Migrator>().MigrateAsync();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return (app, new HttpClient { BaseAddress = new Uri(address) });
    }

    [Fact]
    public async Task Healthz_answers_without_sign_in_with_the_last_poll_and_the_queue_size()
    {
        var (app, client) = await StartAsync(Config(), migrate: true);
        await using var _ = app;
        using var __ = client;

        var before = await client.GetFromJsonAsync<JsonObject>("/healthz");
        var sources = app.Services.GetRequiredService<SourceStore>();
        var source = await sources.EnsureAsync("Wire", "https://wire.example.com/feed.xml", new DateTimeOffset(2026, 12, 1, 6, 0, 0, TimeSpan.Zero));
        await sources.RecordSuccessAsync(source.Id, new DateTimeOffset(2026, 12, 1, 6, 5, 0, TimeSpan.Zero), null, null);
        var after = await client.GetFromJsonAsync<JsonObject>("/healthz");

        Assert.Equal("ok", (string?)before!["status"]);
        Assert.True((bool)before["database"]!);
        Assert.Null(before["lastPollAt"]);
        Assert.Equal(0, (long)before["pendingIncidents"]!);
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 6, 5, 0, TimeSpan.Zero), (DateTimeOffset)after!["lastPollAt"]!);
    }

    [Fact]
    public async Task Healthz_says_503_unavailable_when_the_database_cannot_be_reached()
    {
        // A folder where the database file should be.
        var (app, client) = await StartAsync(Config(database: _directory), migrate: false);
        await using var _ = app;
        using var __ = client;

        var response = await client.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal("unavailable", (string?)body!["status"]);
        Assert.False((bool)body["database"]!);
    }

    [Fact]
    public void Urls_that_are_not_http_addresses_are_named_by_the_validator()
    {
        var result = new WebOptionsValidator().Validate(null, new WebOptions { Urls = "ftp://127.0.0.1:21;http://127.0.0.1:5080/site" });

        Assert.Equal(2, result.Failures!.Count());
        Assert.All(result.Failures!, f => Assert.StartsWith("NewsWatch:Web:Urls", f));
    }

    [Fact]
    public async Task Serve_runs_the_site_alone_against_an_existing_database_and_stops_on_sigterm()
    {
        if (OperatingSystem.IsWindows())
            Assert.Skip("SIGTERM is a Unix signal.");
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var config = Config(urls: $"http://127.0.0.1:{port}");
        Assert.Equal(0, (await NewsWatchProcess.RunAsync(["db", "migrate", "--config", config])).ExitCode);

        using var process = NewsWatchProcess.Start(["serve", "--config", config]);
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        HttpResponseMessage? health = null;
        var deadline = Stopwatch.StartNew();
        while (health is null && deadline.Elapsed < TimeSpan.FromSeconds(60) && !process.HasExited)
        {
            try
            {
                health = await client.GetAsync("/healthz");
            }
            catch (HttpRequestException)
            {
                await Task.Delay(200);
            }
        }

        Assert.NotNull(health);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        NewsWatchProcess.Terminate(process);
        using var exit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(exit.Token);
        Assert.Equal(0, process.ExitCode);
    }

    [Fact]
    public async Task Run_on_a_port_already_taken_exits_2_naming_the_key()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var config = Config(urls: $"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}");
        Assert.Equal(0, (await NewsWatchProcess.RunAsync(["db", "migrate", "--config", config])).ExitCode);

        var result = await NewsWatchProcess.RunAsync(["serve", "--config", config]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("NewsWatch:Web:Urls: Failed to bind", result.StdErr);
    }
}
