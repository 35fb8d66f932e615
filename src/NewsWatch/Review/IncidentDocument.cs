using System.Globalization;
using NewsWatch.Storage;

namespace NewsWatch.Review;

/// <summary>
/// An incident as a reviewer, an export or a digest sees it, with each fact's source report:
/// <c>{id, status, category, title, facts, reports: [{externalId, url, outlet, published, relation}]}</c> in JSON.
/// </summary>
internal sealed record IncidentDocument(
    long Id, string Status, string Category, string Title, string EventDate, int ReportsSinceDecision, long? MergedInto,
    string? DecidedBy, DateTimeOffset? DecidedAt, string? DecisionReason,
    IReadOnlyDictionary<string, IReadOnlyList<FactDocument>> Facts, IReadOnlyList<ReportDocument> Reports)
{
    public static IncidentDocument From(IncidentDetail detail)
    {
        var i = detail.Incident;
        var reportIds = detail.Reports.ToDictionary(r => r.ArticleId, r => r.ExternalId ?? r.ArticleId.ToString(CultureInfo.InvariantCulture));
        var facts = detail.Facts
            .GroupBy(f => f.Kind, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<FactDocument>)g.Select(f => new FactDocument(
                f.Value, f.ArticleId is { } a ? reportIds.GetValueOrDefault(a, a.ToString(CultureInfo.InvariantCulture)) : null, f.SetBy, f.RecordedAt, f.ArticleId)).ToList(), StringComparer.Ordinal);
        return new IncidentDocument(
            i.Id, i.Status, i.Category, i.Title, FormatEventDate(i.EventFrom, i.EventTo), i.ReportsSinceDecision, i.MergedInto, i.DecidedBy, i.DecidedAt, i.DecisionReason,
            facts,
            detail.Reports.Select(r => new ReportDocument(r.ExternalId ?? r.ArticleId.ToString(CultureInfo.InvariantCulture), r.ArticleId, r.Url, r.Outlet, Published(r.PublishedAt, r.PublishedPrecision), r.Relation, r.PlacedBy, r.Title)).ToList());
    }

    public static string FormatEventDate(string from, string to) => from == to ? from : $"{from}..{to}";

    /// <summary>As precise as the source was: a full timestamp, a date, a month, a year, or null.</summary>
    public static string? Published(DateTimeOffset value, string precision) => precision switch
    {
        PublishedPrecisions.Unknown => null,
        PublishedPrecisions.Year => value.UtcDateTime.ToString("yyyy", CultureInfo.InvariantCulture),
        PublishedPrecisions.Month => value.UtcDateTime.ToString("yyyy-MM", CultureInfo.InvariantCulture),
        _ when value.UtcDateTime.TimeOfDay == TimeSpan.Zero => value.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        _ => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
    };
}

/// <param name="Report">The external id (or article id) of the report the value came from; null when a reviewer set it.</param>
/// <param name="ReportArticleId">The article id of that report, as <c>incident split</c> and <c>move</c> also accept.</param>
internal sealed record FactDocument(string Value, string? Report, string SetBy, DateTimeOffset RecordedAt, long? ReportArticleId);

internal sealed record ReportDocument(string ExternalId, long ArticleId, string? Url, string Outlet, string? Published, string Relation, string PlacedBy, string Title);
