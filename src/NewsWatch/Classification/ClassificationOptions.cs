using Microsoft.Extensions.Options;

namespace NewsWatch.Classification;

/// <summary>The "NewsWatch:Classification" section.</summary>
internal sealed class ClassificationOptions
{
    public const string Section = "NewsWatch:Classification";

    /// <summary>The model file; a relative path is looked up beside the executable, then in the working directory.</summary>
    public string ModelPath { get; set; } = "models/classifier.zip";

    /// <summary>
    /// A report is a candidate for review when its probability of being not_relevant is below this. Unset, the threshold
    /// recorded for the model in its card is used (chosen at training time for high recall).
    /// </summary>
    public double? CandidateThreshold { get; set; }

    public RetrainOptions Retrain { get; set; } = new();

    public string ResolveModelPath() => ConfiguredPath.Resolve(ModelPath);

    /// <summary>The threshold to use with the model file: the configured one, else the one its card records.</summary>
    public double ThresholdFor(string modelPath) => CandidateThreshold ?? ModelCard.ThresholdOf(modelPath);
}

internal sealed class ClassificationOptionsValidator : IValidateOptions<ClassificationOptions>
{
    public ValidateOptionsResult Validate(string? name, ClassificationOptions classification)
    {
        var errors = new List<string>();
        const string key = ClassificationOptions.Section;
        if (string.IsNullOrWhiteSpace(classification.ModelPath))
            errors.Add($"{key}:ModelPath must name a model file.");
        if (classification.CandidateThreshold is <= 0 or > 1)
            errors.Add($"{key}:CandidateThreshold must be in (0, 1] (was {classification.CandidateThreshold}).");
        var retrain = classification.Retrain;
        if (retrain.Interval < TimeSpan.FromHours(1))
            errors.Add($"{key}:Retrain:Interval must be at least one hour (was {retrain.Interval}).");
        if (retrain.Enabled && string.IsNullOrWhiteSpace(retrain.TrainingPath))
            errors.Add($"{key}:Retrain:TrainingPath must name the folder of labelled *.jsonl files when Retrain:Enabled is true.");
        // Checked now rather than at the first retrain, which may be a week away.
        if (retrain.Enabled && (!retrain.ValidationPath.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase) || !File.Exists(retrain.ResolveValidationPath())))
            errors.Add($"{key}:Retrain:ValidationPath must name a labelled .jsonl file when Retrain:Enabled is true (was '{retrain.ValidationPath}').");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
