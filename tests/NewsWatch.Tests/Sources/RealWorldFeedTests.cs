using NewsWatch.Http;
using NewsWatch.Sources;
using NewsWatch.Tests.Support;

namespace NewsWatch.Tests.Sources;

/// <summary>
/// The real-world and ill-formed feeds of ../shared/data/feeds, with the expectations of MANIFEST.tsv:
/// every real feed parses with its item count, every ill-formed one is recovered or refused with a clear error.
/// </summary>
public sealed class RealWorldFeedTests
{
    private sealed record ManifestRow(string Path, string Category, string Format, int Items, string? ContentType, string Expectation);

    private static List<ManifestRow> Manifest(string feedsDirectory) =>
        File.ReadLines(Path.Combine(feedsDirectory, "MANIFEST.tsv"))
            .Skip(1)
            .Select(line => line.Split('\t'))
            .Where(f => f.Length >= 14 && f[1] is "real" or "edge" && f[7] is not ("TSV" or ""))
            .Select(f => new ManifestRow(f[0], f[1], f[7], int.TryParse(f[10], out var n) ? n : 0, f[12].Length > 0 && !f[12].Contains("harness") ? f[12] : null, f[13]))
            .ToList();

    private static string FeedsDirectory() => Path.Combine(Fixtures.RequireSharedData(), "feeds");

    [Fact]
    public void Every_real_feed_parses_with_the_item_count_a_reference_parser_finds()
    {
        var feeds = FeedsDirectory();
        var failures = new List<string>();
        var real = Manifest(feeds).Where(r => r.Category == "real").ToList();
        foreach (var row in real)
        {
            try
            {
                var text = TextDecoding.Decode(File.ReadAllBytes(Path.Combine(feeds, row.Path)), row.ContentType);
                var parsed = FeedParser.Parse(text.Text, new Uri("https://feeds.example.com/" + row.Path));
                if (parsed.Entries.Count != row.Items)
                    failures.Add($"{row.Path}: {parsed.Entries.Count} items, expected {row.Items}");
                if (parsed.Entries.Any(e => string.IsNullOrEmpty(e.Guid)))
                    failures.Add($"{row.Path}: an item has no GUID");
            }
            catch (Exception ex)
            {
                failures.Add($"{row.Path}: {ex.GetType().Name}: {ex.Message}");
            }
        }

        Assert.True(real.Count >= 30, $"only {real.Count} real feeds in the manifest");
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    [Fact]
    public void Every_ill_formed_feed_is_recovered_or_refused_with_a_clear_error()
    {
        var feeds = FeedsDirectory();
        var crashes = new List<string>();
        var recovered = 0;
        var refused = new List<string>();
        foreach (var row in Manifest(feeds).Where(r => r.Category == "edge"))
        {
            try
            {
                var text = TextDecoding.Decode(File.ReadAllBytes(Path.Combine(feeds, row.Path)), row.ContentType);
                FeedParser.Parse(text.Text, new Uri("http://127.0.0.1:8097/" + row.Path));
                recovered++;
            }
            catch (FeedFormatException ex)
            {
                Assert.False(string.IsNullOrWhiteSpace(ex.Message));
                refused.Add($"{row.Path}: {ex.Message}");
            }
            catch (Exception ex)
            {
                crashes.Add($"{row.Path}: {ex.GetType().Name}: {ex.Message}");
            }
        }

        TestContext.Current.SendDiagnosticMessage($"recovered {recovered}, refused {refused.Count}:{Environment.NewLine}{string.Join(Environment.NewLine, refused)}");
        Assert.True(crashes.Count == 0, string.Join(Environment.NewLine, crashes));
        Assert.True(recovered > refused.Count, $"only {recovered} recovered, {refused.Count} refused:{Environment.NewLine}{string.Join(Environment.NewLine, refused)}");
    }

    [Fact]
    public async Task Polling_every_real_feed_from_loopback_stores_each_item_exactly_once()
    {
        var feeds = FeedsDirectory();
        var rows = Manifest(feeds).Where(r => r.Category == "real").ToList();
        await using var server = await FixtureServer.StartAsync();
        foreach (var row in rows)
            server.MapContent("/" + row.Path, File.ReadAllBytes(Path.Combine(feeds, row.Path)), row.ContentType ?? "application/xml");
        await using var app = await TestApp.StartAsync(rows.Select(r => (r.Path, server.Url("/" + r.Path))));

        var first = new List<PollResult>();
        foreach (var row in rows)
            first.Add(await app.PollAsync(row.Path));
        var stored = await app.Articles.CountAsync();
        var second = new List<PollResult>();
        foreach (var row in rows)
            second.Add(await app.PollAsync(row.Path));

        Assert.All(first, r => Assert.Equal("ok", r.Status));
        Assert.All(rows.Zip(first), pair => Assert.True(pair.First.Items == pair.Second.NewItems + pair.Second.SeenItems, $"{pair.First.Path}: {pair.Second}"));
        Assert.All(second, r => Assert.Equal(0, r.NewItems));
        Assert.Equal(first.Sum(r => r.NewItems), stored);
        Assert.Equal(stored, await app.Articles.CountAsync());
    }
}
