using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.ML;

namespace NewsWatch.Classification;

/// <summary>
/// Trains the classifier from a list of labelled examples, reproducibly: k-fold cross-validation gives
/// out-of-fold probabilities, from which the candidate threshold is chosen for high recall; the final
/// model is trained on everything and written with its model card.
/// </summary>
internal sealed class ClassifierTrainer(TimeProvider time)
{
    public const int DefaultFolds = 5;
    public const double TargetRecall = 0.99;

    public sealed record Result(
        string ModelPath, string CardPath, double Threshold, string ThresholdSource, ClassificationReport? CrossValidation,
        ClassificationReport? Validation, TimeSpan TrainingTime, IReadOnlyDictionary<string, int> DataSize);

    /// <param name="validation">
    /// Labelled reports the model is not trained on; when given, the threshold is chosen on them rather than on the
    /// out-of-fold predictions, and their figures go into the model card.
    /// </param>
    /// <param name="folds">Cross-validation folds; 0 skips cross-validation (a validation file must then choose the threshold).</param>
    public Result Train(IReadOnlyList<LabelledExample> examples, string modelPath, Action<string> progress, IReadOnlyList<LabelledExample>? validation = null, int folds = DefaultFolds)
    {
        if (folds == 1 || folds < 0)
            throw new ArgumentOutOfRangeException(nameof(folds), folds, "folds must be 0 (no cross-validation) or at least 2");
        if (folds == 0 && validation is not { Count: > 0 })
            throw new InvalidDataException("without cross-validation (--folds 0) a --validation file must choose the threshold");
        var missing = Labels.All.Where(l => examples.All(e => e.Label != l)).ToList();
        if (missing.Count > 0)
            throw new InvalidDataException($"the training data has no examples of {string.Join(", ", missing)}");

        // A fixed order before the seeded shuffle: the same files always give the same folds.
        var ordered = examples.OrderBy(e => e.Id, StringComparer.Ordinal).ToList();
        var random = new Random(ClassifierModel.Seed);
        var shuffled = ordered.OrderBy(_ => random.Next()).ToList();

        var outOfFold = new (LabelledExample Truth, float[] Scores)[shuffled.Count];
        string[] labels = [];
        for (var fold = 0; fold < folds; fold++)
        {
            var clock = Stopwatch.StartNew();
            var train = shuffled.Where((_, i) => i % folds != fold).ToList();
            var ml = new MLContext(ClassifierModel.Seed);
            var model = ClassifierModel.Pipeline(ml).Fit(ClassifierModel.Load(ml, train));
            var engine = ml.Model.CreatePredictionEngine<ClassifierRow, ClassifierScores>(model);
            labels = ClassifierModel.ScoreLabels(model.GetOutputSchema(ClassifierModel.Load(ml, train.Take(1)).Schema));
            for (var i = fold; i < shuffled.Count; i += folds)
                outOfFold[i] = (shuffled[i], engine.Predict(new ClassifierRow { Text = ClassifierText.Compose(shuffled[i].Title, shuffled[i].Text) }).Score.ToArray());
            progress($"fold {fold + 1}/{folds} trained on {train.Count} examples in {clock.Elapsed.TotalSeconds:0.0}s");
        }

        var stopwatch = Stopwatch.StartNew();
        var finalMl = new MLContext(ClassifierModel.Seed);
        var data = ClassifierModel.Load(finalMl, shuffled);
        var final = ClassifierModel.Pipeline(finalMl).Fit(data);
        stopwatch.Stop();
        if (folds == 0)
            labels = ClassifierModel.ScoreLabels(final.GetOutputSchema(data.Schema));
        var notRelevant = Array.IndexOf(labels, Labels.NotRelevant);
        progress($"final model trained on {shuffled.Count} examples in {stopwatch.Elapsed.TotalSeconds:0.0}s");

        double threshold;
        string thresholdSource;
        ClassificationReport? validationReport = null;
        if (validation is { Count: > 0 })
        {
            var engine = finalMl.Model.CreatePredictionEngine<ClassifierRow, ClassifierScores>(final);
            var scored = validation.Select(v => (Truth: v, Scores: engine.Predict(new ClassifierRow { Text = ClassifierText.Compose(v.Title, v.Text) }).Score.ToArray())).ToList();
            threshold = ChooseThreshold(scored.Where(o => o.Truth.Label != Labels.NotRelevant).Select(o => (double)o.Scores[notRelevant]).ToList());
            thresholdSource = $"{validation.Count} validation reports";
            validationReport = ClassificationReport.Build(scored.Select(o => Decide(o.Truth, o.Scores, labels, notRelevant, threshold)).ToList());
        }
        else
        {
            threshold = ChooseThreshold(outOfFold.Where(o => o.Truth.Label != Labels.NotRelevant).Select(o => (double)o.Scores[notRelevant]).ToList());
            thresholdSource = "out-of-fold predictions";
        }

        var crossValidation = folds == 0 ? null : ClassificationReport.Build(outOfFold.Select(o => Decide(o.Truth, o.Scores, labels, notRelevant, threshold)).ToList());

        var directory = Path.GetDirectoryName(Path.GetFullPath(modelPath))!;
        Directory.CreateDirectory(directory);
        finalMl.Model.Save(final, data.Schema, modelPath);

        var dataSize = Labels.All.ToDictionary(l => l, l => examples.Count(e => e.Label == l));
        var result = new Result(modelPath, ModelCard.PathFor(modelPath), threshold, thresholdSource, crossValidation, validationReport, stopwatch.Elapsed, dataSize);
        ModelCard.Write(result, TextClassifier.VersionOf(modelPath), time.GetUtcNow());
        return result;
    }

