using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Dapper;
using System.CommandLine;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NewsWatch.Incidents;
using NewsWatch.Pipeline;
using NewsWatch.Storage;

namespace NewsWatch.Cli;

/// <summary>
/// <c>newswatch bench grouping</c>: grows a synthetic archive of grouped candidate reports in a temporary database and
/// times grouping further reports at each size. The archive grows over time at a steady rate of events, as a real one does,
/// so a flat cost means candidate retrieval does not depend on how much history there is.
/// </summary>
internal sealed class GroupingBenchmark(Database database, ArticlePipeline pipeline, TermWeights weights, IReadOnlyList<string> placeNames)
{
    private const int ReportsPerDay = 150;

    /// <summary>Runs the benchmark on the configured services, their database replaced by a temporary one that is deleted after.</summary>
    public static async Task<int> RunInTemporaryDatabaseAsync(ParseResult parse, IReadOnlyList<int> sizes, int probe, CancellationToken cancellationToken)
    {
        var directory = Path.Combine(Path.GetTempPath(), "newswatch-bench-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(directory);
        try
        {
            return await CliHost.RunAsync(parse, async (host, ct) =>
            {
                CliHost.RequireIncidents(host.Services);
                var services = host.Services;
                var benchmark = new GroupingBenchmark(services.GetRequiredService<Database>(), services.GetRequiredService<ArticlePipeline>(), services.GetRequiredService<TermWeights>(),
                    PlaceNames(services.GetRequiredService<IOptions<IncidentOptions>>().Value.ResolveGazetteerPath()));
                return await benchmark.RunAsync(sizes, probe, ct);
            }, cancellationToken, builder => builder.Configuration.AddInMemoryCollection([new($"{StorageOptions.Section}:Database", Path.Combine(directory, "bench.db"))]), createsDatabase: true);
        }
        finally
        {
            Database.ReleaseFiles();
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private async Task<int> RunAsync(IReadOnlyList<int> sizes, int probe, CancellationToken cancellationToken)
    {
        var archive = new SyntheticArchive(placeNames, weights.Commonest(3000), seed: 20261127);
        long sourceId;
        await using (var connection = await database.OpenAsync(cancellationToken))
        {
            sourceId = await connection.ExecuteScalarAsync<long>(
                "INSERT INTO sources (name, feed_url, created_at) VALUES ('synthetic', 'synthetic:', @now) RETURNING id", new { now = DateTimeOffset.UtcNow });
        }

        // Warm up the JIT and SQLite's caches on a small archive that is then part of the history.
        await AddAsync(archive, sourceId, Math.Min(2_000, sizes[0]), cancellationToken);
        var grown = Math.Min(2_000, sizes[0]);
        var results = new List<(int Size, double MicrosecondsPerReport)>();
        foreach (var size in sizes)
        {
            var clock = Stopwatch.StartNew();
            var from = grown;
            while (grown < size)
            {
                var step = Math.Min(20_000, size - grown);
                await AddAsync(archive, sourceId, step, cancellationToken);
                grown += step;
                Console.Error.Write($"\rgrowing: {grown:N0} reports ({(grown - from) / Math.Max(clock.Elapsed.TotalSeconds, 0.001):N0}/s, with storing)   ");
            }

            Console.Error.WriteLine();
            var elapsed = await AddAsync(archive, sourceId, probe, cancellationToken);
            grown += probe;
            var perReport = elapsed.TotalMicroseconds / probe;
            results.Add((size, perReport));
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"archive {size,9:N0} reports: grouping one more takes {perReport,8:N1} µs ({1e6 / perReport:N0} articles/s over {probe:N0})"));
        }

        var ratio = results[^1].MicrosecondsPerReport / results[0].MicrosecondsPerReport;
        Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ratio {ratio:0.00} articles/s {1e6 / results[^1].MicrosecondsPerReport:0}"));
        return ExitCodes.Ok;
    }

    /// <summary>
    /// Stores <paramref name="count"/> classified candidate reports (untimed), then times a pass of the pipeline over them, which
    /// groups them (nothing else is due, and the pass never fetches).
    /// </summary>
    private async Task<TimeSpan> AddAsync(SyntheticArchive archive, long sourceId, int count, CancellationToken cancellationToken)
    {
        await using (var connection = await database.OpenAsync(cancellationToken))
        await using (var transaction = await connection.BeginTransactionAsync(cancellationToken))
        {
            foreach (var report in archive.Next(count))
            {
                var id = await connection.ExecuteScalarAsync<long>("""
                    INSERT INTO articles (source_id, guid, url, title, summary, published_at, published_at_estimated, first_seen_at, stage)
                    VALUES (@sourceId, @Guid, NULL, @Title, @Text, @Published, 0, @Published, @classified)
                    RETURNING id
                    """, new { sourceId, report.Guid, report.Title, report.Text, report.Published, classified = ArticleStages.Classified }, transaction);
                await connection.ExecuteAsync("""
                    INSERT INTO article_classifications (article_id, label, candidate, scores, why, model_version, classified_at)
                    VALUES (@id, @Label, 1, '{}', '[]', 'synthetic', @Published)
                    """, new { id, report.Label, report.Published }, transaction);
            }

            await transaction.CommitAsync(cancellationToken);
        }

        var clock = Stopwatch.StartNew();
        await pipeline.AdvanceAsync(new PipelineRun(FetchPages: false), cancellationToken);
        return clock.Elapsed;
    }

    internal sealed record SyntheticReport(string Guid, string Title, string Text, DateTimeOffset Published, string Label);

    /// <summary>
    /// Made-up events at a steady rate, each reported one to six times over the following days in reworded text: a place from
    /// the gazetteer, a made-up person, a handful of rare event-specific words, and everyday words of the reference corpus.
    /// </summary>
    internal sealed class SyntheticArchive(IReadOnlyList<string> places, IReadOnlyList<string> everydayWords, int seed)
    {
        private static readonly string[] Labels =
            ["military_defection", "civilian_or_elite_defection", "fratricide_or_shooting", "desertion_or_indiscipline", "corruption"];

        private static readonly string[] Syllables =
            ["kim", "lee", "park", "choi", "jung", "kang", "cho", "yoon", "jang", "lim", "han", "oh", "seo", "shin", "kwon", "hwang", "ahn",
             "song", "ryu", "hong", "jeon", "ko", "moon", "yang", "son", "bae", "baek", "heo", "nam", "sim", "noh", "ha", "kwak", "sung",
             "cha", "joo", "woo", "min", "ryu", "chul", "hyun", "sun", "ok", "hee", "jin", "myung", "soo", "young", "ho", "il"];

        private readonly Random _random = new(seed);
        private readonly Queue<SyntheticReport> _pending = new();
        private readonly List<SyntheticReport> _scheduled = [];
        private DateTimeOffset _clock = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);
        private int _events;

        public IEnumerable<SyntheticReport> Next(int count)
        {
            for (var i = 0; i < count; i++)
            {
                while (_pending.Count == 0)
                    AdvanceOneDay();
                yield return _pending.Dequeue();
            }
        }

        private void AdvanceOneDay()
        {
            // About ReportsPerDay reports a day: events average 3.5 reports.
            for (var e = 0; e < ReportsPerDay * 2 / 7; e++)
                Schedule();
            var today = _clock.AddDays(1);
            foreach (var due in _scheduled.Where(r => r.Published < today).OrderBy(r => r.Published).ToList())
            {
                _pending.Enqueue(due);
                _scheduled.Remove(due);
            }

            _clock = today;
        }

        private void Schedule()
        {
            var id = ++_events;
            var label = Labels[_random.Next(Labels.Length)];
            var place = places[_random.Next(places.Count)];
            var person = $"{Cap(Syllables[_random.Next(20)])} {Cap(Syllables[_random.Next(Syllables.Length)])} {Cap(Syllables[_random.Next(Syllables.Length)])}";
            var words = Enumerable.Range(0, 6).Select(_ => Word()).ToArray();
            var people = _random.Next(1, 6);
            var eventTime = _clock.AddHours(_random.Next(24));
            var reports = _random.Next(1, 7);
            for (var r = 0; r < reports; r++)
            {
                var published = eventTime.AddHours(r == 0 ? _random.Next(1, 12) : _random.Next(12, 24 * 10));
                var text = new StringBuilder();
                text.Append(CultureInfo.InvariantCulture, $"{people} people were involved near {place} on {eventTime:MMMM d}, officials said. ");
                for (var s = 0; s < 8; s++)
                {
                    for (var w = 0; w < 12; w++)
                        text.Append(_random.Next(4) == 0 ? words[_random.Next(words.Length)] : FillerWord()).Append(' ');
                    text.Append(s == 3 ? $"{person} was named. " : ". ");
                }

                _scheduled.Add(new SyntheticReport($"synthetic-{id}-{r}", $"{Cap(words[0])} {words[1]} near {place}", text.ToString(), published, label));
            }
        }

        /// <summary>The reference corpus's everyday words, shared by all reports, the frequent ones far more often (roughly Zipf).</summary>
        private string FillerWord()
        {
            var rank = (int)Math.Min(everydayWords.Count - 1, Math.Exp(_random.NextDouble() * Math.Log(everydayWords.Count)));
            return everydayWords[rank];
        }

        private string Word()
        {
            // Three or four syllables: event words are rare, as "fog", "styrofoam" or "Imjin" are among real reports.
            var length = _random.Next(3, 5);
            var builder = new StringBuilder();
            for (var i = 0; i < length; i++)
                builder.Append(Syllables[_random.Next(Syllables.Length)]);
            return builder.ToString();
        }

        private static string Cap(string s) => char.ToUpperInvariant(s[0]) + s[1..];
    }

    /// <summary>Every place's main spelling, for the generator.</summary>
    public static IReadOnlyList<string> PlaceNames(string gazetteerPath)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(gazetteerPath));
        return document.RootElement.GetProperty("places").EnumerateArray()
            .Select(p => p.GetProperty("variants").EnumerateArray().First().GetString()!)
            .ToList();
    }
}
