using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NewsWatch.Storage;

namespace NewsWatch.Incidents;

/// <param name="Failed">Reports the grouper could not place; each keeps its stage with the error and is tried again later.</param>
internal readonly record struct GroupingOutcome(int Grouped, int OpenedIncidents, int Passed, int Failed = 0);

/// <summary>Where the grouper puts one report, and what it files the incident under.</summary>
internal sealed record Placement(
    NewReport Report, string Relation, double? Score, EventDate EventDate, IReadOnlyList<string> Keys, IReadOnlyList<int> KeyDays,
    IReadOnlyList<(string Kind, string Value)> Facts)
{
    public ReportPlacement ToRow() => new(
        Report.ArticleId, Report.Title, Report.Category, Report.Published, EventDate.Earliest, EventDate.Latest, Relation, Score,
        Report.Profile.ToJson(), Facts);
}

/// <summary>
/// What a report can be found by, each key a prefix and a value: a person's name, a place, one of its most telling words, or
/// its kind of event. Names reach back years; the kind of event only finds reports of the same few days.
/// </summary>
internal static class MatchKeys
{
    public const char Name = 'n';
    public const char Place = 'p';
    public const char Term = 't';
    public const char Kind = 'c';

    public static string Of(char prefix, string value) => $"{prefix}:{value}";
}

