using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NewsWatch.Hosting;
using NewsWatch.Storage;

namespace NewsWatch.Incidents;

internal readonly record struct GroupingOutcome(int Grouped, int OpenedIncidents, int Passed);

/// <summary>
/// The grouping stage: each classified candidate, in published order, joins the incident it best matches or opens a
/// new one. Only new reports are placed; a report once placed is never moved by the grouper, so human decisions stand.
/// </summary>
internal sealed class IncidentGrouper(
    IncidentStore store,
    FactExtractor factExtractor,
    TermWeights termWeights,
    IncidentMatcher matcher,
    IOptions<NewsWatchOptions> options,
    TimeProvider time,
    ILogger<IncidentGrouper> logger)
{
    private const int BatchSize = 500;
    private const int DistinctiveTerms = 6;
    private const int SameKindWindow = 3;
    private const int SeparateDays = 30;
    private const int MaxKeyDays = 14;
    private const int CachedIncidentLimit = 50_000;

    // Reports are placed one at a time, in order; two polls finishing together must not interleave.
    private readonly SemaphoreSlim _gate = new(1, 1);

    // Recently matched incidents as the grouper last saw them. Only the grouper adds reports, and every human action writes
    // an audit entry, so the cache is valid for as long as the audit log has not grown.
    private readonly Dictionary<long, IncidentCandidate> _incidents = [];
    private long _auditMark = -1;
    private readonly KeyIndex _keys = new();

    public async Task<GroupingOutcome> GroupReadyAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            int grouped = 0, opened = 0, passed = 0;
            while (true)
            {
                var ready = await store.ListReadyAsync(BatchSize, cancellationToken);
                if (ready.Count == 0)
                    return new GroupingOutcome(grouped, opened, passed);
                // Reading facts and weighing words needs no database: do it for the whole batch on every core first.
                var reports = ready.AsParallel().AsOrdered().Select(a => a.Candidate ? Describe(a) : null).ToList();
                await using var batch = await store.BeginBatchAsync(cancellationToken);
                var auditMark = await batch.LatestAuditEntryAsync();
                if (auditMark != _auditMark || _incidents.Count > CachedIncidentLimit)
                {
                    _incidents.Clear();
                    if (auditMark != _auditMark)
                        _keys.Clear();
                    _auditMark = auditMark;
                }

                _keys.AddStored(await batch.ReadKeysAfterAsync(_keys.SyncedRowId));

                try
                {
                    for (var i = 0; i < ready.Count; i++)
                    {
                        var article = ready[i];
                        if (reports[i] is not { } report)
                        {
                            await batch.MarkPassedAsync(article.ArticleId);
                            passed++;
                            continue;
                        }

                        var (incidentId, relation) = await PlaceAsync(batch, report);
                        grouped++;
                        if (relation == Relations.First)
                            opened++;
                        logger.LogInformation("Article {ArticleId} joined incident {IncidentId} as {Relation}: {Title}", article.ArticleId, incidentId, relation, article.Title);
                    }

                    await batch.CommitAsync(cancellationToken);
                }
                catch
                {
                    // The batch is rolled back: forget what it placed.
                    _incidents.Clear();
                    _keys.DiscardPending();
                    _auditMark = -1;
                    throw;
                }
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public NewReport Describe(GroupableArticle article)
    {
        var facts = factExtractor.Extract(article.Title, article.Text, article.PublishedAt, Precision(article.PublishedPrecision));
        var profile = ReportProfile.Build(article.Title, article.Text, termWeights, facts, article.Label);
        return new NewReport(article.ArticleId, article.Title, article.PublishedAt, article.Label, facts, profile);
    }

    /// <summary>Places one report; the batch sees the placements made before it.</summary>
    public async Task<(long IncidentId, string Relation)> PlaceAsync(IncidentStore.GroupingBatch batch, NewReport report)
    {
        var settings = options.Value.Incidents;
        var (facts, profile) = (report.Facts, report.Profile);

        var keys = Keys(profile, facts);
        var near = (int)settings.MatchWindow.TotalDays;
        var far = (int)settings.NameWindow.TotalDays;
        // Look around the event's dates and, for a report written long after, around its publication too.
        var spans = new List<(int From, int To)> { (facts.EventDate.Earliest.DayNumber, facts.EventDate.Latest.DayNumber) };
        var publishedDay = DateOnly.FromDateTime(report.Published.UtcDateTime).DayNumber;
        if (publishedDay > facts.EventDate.Latest.DayNumber + SeparateDays || publishedDay < facts.EventDate.Earliest.DayNumber - SeparateDays)
            spans.Add((publishedDay, publishedDay));
        // A name reaches back years (interviews, trials); the kind of event only finds reports of the same days.
        var lookup = new CandidateLookup(
            keys.Where(k => k[0] is 't' or 'p').ToList(), keys.Where(k => k[0] == 'n').ToList(), keys.Where(k => k[0] == 'c').ToList(),
            spans, near, far, SameKindWindow);
        var candidateIds = _keys.Find(lookup, settings.MaxCandidates);
        var candidates = await CandidatesAsync(batch, candidateIds);

        var best = matcher.Best(report, candidates);
        if (best is not null)
            logger.LogDebug("Article {ArticleId}: best of {Candidates} candidates is incident {IncidentId}, score {Score:0.000} (similarity {Similarity:0.000}, overlap {Overlap:0.00})",
                report.ArticleId, candidates.Count, best.IncidentId, best.Score, best.Similarity, best.Overlap);
        var match = matcher.Attaches(best) ? best : null;
        var now = time.GetUtcNow();
        var placement = new Placement(report, match?.Relation ?? Relations.First, match?.Score, facts.EventDate, keys, KeyDays(facts.EventDate, publishedDay), FactRows(report));
        var placed = new PlacedReport(report.ArticleId, facts.EventDate.Earliest, facts.EventDate.Latest, report.Published, profile);
        if (match is null)
        {
            var opened = await batch.OpenAsync(placement, now);
            await FileKeysAsync(batch, opened, placement);
            _incidents[opened] = new IncidentCandidate(opened, "pending", report.Category, facts.EventDate.Earliest, facts.EventDate.Latest, report.Published, report.Published, [placed]);
            return (opened, Relations.First);
        }

        var incident = candidates.First(c => c.Id == match.IncidentId);
        var update = incident.Status == "pending" ? PendingUpdate(incident, report) : null;
        await batch.AttachAsync(incident.Id, placement, update, now);
        await FileKeysAsync(batch, incident.Id, placement);
        _incidents[incident.Id] = incident with
        {
            Category = update?.Category ?? incident.Category,
            EventFrom = update?.EventDate.Earliest ?? incident.EventFrom,
            EventTo = update?.EventDate.Latest ?? incident.EventTo,
            FirstReportAt = report.Published < incident.FirstReportAt ? report.Published : incident.FirstReportAt,
            LastReportAt = report.Published > incident.LastReportAt ? report.Published : incident.LastReportAt,
            Reports = incident.Reports.Append(placed).OrderByDescending(r => r.Published).ThenByDescending(r => r.ArticleId).Take(IncidentStore.MaxReportsCompared).ToList(),
        };
        return (incident.Id, match.Relation);
    }

    /// <summary>Files the incident under the report's keys it is not yet filed under: copies add nothing.</summary>
    private async Task FileKeysAsync(IncidentStore.GroupingBatch batch, long incidentId, Placement placement)
    {
        var added = placement.Keys.SelectMany(k => placement.KeyDays.Select(d => (Key: k, Day: d)))
            .Where(k => !_keys.Contains(k.Key, k.Day, incidentId))
            .ToList();
        await batch.AddKeysAsync(incidentId, placement.Report.ArticleId, added);
        _keys.AddPending(added, incidentId);
    }

    private async Task<List<IncidentCandidate>> CandidatesAsync(IncidentStore.GroupingBatch batch, IReadOnlyList<long> ids)
    {
        var missing = ids.Where(id => !_incidents.ContainsKey(id)).ToList();
        foreach (var loaded in await batch.LoadCandidatesAsync(missing))
            _incidents[loaded.Id] = loaded;
        // A merged incident is not loaded, so it is not a candidate.
        return ids.Where(_incidents.ContainsKey).Select(id => _incidents[id]).ToList();
    }

    /// <summary>What the report can be found by: the people it names, its places, its most telling words and its kind of event.</summary>
    private List<string> Keys(ReportProfile profile, ReportFacts facts)
    {
        var keys = new List<string>();
        keys.AddRange(profile.Names.Select(n => "n:" + n.ToLowerInvariant()));
        keys.AddRange(profile.Places.Select(p => "p:" + p));
        keys.Add("c:" + profile.Category);
        keys.AddRange(profile.Terms.OrderByDescending(t => t.Value).ThenBy(t => t.Key, StringComparer.Ordinal)
            .Where(t => termWeights.Of(t.Key) >= 2.5).Take(DistinctiveTerms).Select(t => "t:" + t.Key));
        return keys.Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// The days a report's keys are filed under: its event date, every month of an event known only to the month or year,
    /// and its publication day when that is long after, so that reports dated either way can find it.
    /// </summary>
    private static List<int> KeyDays(EventDate date, int publishedDay)
    {
        var days = new List<int> { date.Midpoint.DayNumber };
        if (date.Latest.DayNumber - date.Earliest.DayNumber > SeparateDays)
        {
            days.Clear();
            for (var day = date.Earliest.DayNumber + SeparateDays / 2; day <= date.Latest.DayNumber && days.Count < MaxKeyDays; day += SeparateDays)
                days.Add(day);
        }

        if (days.All(d => Math.Abs(d - publishedDay) > SeparateDays))
            days.Add(publishedDay);
        return days;
    }

    /// <summary>While an incident waits for review, its category follows most of its reports and its date the most precise one.</summary>
    private static (string Category, EventDate EventDate)? PendingUpdate(IncidentCandidate incident, NewReport report)
    {
        var category = incident.Reports.Select(r => r.Profile.Category).Append(report.Category)
            .GroupBy(c => c, StringComparer.Ordinal)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key == incident.Category ? 0 : 1)
            .First().Key;
        var current = new EventDate(incident.EventFrom, incident.EventTo, DatePrecision.Year, "incident");
        var date = report.Facts.EventDate;
        var narrower = date.Latest.DayNumber - date.Earliest.DayNumber < incident.EventTo.DayNumber - incident.EventFrom.DayNumber && date.Overlaps(current, 3);
        return (category, narrower ? date : current);
    }

    private static List<(string Kind, string Value)> FactRows(NewReport report)
    {
        var facts = report.Facts;
        var rows = new List<(string, string)> { ("event_type", report.Category) };
        if (facts.EventDate.Evidence != "published")
            rows.Add(("event_date", FormatDate(facts.EventDate)));
        rows.AddRange(facts.Places.Select(p => ("place", p.Name)));
        if (facts.People is { } people)
            rows.Add(("people", people.ToString(CultureInfo.InvariantCulture)));
        rows.AddRange(facts.Ranks.Select(r => ("rank", r)));
        rows.AddRange(facts.Units.Select(u => ("unit", u)));
        if (facts.Casualties is { } casualties)
            rows.Add(("casualties", casualties));
        if (facts.Route is { } route)
            rows.Add(("route", route));
        rows.AddRange(facts.Names.Select(n => ("name", n)));
        return rows;
    }

    public static string FormatDate(EventDate date) => date.Precision switch
    {
        DatePrecision.Day => date.Earliest.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DatePrecision.Month => date.Earliest.ToString("yyyy-MM", CultureInfo.InvariantCulture),
        DatePrecision.Year => date.Earliest.ToString("yyyy", CultureInfo.InvariantCulture),
        _ => $"{date.Earliest:yyyy-MM-dd}..{date.Latest:yyyy-MM-dd}",
    };

    public static DatePrecision Precision(string publishedPrecision) => publishedPrecision switch
    {
        "day" => DatePrecision.Day,
        "month" => DatePrecision.Month,
        _ => DatePrecision.Year,
    };
}
