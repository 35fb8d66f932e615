namespace NewsWatch.Incidents;

/// <summary>
/// What a report is looked up by: keys that find reports of the same days (words, places), keys that reach back years
/// (names), and the kind of event (only the same few days); each over the report's spans of days widened by its window.
/// </summary>
internal sealed record CandidateLookup(
    IReadOnlyList<string> NearKeys, IReadOnlyList<string> NameKeys, IReadOnlyList<string> KindKeys,
    IReadOnlyList<(int From, int To)> Spans, int NearWindow, int NameWindow, int KindWindow);

/// <summary>
/// The grouper's in-memory image of the <c>incident_keys</c> table: for each key, the (event day, incident) pairs sorted by day,
/// so that finding candidates is a binary search per key rather than a database query per report. It follows the table by rowid
/// (rows written by this process or any other are read in at the start of each batch); what the current batch writes is kept
/// apart until it is committed. A human action can re-point rows to other incidents, so the grouper rebuilds it after one.
/// </summary>
internal sealed class KeyIndex
{
    private readonly Dictionary<string, List<Posting>> _postings = new(StringComparer.Ordinal);
    private Dictionary<string, List<Posting>> _pending = new(StringComparer.Ordinal);

    public long SyncedRowId { get; private set; }

    public int Count { get; private set; }

    public void Clear()
    {
        _postings.Clear();
        _pending.Clear();
        SyncedRowId = 0;
        Count = 0;
    }

    /// <summary>Rows read from the table, in rowid order.</summary>
    public void AddStored(IEnumerable<(long RowId, string Key, int Day, long IncidentId)> rows)
    {
        foreach (var (rowId, key, day, incidentId) in rows)
        {
            Insert(_postings, key, new Posting(day, incidentId));
            SyncedRowId = Math.Max(SyncedRowId, rowId);
            Count++;
        }

        // Everything the last batch wrote is now among the stored rows.
        _pending = new Dictionary<string, List<Posting>>(StringComparer.Ordinal);
    }

    /// <summary>Keys the current, uncommitted batch has written.</summary>
    public void AddPending(IEnumerable<(string Key, int Day)> keys, long incidentId)
    {
        foreach (var (key, day) in keys)
            Insert(_pending, key, new Posting(day, incidentId));
    }

    /// <summary>Whether the incident is already filed under the key on that day, stored or pending.</summary>
    public bool Contains(string key, int day, long incidentId) => Has(_postings, key, day, incidentId) || Has(_pending, key, day, incidentId);

    private static bool Has(Dictionary<string, List<Posting>> postings, string key, int day, long incidentId)
    {
        if (!postings.TryGetValue(key, out var list))
            return false;
        for (var i = FirstAtOrAfter(list, day); i < list.Count && list[i].Day == day; i++)
        {
            if (list[i].IncidentId == incidentId)
                return true;
        }

        return false;
    }

    public void DiscardPending() => _pending = new Dictionary<string, List<Posting>>(StringComparer.Ordinal);

    /// <summary>The incidents sharing the most keys with the lookup, at most <paramref name="limit"/>, newest first among equals.</summary>
    public List<long> Find(CandidateLookup lookup, int limit)
    {
        var hits = new Dictionary<long, int>();
        foreach (var (keys, window) in new[] { (lookup.NearKeys, lookup.NearWindow), (lookup.NameKeys, lookup.NameWindow), (lookup.KindKeys, lookup.KindWindow) })
        {
            foreach (var key in keys.Distinct(StringComparer.Ordinal))
            {
                foreach (var (from, to) in lookup.Spans)
                {
                    CountHits(_postings, key, from - window, to + window, hits);
                    CountHits(_pending, key, from - window, to + window, hits);
                }
            }
        }

        return hits.OrderByDescending(h => h.Value).ThenByDescending(h => h.Key).Take(limit).Select(h => h.Key).ToList();
    }

    private static void CountHits(Dictionary<string, List<Posting>> postings, string key, int from, int to, Dictionary<long, int> hits)
    {
        if (!postings.TryGetValue(key, out var list))
            return;
        for (var i = FirstAtOrAfter(list, from); i < list.Count && list[i].Day <= to; i++)
            hits[list[i].IncidentId] = hits.GetValueOrDefault(list[i].IncidentId) + 1;
    }

    private static void Insert(Dictionary<string, List<Posting>> postings, string key, Posting posting)
    {
        if (!postings.TryGetValue(key, out var list))
            postings[key] = list = [];
        // Reports mostly arrive in date order: appending is the usual case.
        if (list.Count == 0 || list[^1].Day <= posting.Day)
            list.Add(posting);
        else
            list.Insert(FirstAtOrAfter(list, posting.Day + 1), posting);
    }

    private static int FirstAtOrAfter(List<Posting> list, int day)
    {
        int low = 0, high = list.Count;
        while (low < high)
        {
            var middle = (low + high) >>> 1;
            if (list[middle].Day < day)
                low = middle + 1;
            else
                high = middle;
        }

        return low;
    }

    private readonly record struct Posting(int Day, long IncidentId);
}