    /// <summary>The smallest threshold on P(not_relevant) under which <see cref="TargetRecall"/> of the relevant examples fall.</summary>
    public static double ChooseThreshold(IReadOnlyList<double> notRelevantProbabilityOfRelevant)
    {
        var sorted = notRelevantProbabilityOfRelevant.Order().ToList();
        var index = Math.Clamp((int)Math.Ceiling(TargetRecall * sorted.Count) - 1, 0, sorted.Count - 1);
        return Math.Round(Math.Clamp(sorted[index] + 0.005, 0.05, 0.995), 3);
    }

    private static (LabelledExample, string, bool) Decide(LabelledExample truth, float[] scores, string[] labels, int notRelevant, double threshold)
    {
        var label = ClassifierModel.QueueLabel(scores, notRelevant, threshold, out var candidate);
        return (truth, labels[label], candidate);
    }
}

/// <summary>The model card written beside a model: data, cross-validated figures, threshold, date, and the history of earlier cards.</summary>
internal static class ModelCard
{
    /// <summary>The threshold of a model whose card records none (a model trained before cards recorded thresholds).</summary>
    public const double UnrecordedThreshold = 0.5;

    public static string PathFor(string modelPath) => Path.ChangeExtension(modelPath, ".card.md");

    /// <summary>
    /// The candidate threshold recorded for this model file in the card beside it: the latest entry for its version, its
    /// <c>thresholdInUse</c> if set (a value other than the one chosen at training), else the chosen <c>threshold</c>; for a
    /// model promoted by a retrain, the threshold it was judged with.
    /// </summary>
    public static double ThresholdOf(string modelPath)
    {
        var jsonPath = Path.ChangeExtension(modelPath, ".card.json");
        if (!File.Exists(modelPath) || !File.Exists(jsonPath))
            return UnrecordedThreshold;
        var version = TextClassifier.VersionOf(modelPath);
        List<JsonElement> history;
        try
        {
            history = JsonSerializer.Deserialize<List<JsonElement>>(File.ReadAllText(jsonPath)) ?? [];
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"model card '{jsonPath}' is not valid JSON: {ex.Message}", ex);
        }

