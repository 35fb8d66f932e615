using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using NewsWatch.Classification;
using NewsWatch.Storage;
using NewsWatch.Tests.Support;

namespace NewsWatch.Tests.Classification;

/// <summary>Classification as a pipeline stage, with the shipped model, and backtesting another model over what was stored.</summary>
public sealed class ClassificationStageTests : IAsyncLifetime
{
    private FixtureServer _server = null!;

    public async ValueTask InitializeAsync()
    {
        _server = await FixtureServer.StartAsync();
        _server.MapFixture("/wire.xml", "rss20.xml");
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Polled_items_are_classified_with_probabilities_terms_and_model_version()
    {
        await using var app = await TestApp.StartAsync([("Wire", _server.Url("/wire.xml"))]);

        await app.PollAsync("Wire");

        var articles = await app.Articles.ListAsync(null, 10);
        Assert.All(articles, a => Assert.Equal("grouped", a.Stage));
        var store = app.Services.GetRequiredService<ClassificationStore>();
        var crossing = await store.FindAsync(articles.Single(a => a.Guid == "wire-1001").Id);
        Assert.NotNull(crossing);
        Assert.True(crossing.Candidate, $"a soldier crossing the MDL must be a candidate: {string.Join(", ", crossing.Scores)}");
        Assert.Equal(Labels.MilitaryDefection, crossing.Label);
        Assert.NotEmpty(crossing.Why);
        Assert.Equal(6, crossing.Scores.Count);
        Assert.StartsWith("classifier@", crossing.ModelVersion);
        var tours = await store.FindAsync(articles.Single(a => a.Guid == "wire-1003").Id);
        Assert.False(tours!.Candidate, $"Panmunjom tours are not relevant: {string.Join(", ", tours.Scores)}");
        // The same poll carries candidates on into incidents; the rest pass the grouping stage untouched.
        var grouped = (await app.Services.GetRequiredService<IncidentStore>().ExportAsync(null)).SelectMany(i => i.Reports).Select(r => r.ArticleId).ToList();
        Assert.Contains(articles.Single(a => a.Guid == "wire-1001").Id, grouped);
        Assert.DoesNotContain(articles.Single(a => a.Guid == "wire-1003").Id, grouped);
    }

    [Fact]
    public async Task Backtest_reports_what_another_model_would_change_without_changing_the_store()
    {
        await using var app = await TestApp.StartAsync([("Wire", _server.Url("/wire.xml"))]);
        await app.PollAsync("Wire");
        var model = Path.Combine(app.Directory, "other.zip");
        var train = await NewsWatchProcess.RunAsync(["model", "train", "--data", Path.GetDirectoryName(Fixtures.Path("corruption.jsonl"))!, "--out", model], timeout: TimeSpan.FromMinutes(3));
        Assert.Equal(0, train.ExitCode);
        var store = app.Services.GetRequiredService<ClassificationStore>();
        var before = await store.FindAsync(1);

        var result = await NewsWatchProcess.RunAsync(["model", "backtest", model, "--json", "--config", app.ConfigPath]);

        Assert.True(result.ExitCode == 0, result.StdErr);
        var report = JsonNode.Parse(result.StdOut)!;
        Assert.Equal(3, (int)report["articles"]!);
        Assert.StartsWith("other@", (string?)report["model"]);
        Assert.True((int)report["entering"]! >= 0 && (int)report["leaving"]! >= 0);
        Assert.Equal(before!.ModelVersion, (await store.FindAsync(1))!.ModelVersion);
    }
}
