using System.Globalization;
using NewsWatch.Classification;
using NewsWatch.Incidents;
using NewsWatch.Storage;
using NewsWatch.Text;

namespace NewsWatch.Pipeline;

internal sealed record ReplayOutcome(int Reports, int Candidates, GroupingOutcome Grouping, IReadOnlyList<(string ExternalId, long ArticleId)> Articles);

/// <summary>
/// Runs already-collected reports through the pipeline in published order, as if they had just arrived: backfilling an
/// archive, or evaluating the pipeline on labelled reports. Reports stored by an earlier replay keep their place.
/// </summary>
internal sealed class ArchiveReplay(SourceStore sources, ArticleStore articles, ArticlePipeline pipeline, TimeProvider time)
{
    /// <summary>The source every replayed report is stored under. It fetches no pages: a report's text is all there is.</summary>
    public const string SourceName = "replay";

    /// <param name="skipClassifier">Every report is a candidate (an archive already known to be relevant); the classifier only names the category.</param>
    public async Task<ReplayOutcome> ReplayAsync(string path, IReadOnlyList<ArchivedReport> reports, TextClassifier classifier, bool skipClassifier, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var source = await sources.EnsureAsync(SourceName, new Uri(Path.GetFullPath(path)).AbsoluteUri, now, cancellationToken);
        // An undated report is dated when it was first seen, as a feed item without a date is, and keeps precision unknown:
        // borrowing a neighbour's date would give its incident a wrong event date and first report.
        var ordered = reports.Select(r => r.PublishedPrecision == PublishedPrecisions.Unknown ? r with { PublishedAt = now } : r).Select((r, i) => (Report: r, Index: i)).OrderBy(r => r.Report.PublishedAt).ThenBy(r => r.Index).Select(r => r.Report).ToList();
        var ids = await articles.ImportAsync(source.Id, ordered, time.GetUtcNow(), cancellationToken);

        // Stored articles of other sources may be due too; a replay moves them on like any pass, but never reaches the network.
        var outcome = await pipeline.AdvanceAsync(new PipelineRun(FetchPages: false, new ClassificationRun(classifier, skipClassifier)), cancellationToken);
        return new ReplayOutcome(ordered.Count, outcome.Classification.Candidates, outcome.Grouping, ordered.Select((r, i) => (r.ExternalId, ids[i])).ToList());
    }

    /// <summary>
    /// Reads <c>{id, url, outlet, published, title, text}</c> lines. Every line must be valid; a bad one is reported with its
    /// line number before anything is stored. A report without a date has precision unknown; the replay dates it when it runs.
    /// </summary>
    public static IReadOnlyList<ArchivedReport> ReadFile(string path)
    {
        var reports = new List<ArchivedReport>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (number, root) in JsonLines.Read(path))
        {
            var id = JsonLines.String(root, "id") ?? throw new InvalidDataException($"{path}:{number}: 'id' is missing");
            if (!ids.Add(id))
                throw new InvalidDataException($"{path}:{number}: id '{id}' appears twice in the file");
            var title = JsonLines.String(root, "title") ?? "";
            var text = JsonLines.String(root, "text") ?? "";
            if (title.Length == 0 && text.Length == 0)
                throw new InvalidDataException($"{path}:{number}: both title and text are empty");
            var url = JsonLines.String(root, "url");
            if (url is not null && !Uri.TryCreate(url, UriKind.Absolute, out _))
                throw new InvalidDataException($"{path}:{number}: url '{url}' is not an absolute URL");

            var (published, precision) = ParsePublished(JsonLines.String(root, "published"), $"{path}:{number}");
            reports.Add(new ArchivedReport(id, url, JsonLines.String(root, "outlet"), published ?? DateTimeOffset.MinValue, precision, title, text));
        }

        return reports;
    }

    /// <summary>A timestamp or date is known to the day; "YYYY-MM" to the month; "YYYY" to the year; null is unknown.</summary>
    public static (DateTimeOffset? Value, string Precision) ParsePublished(string? value, string where)
    {
        if (string.IsNullOrWhiteSpace(value))
            return (null, PublishedPrecisions.Unknown);
        var inv = CultureInfo.InvariantCulture;
        if (DateTimeOffset.TryParseExact(value, "yyyy", inv, DateTimeStyles.AssumeUniversal, out var year))
            return (year, PublishedPrecisions.Year);
        if (DateTimeOffset.TryParseExact(value, "yyyy-MM", inv, DateTimeStyles.AssumeUniversal, out var month))
            return (month, PublishedPrecisions.Month);
        if (DateTimeOffset.TryParseExact(value, "yyyy-MM-dd", inv, DateTimeStyles.AssumeUniversal, out var day))
            return (day, PublishedPrecisions.Day);
        if (DateTimeOffset.TryParse(value, inv, DateTimeStyles.AssumeUniversal, out var instant))
            return (instant.ToUniversalTime(), PublishedPrecisions.Day);
        throw new InvalidDataException($"{where}: published '{value}' is not a timestamp, a date, YYYY-MM, YYYY or null");
    }
}
