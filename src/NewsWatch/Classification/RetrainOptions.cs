namespace NewsWatch.Classification;

/// <summary>The "NewsWatch:Classification:Retrain" section: the scheduled retrain on the training set plus reviewers' decisions.</summary>
internal sealed class RetrainOptions
{
    /// <summary>Schedules the retrain job in the worker; <c>newswatch model retrain</c> works either way.</summary>
    public bool Enabled { get; set; }

    public TimeSpan Interval { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Folder of labelled *.jsonl files the reviews are added to; a relative path is looked up beside the executable, then in the working directory.</summary>
    public string TrainingPath { get; set; } = "models/training";

    /// <summary>
    /// Labelled reports never trained on, on which the current and the retrained model are compared; keep it fixed so
    /// that the figures of successive retrains can be compared. Required when <see cref="Enabled"/>.
    /// </summary>
    public string ValidationPath { get; set; } = "";

    public string ResolveTrainingPath() => ConfiguredPath.Resolve(TrainingPath);

    public string ResolveValidationPath() => ConfiguredPath.Resolve(ValidationPath);
}