/// <summary>
/// The grouping stage: each classified candidate, in published order, joins the incident it best matches or opens a
/// new one. Only new reports are placed; a report once placed is never moved by the grouper, so human decisions stand.
/// </summary>
internal sealed class IncidentGrouper(
    IncidentStore store,
    FactExtractor factExtractor,
    TermWeights termWeights,
    IncidentMatcher matcher,
    IOptions<IncidentOptions> options,
    TimeProvider time,
    ILogger<IncidentGrouper> logger)
{
    private const int BatchSize = 500;
    private const int DistinctiveTerms = 6;
    private const int SameKindWindow = 3;
    private const int SeparateDays = 30;
    private const int MaxKeyDays = 14;
    private const int CachedIncidentLimit = 50_000;

    /// <summary>A new report is compared with this many of an incident's latest reports.</summary>
    public const int MaxReportsCompared = 8;


    // Reports are placed one at a time, in order; two polls finishing together must not interleave.
    private readonly SemaphoreSlim _gate = new(1, 1);

    // Recently matched incidents as the grouper last saw them. Only groupers add reports, and every human action writes an
    // audit entry, so the cache is valid for as long as the audit log has not grown and no other grouper (another process)
    // has placed a report since this one's last batch.
    private readonly Dictionary<long, IncidentCandidate> _incidents = [];
    private long _auditMark = -1;
    private long _reportCount = -1;
    private readonly KeyIndex _keys = new();

    /// <param name="retryFailedAfter">How long a report the grouper failed on waits before it is tried again.</param>
    public async Task<GroupingOutcome> GroupReadyAsync(TimeSpan retryFailedAfter, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            int grouped = 0, opened = 0, passed = 0, failed = 0;
            while (true)
            {
                var ready = await store.ListReadyAsync(time.GetUtcNow(), BatchSize, cancellationToken);
                if (ready.Count == 0)
                    return new GroupingOutcome(grouped, opened, passed, failed);
                // Reading facts and weighing words needs no database: do it for the whole batch on every core first.
                var reports = ready.AsParallel().AsOrdered().Select(a => a.Candidate ? TryDescribe(a) : default).ToList();
                await using var batch = await store.BeginBatchAsync(cancellationToken);
                // Under the write lock now: what another process grouped since the list was read is left alone.
                var stillReady = await batch.StillReadyAsync(ready.Select(a => a.ArticleId).ToList());
                var auditMark = await batch.LatestAuditEntryAsync();
                var reportCount = await batch.ReportCountAsync();
                var groupedBefore = grouped;
                if (auditMark != _auditMark || reportCount != _reportCount || _incidents.Count > CachedIncidentLimit)
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
                        if (!stillReady.Contains(article.ArticleId))
                            continue;
                        if (!article.Candidate)
                        {
                            await batch.MarkGroupedAsync(article.ArticleId);
                            passed++;
                            continue;
                        }

                        await batch.BeginArticleAsync();
                        try
                        {
                            var report = reports[i].Report ?? throw reports[i].Error!;
                            var (incidentId, relation) = await PlaceAsync(batch, report);
                            await batch.EndArticleAsync();
                            grouped++;
                            if (relation == Relations.First)
                                opened++;
                            logger.LogInformation("Article {ArticleId} joined incident {IncidentId} as {Relation}: {Title}", article.ArticleId, incidentId, relation, article.Title);
                        }
                        catch (Exception ex) when (ex is not OperationCanceledException && ex is not OutOfMemoryException)
                        {
                            // One report the grouper cannot place must not hold up the others: undo what was written for it, note why,
                            // and go on. A broken database fails here too, and then the whole batch with it.
                            await batch.FailArticleAsync(article.ArticleId, ex.Message, time.GetUtcNow() + retryFailedAfter);
                            _incidents.Clear();
                            failed++;
                            logger.LogError(ex, "Grouping article {ArticleId} failed; it is tried again after {RetryAfter}", article.ArticleId, retryFailedAfter);
                        }
                    }

                    // The batch holds the write lock: after it, incidents hold exactly what they held plus what it placed.
                    _reportCount = reportCount + (grouped - groupedBefore);
                    await batch.CommitAsync(cancellationToken);
                }
                catch
                {
                    // The batch is rolled back: forget what it placed.
                    _incidents.Clear();
                    _keys.DiscardPending();
                    _auditMark = -1;
                    _reportCount = -1;
                    throw;
                }
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private (NewReport? Report, Exception? Error) TryDescribe(ClassifiedArticle article)
    {
        try
        {
            return (Describe(article), null);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return (null, ex);
        }
    }

    public NewReport Describe(ClassifiedArticle article)
    {
        var facts = factExtractor.Extract(article.Title, article.Text, article.PublishedAt, Precision(article.PublishedPrecision));
        var profile = ReportProfile.Build(article.Title, article.Text, termWeights, facts, article.Label);
        return new NewReport(article.ArticleId, article.Title, article.PublishedAt, article.Label, facts, profile);
    }

    /// <summary>Places one report; the batch sees the placements made before it.</summary>
    public async Task<(long IncidentId, string Relation)> PlaceAsync(IncidentStore.GroupingBatch batch, NewReport report)
    {
        var settings = options.Value;
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
            keys.Where(k => k[0] is MatchKeys.Term or MatchKeys.Place).ToList(), keys.Where(k => k[0] == MatchKeys.Name).ToList(), keys.Where(k => k[0] == MatchKeys.Kind).ToList(),
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
            var opened = await batch.OpenAsync(placement.ToRow(), now);
            await FileKeysAsync(batch, opened, placement);
            _incidents[opened] = new IncidentCandidate(opened, IncidentStatuses.Pending, report.Category, facts.EventDate.Earliest, facts.EventDate.Latest, report.Published, report.Published, [placed]);
            return (opened, Relations.First);
        }

        var incident = candidates.First(c => c.Id == match.IncidentId);
        var update = incident.Status == IncidentStatuses.Pending ? PendingUpdate(incident, report) : null;
        await batch.AttachAsync(incident.Id, placement.ToRow(), update is { } u ? (u.Category, u.EventDate.Earliest, u.EventDate.Latest) : null, now);
        await FileKeysAsync(batch, incident.Id, placement);
        _incidents[incident.Id] = incident with
        {
            Category = update?.Category ?? incident.Category,
            EventFrom = update?.EventDate.Earliest ?? incident.EventFrom,
            EventTo = update?.EventDate.Latest ?? incident.EventTo,
            FirstReportAt = report.Published < incident.FirstReportAt ? report.Published : incident.FirstReportAt,
            LastReportAt = report.Published > incident.LastReportAt ? report.Published : incident.LastReportAt,
            Reports = incident.Reports.Append(placed).OrderByDescending(r => r.Published).ThenByDescending(r => r.ArticleId).Take(MaxReportsCompared).ToList(),
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
        foreach (var loaded in await batch.LoadIncidentsAsync(missing, MaxReportsCompared))
        {
            _incidents[loaded.Id] = new IncidentCandidate(
                loaded.Id, loaded.Status, loaded.Category, loaded.EventFrom, loaded.EventTo, loaded.FirstReportAt, loaded.LastReportAt,
                loaded.Reports.Select(r => new PlacedReport(r.ArticleId, r.EventFrom, r.EventTo, r.Published, ReportProfile.FromJson(r.Profile))).ToList());
        }

        // A merged incident is not loaded, so it is not a candidate.
        return ids.Where(_incidents.ContainsKey).Select(id => _incidents[id]).ToList();
    }

    /// <summary>What the report can be found by: the people it names, its places, its most telling words and its kind of event.</summary>
    private List<string> Keys(ReportProfile profile, ReportFacts facts)
    {
        var keys = new List<string>();
        keys.AddRange(profile.Names.Select(n => MatchKeys.Of(MatchKeys.Name, n.ToLowerInvariant())));
        keys.AddRange(profile.Places.Select(p => MatchKeys.Of(MatchKeys.Place, p)));
        keys.Add(MatchKeys.Of(MatchKeys.Kind, profile.Category));
        keys.AddRange(profile.Terms.OrderByDescending(t => t.Value).ThenBy(t => t.Key, StringComparer.Ordinal)
            .Where(t => termWeights.Of(t.Key) >= 2.5).Take(DistinctiveTerms).Select(t => MatchKeys.Of(MatchKeys.Term, t.Key)));
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
        var rows = new List<(string, string)> { (FactKinds.EventType, report.Category) };
        if (facts.EventDate.Evidence != "published")
            rows.Add((FactKinds.EventDate, FormatDate(facts.EventDate)));
        rows.AddRange(facts.Places.Select(p => (FactKinds.Place, p.Name)));
        if (facts.People is { } people)
            rows.Add((FactKinds.People, people.ToString(CultureInfo.InvariantCulture)));
        rows.AddRange(facts.Ranks.Select(r => (FactKinds.Rank, r)));
        rows.AddRange(facts.Units.Select(u => (FactKinds.Unit, u)));
        if (facts.Casualties is { } casualties)
            rows.Add((FactKinds.Casualties, casualties));
        if (facts.Route is { } route)
            rows.Add((FactKinds.Route, route));
        rows.AddRange(facts.Names.Select(n => (FactKinds.Name, n)));
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
        PublishedPrecisions.Day => DatePrecision.Day,
        PublishedPrecisions.Month => DatePrecision.Month,
        _ => DatePrecision.Year,
    };
}
