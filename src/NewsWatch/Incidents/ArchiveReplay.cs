using System.Globalization;
using NewsWatch.Classification;
using NewsWatch.Storage;

namespace NewsWatch.Incidents;

internal sealed record ReplayOutcome(int Reports, int Candidates, GroupingOutcome Grouping, IReadOnlyList<(string ExternalId, long ArticleId)> Articles);

/// <summary>
/// Runs already-collected reports through classification and grouping in published order, as if they had just arrived:
/// backfilling an archive, or evaluating the pipeline on labelled reports.
/// </summary>
internal sealed class ArchiveReplay(SourceStore sources, ArticleStore articles, ClassificationStore classifications, IncidentGrouper grouper, TimeProvider time)
{
    /// <param name="skipClassifier">Every report is a candidate (an archive already known to be relevant); the classifier only names the category.</param>
    public async Task<ReplayOutcome> ReplayAsync(string path, IReadOnlyList<ArchivedReport> reports, TextClassifier classifier, bool skipClassifier, CancellationToken cancellationToken)
    {
        var source = await sources.EnsureAsync("replay", new Uri(Path.GetFullPath(path)).AbsoluteUri, time.GetUtcNow(), cancellationToken);
        var ordered = reports.Select((r, i) => (Report: r, Index: i)).OrderBy(r => r.Report.PublishedAt).ThenBy(r => r.Index).Select(r => r.Report).ToList();
        var ids = await articles.ImportAsync(source.Id, ordered, time.GetUtcNow(), cancellationToken);

        var predictions = ordered.AsParallel().AsOrdered().Select(r => classifier.Classify(r.Title, r.Text)).ToList();
        var candidates = 0;
        for (var i = 0; i < ordered.Count; i++)
        {
            var prediction = predictions[i];
            if (skipClassifier && !prediction.Candidate)
                prediction = prediction with { Label = BestRelevantLabel(prediction), Candidate = true };
            // Reports grouped by an earlier replay keep their place.
            if (await classifications.FindAsync(ids[i], cancellationToken) is null)
                await classifications.SaveAsync(ids[i], prediction, time.GetUtcNow(), cancellationToken);
            if (prediction.Candidate)
                candidates++;
        }

        var grouping = await grouper.GroupReadyAsync(cancellationToken);
        return new ReplayOutcome(ordered.Count, candidates, grouping, ordered.Select((r, i) => (r.ExternalId, ids[i])).ToList());
    }

    private static string BestRelevantLabel(Prediction prediction) =>
        prediction.Scores.Where(s => s.Key != Labels.NotRelevant).MaxBy(s => s.Value).Key;

    /// <summary>
    /// Reads <c>{id, url, outlet, published, title, text}</c> lines. Every line must be valid; a bad one is reported with its
    /// line number before anything is stored. A report without a date takes the date of the one before it in the file.
    /// </summary>
    public static IReadOnlyList<ArchivedReport> ReadFile(string path)
    {
        var reports = new List<ArchivedReport>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        DateTimeOffset? previous = null;
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
            if (published is not null)
                previous = published;
            reports.Add(new ArchivedReport(id, url, JsonLines.String(root, "outlet"), published ?? previous ?? DateTimeOffset.MinValue, precision, title, text));
        }

        // Undated reports at the very start of the file sort with the first dated one.
        var first = reports.FirstOrDefault(r => r.PublishedPrecision != "unknown")?.PublishedAt ?? new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);
        return reports.Select(r => r.PublishedAt == DateTimeOffset.MinValue ? r with { PublishedAt = first } : r).ToList();
    }

    /// <summary>A timestamp or date is known to the day; "YYYY-MM" to the month; "YYYY" to the year; null is unknown.</summary>
    public static (DateTimeOffset? Value, string Precision) ParsePublished(string? value, string where)
    {
        if (string.IsNullOrWhiteSpace(value))
            return (null, "unknown");
        var inv = CultureInfo.InvariantCulture;
        if (DateTimeOffset.TryParseExact(value, "yyyy", inv, DateTimeStyles.AssumeUniversal, out var year))
            return (year, "year");
        if (DateTimeOffset.TryParseExact(value, "yyyy-MM", inv, DateTimeStyles.AssumeUniversal, out var month))
            return (month, "month");
        if (DateTimeOffset.TryParseExact(value, "yyyy-MM-dd", inv, DateTimeStyles.AssumeUniversal, out var day))
            return (day, "day");
        if (DateTimeOffset.TryParse(value, inv, DateTimeStyles.AssumeUniversal, out var instant))
            return (instant.ToUniversalTime(), "day");
        throw new InvalidDataException($"{where}: published '{value}' is not a timestamp, a date, YYYY-MM, YYYY or null");
    }
}
