namespace NewsWatch.Incidents;

/// <summary>The facts one report states about its event.</summary>
/// <param name="People">How many people defected, fled or were involved ("two soldiers" → 2, "a North Korean soldier" → 1); null if not stated.</param>
/// <param name="Ranks">Ranks and roles, lower case: "staff sergeant", "senior colonel", "border guard", "pilot", "nco".</param>
/// <param name="Units">Units as written: "45th Division", "Reconnaissance General Bureau", "Storm Corps".</param>
/// <param name="Casualties">Short phrases joined by "; ": "2 killed", "3 wounded", "shot 5 times", "40 rounds fired", "20 warning shots".</param>
/// <param name="Route">The gazetteer route id.</param>
/// <param name="Names">Personal names, Korean given names in "Thae Yong Ho" form; never places, organisations, months, outlets,
/// leaders named in every story, spokespeople, or pseudonyms.</param>
internal sealed record ReportFacts(
    EventDate EventDate,
    IReadOnlyList<PlaceMention> Places,
    int? People,
    IReadOnlyList<string> Ranks,
    IReadOnlyList<string> Units,
    string? Casualties,
    string? Route,
    IReadOnlyList<string> Names);

/// <summary>
/// Extracts a report's facts from its headline and text by rules and the gazetteer. Thread-safe; no state between calls.
/// Each family of rules has its file in Facts/; the words they share are found once, by TextEngine/.
/// </summary>
internal sealed class FactExtractor(Gazetteer gazetteer)
{
    public ReportFacts Extract(string title, string text, DateTimeOffset published, DatePrecision publishedPrecision)
    {
        title ??= "";
        text ??= "";
        using var titleWords = WordIndex.Of(title);
        using var textWords = WordIndex.Of(text);
        var (places, route) = gazetteer.Find(title, titleWords, text, textWords);
        var ranks = new List<string>();
        var units = new List<string>();
        var casualties = new List<string>();
        var names = new List<string>();
        foreach (var (s, words) in new[] { (title, titleWords), (text, textWords) })
        {
            RankFacts.Add(s, words, ranks);
            UnitFacts.Add(s, words, units);
            CasualtyFacts.Add(s, words, casualties);
            NameFacts.Add(s, words, gazetteer, names);
        }

        return new ReportFacts(
            EventDates.Resolve(title, titleWords, text, textWords, published, publishedPrecision),
            places,
            PeopleFacts.First(title, titleWords) ?? PeopleFacts.First(text, textWords),
            ranks,
            units,
            casualties.Count == 0 ? null : string.Join("; ", casualties),
            route,
            names);
    }
}
