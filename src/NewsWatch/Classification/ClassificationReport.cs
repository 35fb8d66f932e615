using System.Globalization;
using System.Text;

namespace NewsWatch.Classification;

/// <summary>
/// Figures for a set of classified reports: candidate recall and false-alarm rate (what matters to an
/// analyst), per-label precision/recall/F1, macro-F1, the confusion matrix, and the items got wrong.
/// </summary>
internal sealed class ClassificationReport
{
    public sealed record LabelFigures(string Label, int Count, double Precision, double Recall, double F1);

    public required int Items { get; init; }
    public required double CandidateRecall { get; init; }
    public required double CandidatePrecision { get; init; }
    public required double FalseAlarmRate { get; init; }
    public required double Accuracy { get; init; }
    public required double MacroF1 { get; init; }
    public required IReadOnlyList<LabelFigures> PerLabel { get; init; }
    public required IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> Confusion { get; init; }
    public required IReadOnlyList<LabelledExample> Missed { get; init; }
    public required IReadOnlyList<LabelledExample> FalseAlarms { get; init; }

    public static ClassificationReport Build(IReadOnlyList<(LabelledExample Truth, string Label, bool Candidate)> results)
    {
        int tp = 0, fp = 0, fn = 0, tn = 0;
        var missed = new List<LabelledExample>();
        var falseAlarms = new List<LabelledExample>();
        var confusion = Labels.All.ToDictionary(l => l, _ => Labels.All.ToDictionary(m => m, _ => 0));
        foreach (var (truth, label, candidate) in results)
        {
            var relevant = truth.Label != Labels.NotRelevant;
            if (relevant && candidate) tp++;
            else if (relevant) { fn++; missed.Add(truth); }
            else if (candidate) { fp++; falseAlarms.Add(truth); }
            else tn++;
            if (confusion.TryGetValue(truth.Label, out var row) && row.ContainsKey(label))
                row[label]++;
        }

        var present = Labels.All.Where(l => results.Any(r => r.Truth.Label == l)).ToList();
        var perLabel = present.Select(l =>
        {
            var ltp = confusion[l][l];
            var lfp = Labels.All.Where(t => t != l).Sum(t => confusion[t][l]);
            var lfn = Labels.All.Where(p => p != l).Sum(p => confusion[l][p]);
            var precision = Ratio(ltp, ltp + lfp);
            var recall = Ratio(ltp, ltp + lfn);
            return new LabelFigures(l, ltp + lfn, precision, recall, precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall));
        }).ToList();

        return new ClassificationReport
        {
            Items = results.Count,
            CandidateRecall = Ratio(tp, tp + fn),
            CandidatePrecision = Ratio(tp, tp + fp),
            FalseAlarmRate = Ratio(fp, fp + tn),
            Accuracy = Ratio(Labels.All.Sum(l => confusion[l][l]), results.Count),
            MacroF1 = perLabel.Count == 0 ? 0 : perLabel.Average(f => f.F1),
            PerLabel = perLabel,
            Confusion = confusion.ToDictionary(kv => kv.Key, kv => (IReadOnlyDictionary<string, int>)kv.Value),
            Missed = missed,
            FalseAlarms = falseAlarms,
        };
    }

    private static double Ratio(int numerator, int denominator) => denominator == 0 ? 0 : (double)numerator / denominator;

    public string ToText(bool listItems)
    {
        var text = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        text.AppendLine(inv, $"items {Items}");
        text.AppendLine(inv, $"candidate recall {CandidateRecall:0.000}  precision {CandidatePrecision:0.000}  false-alarm rate {FalseAlarmRate:0.000}");
        text.AppendLine(inv, $"accuracy {Accuracy:0.000}  macro-F1 {MacroF1:0.000}");
        text.AppendLine();
        text.AppendLine("| label | n | precision | recall | F1 |");
        text.AppendLine("|---|---:|---:|---:|---:|");
        foreach (var f in PerLabel)
            text.AppendLine(inv, $"| {f.Label} | {f.Count} | {f.Precision:0.000} | {f.Recall:0.000} | {f.F1:0.000} |");
        text.AppendLine();
        text.AppendLine("Confusion (rows: true label, columns: predicted):");
        text.AppendLine();
        text.AppendLine("| true \\ predicted | " + string.Join(" | ", Labels.All.Select(Short)) + " |");
        text.AppendLine("|---|" + string.Concat(Labels.All.Select(_ => "---:|")));
        foreach (var truth in Labels.All)
            text.AppendLine($"| {truth} | " + string.Join(" | ", Labels.All.Select(p => Confusion[truth][p].ToString(inv))) + " |");
        if (listItems)
        {
            text.AppendLine();
            foreach (var item in Missed)
                text.AppendLine($"missed ({item.Label}): {item.Id} {Clip(item.Title)}");
            foreach (var item in FalseAlarms)
                text.AppendLine($"false alarm: {item.Id} {Clip(item.Title)}");
        }

        return text.ToString();
    }

    private static string Short(string label) => label switch
    {
        Labels.MilitaryDefection => "mil_def",
        Labels.CivilianOrEliteDefection => "civ_def",
        Labels.FratricideOrShooting => "shooting",
        Labels.DesertionOrIndiscipline => "desertion",
        Labels.Corruption => "corruption",
        _ => "not_rel",
    };

    private static string Clip(string text) => text.Length <= 100 ? text : text[..99] + "…";
}
