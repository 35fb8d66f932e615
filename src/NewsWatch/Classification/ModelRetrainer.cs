using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NewsWatch.Storage;

namespace NewsWatch.Classification;

/// <summary>One model's figures on the fixed validation set, at the configured candidate threshold.</summary>
internal sealed record ModelFigures(string Version, double CandidateRecall, double MacroF1, double FalseAlarmRate);

/// <param name="Current">Null when there was no model to compare with.</param>
internal sealed record RetrainResult(
    bool Promoted, string Reason, ModelFigures? Current, ModelFigures Candidate, string ModelPath,
    int TrainingExamples, IReadOnlyDictionary<string, int> ReviewExamples, int ValidationReports);

/// <summary>
/// Learning from reviewers: trains a new model on the training set plus every confirmed and rejected incident's reports,
/// compares it with the model in use on a fixed validation set, and replaces the model only if neither candidate recall
/// nor macro-F1 drops. Both models' figures and the decision go to the log and to the model card's history.
/// </summary>
internal sealed class ModelRetrainer(
    ClassifierTrainer trainer,
    ReviewStore reviews,
    ClassifierHolder classifiers,
    IOptions<ClassificationOptions> options,
    TimeProvider time,
    ILogger<ModelRetrainer> logger)
{
    /// <summary>Figures are compared at this many decimals, so that noise in the last digits neither promotes nor refuses.</summary>
    private const int Decimals = 4;

    /// <summary>
    /// Reviewers' decisions as labelled examples: each report of a confirmed incident with the incident's category, each report of a
    /// rejected incident as not_relevant.
    /// </summary>
    public async Task<IReadOnlyList<LabelledExample>> ReviewedExamplesAsync(CancellationToken cancellationToken) =>
        (await reviews.ListReviewedReportsAsync(cancellationToken))
            .Select(r => new LabelledExample($"review-{r.ArticleId}", r.Title, r.Text, r.Status == IncidentStatuses.Confirmed ? r.Category : Labels.NotRelevant))
            .ToList();

    public async Task<RetrainResult> RetrainAsync(CancellationToken cancellationToken)
    {
        var classification = options.Value;
        var modelPath = classification.ResolveModelPath();
        var (training, validation, validationPath) = ReadData(classification.Retrain);
        var reviewed = await ReviewedExamplesAsync(cancellationToken);
        var reviewCounts = Labels.All.ToDictionary(l => l, l => reviewed.Count(e => e.Label == l));
        logger.LogInformation("Retraining on {TrainingExamples} training examples and {ReviewExamples} reviewed reports ({ReviewCounts})",
            training.Count, reviewed.Count, string.Join(", ", reviewCounts.Select(kv => $"{kv.Key} {kv.Value}")));

        // The candidate is written to a folder of its own beside the model: on the same file system, promoting it is a
        // rename, and under the same file name it has the version it will have once promoted.
        var modelDirectory = Path.GetDirectoryName(modelPath)!;
        DeleteAbandonedCandidates(modelDirectory);
        var workDirectory = Path.Combine(modelDirectory, $".retrain-{Guid.NewGuid():N}");
        var candidatePath = Path.Combine(workDirectory, Path.GetFileName(modelPath));
        try
        {
            // No cross-validation: the validation set chooses the candidate's own threshold, and one fit keeps the job short.
            var trained = trainer.Train([.. training, .. reviewed], candidatePath, line => logger.LogDebug("Retrain: {Progress}", line), validation, folds: 0);
            cancellationToken.ThrowIfCancellationRequested();

            // Both models are judged at the threshold in use; a promoted model keeps it (the card's history records it).
            var threshold = File.Exists(modelPath) ? classification.ThresholdFor(modelPath) : classification.CandidateThreshold ?? trained.Threshold;
            var candidate = Evaluate(candidatePath, validation, threshold);
            var current = File.Exists(modelPath) ? Evaluate(modelPath, validation, threshold) : null;
            var (promote, reason) = Decide(current, candidate);
            if (current is not null)
                LogFigures("current", current);
            LogFigures("retrained", candidate);

            if (promote)
            {
                File.Move(candidatePath, modelPath, overwrite: true);
                File.Move(trained.CardPath, ModelCard.PathFor(modelPath), overwrite: true);
                classifiers.Reload();
                logger.LogInformation("Promoted {ModelVersion} to {ModelPath}: {Reason}", candidate.Version, modelPath, reason);
            }
            else
            {
                logger.LogWarning("Kept {ModelVersion}; the retrained model {CandidateVersion} was refused: {Reason}", current!.Version, candidate.Version, reason);
            }

            var result = new RetrainResult(promote, reason, current, candidate, modelPath, training.Count + reviewed.Count, reviewCounts, validation.Count);
            AppendHistory(result, trained, validationPath, threshold);
            return result;
        }
        finally
        {
            // A refused candidate, or what is left of a promoted one (its own card history), goes.
            if (Directory.Exists(workDirectory))
                Directory.Delete(workDirectory, recursive: true);
        }
    }

    /// <summary>Promote only if neither figure drops; with no model in use, any model is better than none.</summary>
    public static (bool Promote, string Reason) Decide(ModelFigures? current, ModelFigures candidate)
    {
        if (current is null)
            return (true, "there was no model to compare with");
        var inv = CultureInfo.InvariantCulture;
        var (recall, currentRecall) = (Math.Round(candidate.CandidateRecall, Decimals), Math.Round(current.CandidateRecall, Decimals));
        var (f1, currentF1) = (Math.Round(candidate.MacroF1, Decimals), Math.Round(current.MacroF1, Decimals));
        var drops = new List<string>();
        if (recall < currentRecall)
            drops.Add(string.Create(inv, $"candidate recall would drop from {currentRecall:0.0000} to {recall:0.0000}"));
        if (f1 < currentF1)
            drops.Add(string.Create(inv, $"macro-F1 would drop from {currentF1:0.0000} to {f1:0.0000}"));
        return drops.Count > 0
            ? (false, string.Join("; ", drops))
            : (true, string.Create(inv, $"candidate recall {currentRecall:0.0000} → {recall:0.0000}, macro-F1 {currentF1:0.0000} → {f1:0.0000}; neither dropped"));
    }

    private static (IReadOnlyList<LabelledExample> Training, IReadOnlyList<LabelledExample> Validation, string ValidationPath) ReadData(RetrainOptions retrain)
    {
        const string key = $"{ClassificationOptions.Section}:Retrain";
        if (string.IsNullOrWhiteSpace(retrain.ValidationPath))
            throw new ConfigurationException($"{key}:ValidationPath must name a labelled .jsonl file to compare the models on.");
        var validationPath = retrain.ResolveValidationPath();
        if (!File.Exists(validationPath))
            throw new ConfigurationException($"{key}:ValidationPath: file '{validationPath}' does not exist.");
        var trainingPath = retrain.ResolveTrainingPath();
        if (!Directory.Exists(trainingPath))
            throw new ConfigurationException($"{key}:TrainingPath: folder '{trainingPath}' does not exist.");
        var validation = TrainingData.ReadFile(validationPath, requireLabel: true).ToList();
        if (validation.Count == 0)
            throw new ConfigurationException($"{key}:ValidationPath: file '{validationPath}' has no reports.");
        return (TrainingData.ReadDirectory(trainingPath), validation, validationPath);
    }

    /// <summary>A retrain cut short (the process killed while training) leaves its folder behind; a day later it is surely abandoned.</summary>
    private void DeleteAbandonedCandidates(string modelDirectory)
    {
        if (!Directory.Exists(modelDirectory))
            return;
        var cutoff = time.GetUtcNow().UtcDateTime - TimeSpan.FromDays(1);
        foreach (var abandoned in Directory.EnumerateDirectories(modelDirectory, ".retrain-*").Where(d => Directory.GetLastWriteTimeUtc(d) < cutoff))
            Directory.Delete(abandoned, recursive: true);
    }

    private static ModelFigures Evaluate(string modelPath, IReadOnlyList<LabelledExample> validation, double threshold)
    {
        var classifier = TextClassifier.Load(modelPath, threshold);
        var report = ClassificationReport.Build(validation.Select(v =>
        {
            var prediction = classifier.Classify(v.Title, v.Text, explain: false);
            return (v, prediction.Label, prediction.Candidate);
        }).ToList());
        return new ModelFigures(classifier.Version, report.CandidateRecall, report.MacroF1, report.FalseAlarmRate);
    }

    private void LogFigures(string which, ModelFigures figures) =>
        logger.LogInformation("Retrain: {Which} model {ModelVersion}: candidate recall {CandidateRecall}, macro-F1 {MacroF1}, false-alarm rate {FalseAlarmRate}",
            which, figures.Version, Format(figures.CandidateRecall), Format(figures.MacroF1), Format(figures.FalseAlarmRate));

    private static string Format(double value) => Math.Round(value, Decimals).ToString("0.0000", CultureInfo.InvariantCulture);

    /// <summary>Every retrain, promoted or refused, adds one entry to the model card's history (a JSON array beside the model).</summary>
    private void AppendHistory(RetrainResult result, ClassifierTrainer.Result trained, string validationPath, double threshold)
    {
        var jsonPath = Path.ChangeExtension(result.ModelPath, ".card.json");
        var history = File.Exists(jsonPath) ? JsonSerializer.Deserialize<List<JsonElement>>(File.ReadAllText(jsonPath)) ?? [] : [];
        history.Add(JsonSerializer.SerializeToElement(new
        {
            retrainedAt = time.GetUtcNow(),
            promoted = result.Promoted,
            reason = result.Reason,
            validation = new { file = validationPath, reports = result.ValidationReports, candidateThreshold = threshold },
            current = result.Current is { } current ? Figures(current) : null,
            candidate = Figures(result.Candidate),
            training = new { examples = trained.DataSize, reviewExamples = result.ReviewExamples, thresholdChosenOnValidation = trained.Threshold },
        }));
        var temporary = jsonPath + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(history, new JsonSerializerOptions { WriteIndented = true }));
        File.Move(temporary, jsonPath, overwrite: true);
    }

    private static object Figures(ModelFigures figures) => new
    {
        version = figures.Version,
        candidateRecall = Math.Round(figures.CandidateRecall, Decimals),
        macroF1 = Math.Round(figures.MacroF1, Decimals),
        falseAlarmRate = Math.Round(figures.FalseAlarmRate, Decimals),
    };
}
