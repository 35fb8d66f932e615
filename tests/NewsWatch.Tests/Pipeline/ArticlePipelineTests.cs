using System.Text.Json.Nodes;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using NewsWatch.Pipeline;
using NewsWatch.Storage;
using NewsWatch.Tests.Support;

namespace NewsWatch.Tests.Pipeline;

/// <summary>
/// The pipeline moves every due article on, whichever source brought it, and an article that fails at a stage stays there with
/// its error while the others go on. Faults are injected with SQLite triggers that refuse one article's row.
/// </summary>
public sealed class ArticlePipelineTests : IAsyncLifetime
{
    private static readonly (string Title, string Summary)[] Stories =
    [
        ("Soldier defects across central front", "A North Korean soldier crossed the military demarcation line on the central front and defected to South Korea on Tuesday, the Joint Chiefs of Staff said."),
        ("Border guards flee into China after shooting", "Two North Korean border guards fled across the Tumen River into China after shooting their commanding officer, sources in the border region said."),
        ("Officer punished for selling army rations", "A North Korean army officer was punished for selling military rations meant for his soldiers on the black market, a defector group reported."),
    ];

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 1, 6, 0, 0, TimeSpan.Zero));
    private FixtureServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await FixtureServer.StartAsync();

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    private string Feed(string prefix) =>
        $"""
        <?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Wire</title>
        {string.Concat(Stories.Select((s, i) => $"<item><title>{s.Title}</title><link>{_server.Url($"/{prefix}/{i}")}</link><guid>{prefix}{i}</guid><description>{s.Summary}</description><pubDate>Mon, 0{i + 1} Sep 2024 10:00:00 GMT</pubDate></item>"))}
        </channel></rss>
        """;

    private Task<TestApp> AppAsync(bool fetchArticles, params string[] sources)
    {
        foreach (var source in sources)
        {
            _server.MapText($"/{source}.xml", Feed(source));
            for (var i = 0; i < Stories.Length; i++)
            {
                _server.MapText($"/{source}/{i}", $"<html lang=\"en\"><head><title>{Stories[i].Title}</title></head><body><article><h1>{Stories[i].Title}</h1><p>{Stories[i].Summary}</p><p>{Stories[i].Summary}</p></article></body></html>",
                    "text/html; charset=utf-8");
            }
        }

        return TestApp.StartAsync(sources.Select(s => (s, _server.Url($"/{s}.xml"))), config =>
            {
                foreach (var source in config["Sources"]!.AsArray())
                    source!["FetchArticles"] = fetchArticles;
                config["Articles"] = new JsonObject { ["MinHostDelay"] = "00:00:00" };
            },
            services => services.AddSingleton<TimeProvider>(_clock));
    }

    private static async Task<(long Id, string Stage, string? StageError, string? RetryStageAfter)> ArticleAsync(TestApp app, string guid)
    {
        await using var connection = await app.Services.GetRequiredService<Database>().OpenAsync();
        return await connection.QuerySingleAsync<(long, string, string?, string?)>(
            "SELECT id, stage, stage_error, retry_stage_after FROM articles WHERE guid = @guid", new { guid });
    }

    /// <summary>A trigger that refuses the row of one article in <paramref name="table"/>, as a full disk or a bad row would.</summary>
    private static async Task RefuseAsync(TestApp app, string table, long articleId)
    {
        await using var connection = await app.Services.GetRequiredService<Database>().OpenAsync();
        await connection.ExecuteAsync($"""
            CREATE TRIGGER refuse_one BEFORE INSERT ON {table} WHEN NEW.article_id = {articleId}
            BEGIN SELECT RAISE(ABORT, 'injected fault'); END
            """);
    }

    private static async Task AllowAsync(TestApp app)
    {
        await using var connection = await app.Services.GetRequiredService<Database>().OpenAsync();
        await connection.ExecuteAsync("DROP TRIGGER refuse_one");
    }

    [Fact]
    public async Task One_pass_moves_on_the_due_articles_of_every_source()
    {
        await using var app = await AppAsync(fetchArticles: true, "a", "b");
        // Polling only stores; nothing moves on until the pipeline runs.
        await app.Poller.PollAsync(app.Source("a"), respectBackoff: false, CancellationToken.None);
        await app.Poller.PollAsync(app.Source("b"), respectBackoff: false, CancellationToken.None);
        Assert.All(await app.Articles.ListAsync(null, 100), a => Assert.Equal(ArticleStages.Discovered, a.Stage));

        var outcome = await app.Pipeline.AdvanceAsync(PipelineRun.Scheduled, CancellationToken.None);

        // Two feeds carry the same stories at different links: six articles, each through every stage.
        Assert.Equal(6, outcome.Extracted);
        Assert.Equal(6, outcome.Classification.Classified);
        Assert.All(await app.Articles.ListAsync(null, 100), a => Assert.Equal(ArticleStages.Grouped, a.Stage));
    }

    [Fact]
    public async Task An_article_whose_page_cannot_be_stored_stays_discovered_with_its_error_and_the_others_go_on()
    {
        await using var app = await AppAsync(fetchArticles: true, "a");

        var outcome = await RefuseOneAndAdvanceAsync(app, "article_pages");

        Assert.Equal(1, outcome.ExtractionFailed);
        await AssertOnlyTheRefusedWaitsAsync(app, ArticleStages.Discovered);
    }

    [Fact]
    public async Task An_article_whose_classification_cannot_be_stored_stays_at_its_stage_with_its_error_and_the_others_go_on()
    {
        await using var app = await AppAsync(fetchArticles: false, "a");

        var outcome = await RefuseOneAndAdvanceAsync(app, "article_classifications");

        Assert.Equal((2, 1), (outcome.Classification.Classified, outcome.Classification.Failed));
        await AssertOnlyTheRefusedWaitsAsync(app, ArticleStages.Discovered);
    }

    [Fact]
    public async Task A_report_the_grouper_cannot_place_stays_classified_with_its_error_and_the_others_are_grouped()
    {
        await using var app = await AppAsync(fetchArticles: false, "a");

        var outcome = await RefuseOneAndAdvanceAsync(app, "incident_reports");

        Assert.Equal(1, outcome.Grouping.Failed);
        // Nothing of the refused report was kept: no incident was opened for it, no fact or key points at it.
        var refused = await ArticleAsync(app, "a1");
        await using (var connection = await app.Services.GetRequiredService<Database>().OpenAsync())
        {
            Assert.Equal(0, await connection.ExecuteScalarAsync<long>(
                "SELECT (SELECT COUNT(*) FROM incident_facts WHERE article_id = @id) + (SELECT COUNT(*) FROM incident_keys WHERE article_id = @id)", new { id = refused.Id }));
            Assert.Equal(2, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM incident_reports"));
            Assert.Equal(0, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM incidents WHERE report_count = 0"));
        }

        await AssertOnlyTheRefusedWaitsAsync(app, ArticleStages.Classified);
    }

    /// <summary>Polls source "a", makes <paramref name="table"/> refuse the row of its second article, and runs one pass.</summary>
    private static async Task<PipelineOutcome> RefuseOneAndAdvanceAsync(TestApp app, string table)
    {
        await app.Poller.PollAsync(app.Source("a"), respectBackoff: false, CancellationToken.None);
        await RefuseAsync(app, table, (await ArticleAsync(app, "a1")).Id);
        return await app.Pipeline.AdvanceAsync(PipelineRun.Scheduled, CancellationToken.None);
    }

    /// <summary>
    /// The other articles went through; the refused one waits at <paramref name="stage"/> with its error, then, once the fault is
    /// gone, waits out its retry time and goes through, its error cleared.
    /// </summary>
    private async Task AssertOnlyTheRefusedWaitsAsync(TestApp app, string stage)
    {
        Assert.Equal(ArticleStages.Grouped, (await ArticleAsync(app, "a0")).Stage);
        Assert.Equal(ArticleStages.Grouped, (await ArticleAsync(app, "a2")).Stage);
        var refused = await ArticleAsync(app, "a1");
        Assert.Equal(stage, refused.Stage);
        Assert.Contains("injected fault", refused.StageError);

        await AllowAsync(app);
        await app.Pipeline.AdvanceAsync(PipelineRun.Scheduled, CancellationToken.None);
        Assert.Equal(stage, (await ArticleAsync(app, "a1")).Stage);

        _clock.Advance(ArticlePipeline.RetryFailedAfter);
        await app.Pipeline.AdvanceAsync(PipelineRun.Scheduled, CancellationToken.None);

        var retried = await ArticleAsync(app, "a1");
        Assert.Equal(ArticleStages.Grouped, retried.Stage);
        Assert.Null(retried.StageError);
        Assert.Null(retried.RetryStageAfter);
    }
}
