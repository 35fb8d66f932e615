namespace NewsWatch.Classification;

/// <summary>The six categories every report is classified into.</summary>
internal static class Labels
{
    public const string MilitaryDefection = "military_defection";
    public const string CivilianOrEliteDefection = "civilian_or_elite_defection";
    public const string FratricideOrShooting = "fratricide_or_shooting";
    public const string DesertionOrIndiscipline = "desertion_or_indiscipline";
    public const string Corruption = "corruption";
    public const string NotRelevant = "not_relevant";

    public static IReadOnlyList<string> All { get; } =
        [MilitaryDefection, CivilianOrEliteDefection, FratricideOrShooting, DesertionOrIndiscipline, Corruption, NotRelevant];

    public static bool IsKnown(string label) => All.Contains(label);
}

/// <summary>One labelled report, from the training set, an evaluation file or a reviewer's decision.</summary>
internal sealed record LabelledExample(string Id, string Title, string Text, string Label);

/// <summary>What the classifier says about one report.</summary>
/// <param name="Candidate">Goes to the review queue: the probability of not_relevant is below the threshold.</param>
/// <param name="Why">The terms that pushed the report furthest towards its label.</param>
internal sealed record Prediction(string Label, bool Candidate, IReadOnlyDictionary<string, double> Scores, IReadOnlyList<string> Why, string ModelVersion);