        for (var i = history.Count - 1; i >= 0; i--)
        {
            var entry = history[i];
            if (entry.ValueKind != JsonValueKind.Object)
                continue;
            if (Text(entry, "version") == version)
                return Number(entry, "thresholdInUse") ?? Number(entry, "threshold") ?? UnrecordedThreshold;
            if (entry.TryGetProperty("promoted", out var promoted) && promoted.ValueKind == JsonValueKind.True
                && entry.TryGetProperty("candidate", out var candidate) && candidate.ValueKind == JsonValueKind.Object && Text(candidate, "version") == version
                && entry.TryGetProperty("validation", out var validation) && validation.ValueKind == JsonValueKind.Object)
                return Number(validation, "candidateThreshold") ?? UnrecordedThreshold;
        }
        return UnrecordedThreshold;

        static string? Text(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        static double? Number(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;
    }

    public static void Write(ClassifierTrainer.Result result, string version, DateTimeOffset trainedAt)
    {
        var cv = result.CrossValidation;
        var inv = CultureInfo.InvariantCulture;
        var card = new System.Text.StringBuilder();
        card.AppendLine(inv, $"# Model card: {version}");
        card.AppendLine();
        card.AppendLine(inv, $"- trained: {trainedAt:yyyy-MM-dd HH:mm} UTC, in {result.TrainingTime.TotalSeconds:0.0}s (final fit), seed {ClassifierModel.Seed}");
        card.AppendLine("- model: word 1–2-grams + character 4-grams (L2-normalised) → SDCA maximum entropy (softmax probabilities)");
        card.AppendLine(inv, $"- candidate threshold: P(not_relevant) < {result.Threshold.ToString(inv)} (chosen on {result.ThresholdSource} for recall ≥ {ClassifierTrainer.TargetRecall})");
        card.AppendLine("- data: " + string.Create(inv, $"{result.DataSize.Values.Sum()} examples — ") + string.Join(", ", result.DataSize.Select(kv => $"{kv.Key} {kv.Value}")));
        card.AppendLine();
        if (cv is not null)
        {
            card.AppendLine("## Cross-validation on the training set");
            card.AppendLine();
            card.Append(cv.ToText(listItems: false));
        }
        if (result.Validation is { } validation)
        {
            card.AppendLine();
            card.AppendLine("## Validation reports (not trained on)");
            card.AppendLine();
            card.Append(validation.ToText(listItems: false));
        }

        File.WriteAllText(result.CardPath, card.ToString());

        var jsonPath = Path.ChangeExtension(result.ModelPath, ".card.json");
        var history = File.Exists(jsonPath) ? JsonSerializer.Deserialize<List<JsonElement>>(File.ReadAllText(jsonPath)) ?? [] : [];
        var entry = JsonSerializer.SerializeToElement(new
        {
            version,
            trainedAt,
            threshold = result.Threshold,
            thresholdChosenOn = result.ThresholdSource,
            validation = result.Validation is { } v ? new { candidateRecall = Math.Round(v.CandidateRecall, 4), falseAlarmRate = Math.Round(v.FalseAlarmRate, 4), macroF1 = Math.Round(v.MacroF1, 4) } : null,
            examples = result.DataSize,
            crossValidation = cv is null ? null : new
            {
                candidateRecall = Math.Round(cv.CandidateRecall, 4),
                falseAlarmRate = Math.Round(cv.FalseAlarmRate, 4),
                macroF1 = Math.Round(cv.MacroF1, 4),
                perLabel = cv.PerLabel.ToDictionary(f => f.Label, f => new { precision = Math.Round(f.Precision, 4), recall = Math.Round(f.Recall, 4), f1 = Math.Round(f.F1, 4) }),
            },
        });
        history.Add(entry);
        File.WriteAllText(jsonPath, JsonSerializer.Serialize(history, new JsonSerializerOptions { WriteIndented = true }));
    }
}
