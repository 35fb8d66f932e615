using NewsWatch.Classification;
using NewsWatch.Storage;

namespace NewsWatch.Incidents;

/// <summary>A candidate report about to be grouped.</summary>
internal sealed record NewReport(long ArticleId, string Title, DateTimeOffset Published, string Category, ReportFacts Facts, ReportProfile Profile);

/// <summary>A report already in an incident, as grouping sees it.</summary>
internal sealed record PlacedReport(long ArticleId, DateOnly EventFrom, DateOnly EventTo, DateTimeOffset Published, ReportProfile Profile);

/// <summary>An incident that a new report might belong to, with its latest reports.</summary>
internal sealed record IncidentCandidate(
    long Id, string Status, string Category, DateOnly EventFrom, DateOnly EventTo, DateTimeOffset FirstReportAt, DateTimeOffset LastReportAt,
    IReadOnlyList<PlacedReport> Reports);

/// <summary>Why a report was judged to belong to an incident.</summary>
internal sealed record IncidentMatch(long IncidentId, double Score, string Relation, double Similarity, double Overlap);

/// <summary>
/// Decides whether a new report is about an incident already open: a near-identical text is a copy; otherwise the
/// evidence is weighed — similar wording, the same people and places, an event date that agrees, the same kind of event —
/// against what speaks for a different event (another place, another date, a long silence in between).
/// </summary>
internal sealed class IncidentMatcher(IncidentOptions options)
{
    /// <summary>The highest-scoring incident, whether or not it reaches <see cref="IncidentOptions.AttachScore"/>.</summary>
    public IncidentMatch? Best(NewReport report, IReadOnlyList<IncidentCandidate> candidates)
    {
        IncidentMatch? best = null;
        foreach (var candidate in candidates)
        {
            var match = Score(report, candidate);
            if (best is null || match.Score > best.Score)
                best = match;
        }

        return best;
    }

    public bool Attaches(IncidentMatch? match) => match is not null && match.Score >= options.AttachScore;

    public IncidentMatch Score(NewReport report, IncidentCandidate incident)
    {
        double best = double.MinValue, similarity = 0, overlap = 0;
        foreach (var placed in incident.Reports)
        {
            var pairSimilarity = report.Profile.Cosine(placed.Profile);
            similarity = Math.Max(similarity, pairSimilarity);
            // Texts that share most of their 3-word runs share most of their words: only similar ones can be copies.
            if (pairSimilarity >= 0.5)
                overlap = Math.Max(overlap, report.Profile.Overlap(placed.Profile));
            best = Math.Max(best, PairScore(report, placed, pairSimilarity));
        }

        var publishedGap = (report.Published - incident.LastReportAt).Duration().TotalDays;
        // Near-identical text: most word 3-shingles shared, or the same weighted words (a copy re-headlined or lightly edited).
        if ((overlap >= options.CopyOverlap || similarity >= CopySimilarity) && publishedGap <= options.CopyWindow.TotalDays)
            return new IncidentMatch(incident.Id, 1 + overlap, Relations.Copy, similarity, overlap);

        var relation = (report.Published - incident.FirstReportAt).TotalDays > options.FollowUpAfter.TotalDays ? Relations.FollowUp : Relations.Update;
        return new IncidentMatch(incident.Id, best, relation, similarity, overlap);
    }

    /// <summary>
    /// How strongly two reports speak of the same event: their wording, plus what their facts say for or against it. An incident
    /// scores as its best-matching report, so a chain of updates can carry a story that changes as it is retold.
    /// </summary>
    public static double PairScore(NewReport report, PlacedReport placed, double similarity)
    {
        var a = report.Profile;
        var b = placed.Profile;
        var score = similarity;

        score += a.Category == b.Category ? SameCategory : Related(a.Category, b.Category) ? -RelatedCategory : -OtherCategory;

        var sharedPlace = a.Places.Any(b.Places.Contains);
        if (a.Places.Length > 0 && b.Places.Length > 0)
            score += sharedPlace ? SharedPlace : -OtherPlace;
        var sharedNames = a.Names.Count(n => b.Names.Contains(n, StringComparer.OrdinalIgnoreCase));
        score += SharedName * Math.Min(sharedNames, 2);
        // Follow-ups weeks or months later are expected when the facts agree: the same person, or the same kind of event at the same place.
        var timeWeight = sharedNames > 0 || (sharedPlace && a.Category == b.Category) ? 0.5 : 1.0;
        if (a.People is { } people && b.People is { } otherPeople && people != otherPeople)
            score -= OtherPeopleCount;

        var precise = report.Facts.EventDate.Latest.DayNumber - report.Facts.EventDate.Earliest.DayNumber <= 3
            && placed.EventTo.DayNumber - placed.EventFrom.DayNumber <= 3;
        score += Gap(report.Facts.EventDate, placed.EventFrom, placed.EventTo) switch
        {
            0 => precise ? SameEventDay : 0,
            <= 3 => 0,
            <= 14 => -0.1 * timeWeight,
            <= 60 => -0.2 * timeWeight,
            _ => -FarEventDate * timeWeight,
        };
        // Reports days apart that also share wording are usually the same news; sharing only the days proves nothing.
        score += (report.Published - placed.Published).Duration().TotalDays switch
        {
            <= 3 => similarity >= MinimumSimilarityForNews ? SameNewsCycle : 0,
            <= 14 => 0,
            _ => -LongAfter * timeWeight,
        };
        return score;
    }

    // Weights of the evidence, in units of word similarity (cosine). Chosen on development reports as a whole.
    private const double CopySimilarity = 0.95;
    private const double SameCategory = 0.05;
    private const double RelatedCategory = 0.05;
    private const double OtherCategory = 0.1;
    private const double SharedPlace = 0.1;
    private const double OtherPlace = 0.1;
    private const double SharedName = 0.2;
    private const double OtherPeopleCount = 0.05;
    private const double MinimumSimilarityForNews = 0.15;
    private const double SameEventDay = 0.05;
    private const double FarEventDate = 0.2;
    private const double SameNewsCycle = 0.2;
    private const double LongAfter = 0.1;

    /// <summary>Days between two event-date intervals; 0 when they overlap.</summary>
    private static int Gap(EventDate date, DateOnly from, DateOnly to)
    {
        if (date.Latest < from)
            return from.DayNumber - date.Latest.DayNumber;
        if (date.Earliest > to)
            return date.Earliest.DayNumber - to.DayNumber;
        return 0;
    }

    // Soldiers' misdeeds blur into one another (a deserter who shoots his way out); a civilian defection is another story.
    private static bool Related(string a, string b) =>
        IsSoldiers(a) && IsSoldiers(b);

    private static bool IsSoldiers(string label) =>
        label is Labels.MilitaryDefection or Labels.FratricideOrShooting or Labels.DesertionOrIndiscipline;
}

