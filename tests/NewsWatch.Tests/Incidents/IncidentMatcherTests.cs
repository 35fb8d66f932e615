using NewsWatch.Classification;
using NewsWatch.Hosting;
using NewsWatch.Incidents;
using NewsWatch.Storage;

namespace NewsWatch.Tests.Incidents;

/// <summary>The match between a new report and an incident, on reports we wrote.</summary>
public sealed class IncidentMatcherTests
{
    private static readonly FactExtractor Facts = new(RepositoryGazetteer.Instance);

    // Word weights from a few everyday reports: words common to them weigh little, rare words a lot.
    private static readonly TermWeights Weights = TermWeights.FromTexts(
    [
        "A North Korean soldier crossed the border and defected to the South, the military said.",
        "North Korean troops were seen near the border, the South Korean military said on Monday.",
        "A soldier defected across the military demarcation line, officials said.",
        "The North fired missiles into the sea, the South Korean military said.",
    ]);

    private static readonly IncidentMatcher Matcher = new(new IncidentOptions());

    private const string Crossing =
        "A North Korean soldier crossed the Military Demarcation Line near Cheorwon early on Tuesday and was taken into custody, " +
        "the Joint Chiefs of Staff said. The soldier walked through thick fog past a guard post and surrendered to a patrol.";

    [Fact]
    public void A_lightly_edited_copy_is_a_copy()
    {
        var first = Report(1, "Soldier crosses MDL near Cheorwon in fog", Crossing, "2021-03-02T02:00:00Z");
        var copy = Report(2, "N. Korean soldier crosses MDL near Cheorwon in fog", Crossing.Replace("early on Tuesday", "early Tuesday", StringComparison.Ordinal), "2021-03-02T05:00:00Z");

        var match = Matcher.Best(copy, [Incident(1, first)]);

        Assert.NotNull(match);
        Assert.Equal(Relations.Copy, match.Relation);
        Assert.True(Matcher.Attaches(match));
    }

    [Fact]
    public void An_update_the_next_day_joins_and_a_report_weeks_later_is_a_follow_up()
    {
        var first = Report(1, "Soldier crosses MDL near Cheorwon in fog", Crossing, "2021-03-02T02:00:00Z");
        var update = Report(2, "Cheorwon defector is a sergeant who walked through fog for hours",
            "The North Korean soldier who crossed the border near Cheorwon in thick fog on Tuesday is a sergeant, a military official said on Wednesday. " +
            "He told investigators he had walked past the guard post for hours before reaching a patrol.", "2021-03-03T04:00:00Z");
        var later = Report(3, "Investigators close questioning of Cheorwon fog defector",
            "Investigators have finished questioning the North Korean sergeant who crossed the border near Cheorwon in thick fog on March 2, " +
            "officials said, concluding he acted alone.", "2021-04-01T04:00:00Z");

        var updateMatch = Matcher.Best(update, [Incident(1, first)]);
        var laterMatch = Matcher.Best(later, [Incident(1, first, update)]);

        Assert.True(Matcher.Attaches(updateMatch), $"score {updateMatch?.Score}");
        Assert.Equal(Relations.Update, updateMatch!.Relation);
        Assert.True(Matcher.Attaches(laterMatch), $"score {laterMatch?.Score}");
        Assert.Equal(Relations.FollowUp, laterMatch!.Relation);
    }

    [Fact]
    public void A_different_kind_of_event_elsewhere_in_the_same_days_stays_apart()
    {
        var crossing = Report(1, "Soldier crosses MDL near Cheorwon in fog", Crossing, "2021-03-02T02:00:00Z");
        var bribes = Report(2, "Officers in Hyesan take bribes to spare recruits from the front",
            "Army officers in Hyesan have been taking bribes from parents to keep their sons out of front-line units, a source in Ryanggang Province said on Wednesday.",
            "2021-03-03T04:00:00Z", Labels.Corruption);

        var match = Matcher.Best(bribes, [Incident(1, crossing)]);

        Assert.False(Matcher.Attaches(match), $"score {match?.Score}");
    }

    private static NewReport Report(long id, string title, string text, string published, string category = Labels.MilitaryDefection)
    {
        var at = DateTimeOffset.Parse(published, System.Globalization.CultureInfo.InvariantCulture);
        var facts = Facts.Extract(title, text, at, DatePrecision.Day);
        return new NewReport(id, title, at, category, facts, ReportProfile.Build(title, text, Weights, facts, category));
    }

    private static IncidentCandidate Incident(long id, params NewReport[] reports) =>
        new(id, "pending", reports[0].Category, reports[0].Facts.EventDate.Earliest, reports[0].Facts.EventDate.Latest,
            reports.Min(r => r.Published), reports.Max(r => r.Published),
            reports.Select(r => new PlacedReport(r.ArticleId, r.Facts.EventDate.Earliest, r.Facts.EventDate.Latest, r.Published, r.Profile)).ToList());
}
