using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NewsWatch.Classification;
using NewsWatch.Hosting;
using NewsWatch.Incidents;
using NewsWatch.Pipeline;
using NewsWatch.Review;
using NewsWatch.Sources;
using NewsWatch.Storage;
using NewsWatch.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using Quartz;

namespace NewsWatch.Tests.Classification;

/// <summary>
/// Learning from reviewers, with real training: reports go through replay and grouping into incidents, a reviewer confirms or
/// rejects them, and the retrain compares the new model with the one in use on a fixed validation file written for these tests.
/// </summary>
public sealed class ModelRetrainerTests : IDisposable
{
    // Low enough that the small fixture models put the not-relevant validation reports below it.
    private const double Threshold = 0.4;

    private readonly string _directory = TempDirectory.Create();

    public void Dispose() => TempDirectory.Delete(_directory);

    private static string TrainingFolder => Path.GetDirectoryName(Fixtures.Path("corruption.jsonl"))!;

    private static string ValidationFile => Fixtures.Path("retrain-validation.jsonl");

    [Fact]
    public async Task A_retrain_that_learns_a_missing_category_from_confirmed_incidents_is_promoted_and_used_at_once()
    {
        // The training set in use has a single shooting; reviewers then confirm ten shootings.
        var weakened = WeakenedTrainingFolder();
        await using var app = await StartAsync(weakened);
        var modelPath = ModelPath(app);
        TrainCurrentModel(app, weakened);
        var before = File.ReadAllBytes(modelPath);
        var holder = app.Services.GetRequiredService<ClassifierHolder>();
        var versionBefore = holder.Current.Version;
        foreach (var incident in await ReplayAsync(app, "retrain-shootings.jsonl"))
            await Queue(app).ConfirmAsync(incident, "reviewer", "shooting inside the unit", Labels.FratricideOrShooting, [], TestContext.Current.CancellationToken);
        var logs = new ListLogger<ModelRetrainer>();

        var result = await Retrainer(app, logs).RetrainAsync(TestContext.Current.CancellationToken);

        Assert.True(result.Promoted, result.Reason);
        Assert.Equal(10, result.ReviewExamples[Labels.FratricideOrShooting]);
        Assert.Equal(0, result.ReviewExamples[Labels.NotRelevant]);
        Assert.Equal(versionBefore, result.Current!.Version);
        Assert.True(result.Candidate.MacroF1 > result.Current.MacroF1, $"macro-F1 {result.Current.MacroF1} → {result.Candidate.MacroF1}");
        Assert.True(result.Candidate.CandidateRecall >= result.Current.CandidateRecall);
        Assert.NotEqual(before, File.ReadAllBytes(modelPath));
        Assert.Equal(result.Candidate.Version, TextClassifier.VersionOf(modelPath));
        Assert.StartsWith($"# Model card: {result.Candidate.Version}", File.ReadAllText(Path.ChangeExtension(modelPath, ".card.md")));
        // The running service classifies with the new model without a restart.
        Assert.Equal(result.Candidate.Version, holder.Current.Version);
        Assert.Equal(result.Candidate.Version, app.Services.GetRequiredService<TextClassifier>().Version);

        var entry = LastHistoryEntry(modelPath);
        Assert.True((bool)entry["promoted"]!);
        Assert.Equal(result.Reason, (string?)entry["reason"]);
        AssertFigures(result.Current, entry["current"]!);
        AssertFigures(result.Candidate, entry["candidate"]!);
        Assert.Equal(11, (int)entry["training"]!["examples"]![Labels.FratricideOrShooting]!);
        Assert.Equal(10, (int)entry["training"]!["reviewExamples"]![Labels.FratricideOrShooting]!);
        Assert.Equal(17, (int)entry["validation"]!["reports"]!);

        AssertLogged(logs, "current", result.Current);
        AssertLogged(logs, "retrained", result.Candidate);
        Assert.Contains(logs.Messages, m => m.StartsWith($"Promoted {result.Candidate.Version}", StringComparison.Ordinal));
        Assert.Empty(Directory.GetDirectories(Path.GetDirectoryName(modelPath)!, ".retrain-*"));
    }

    [Fact]
    public async Task A_retrain_on_relevant_reports_wrongly_rejected_is_refused_and_the_model_is_kept()
    {
        await using var app = await StartAsync(TrainingFolder);
        var modelPath = ModelPath(app);
        TrainCurrentModel(app, TrainingFolder);
        var before = File.ReadAllBytes(modelPath);
        var cardBefore = File.ReadAllText(Path.ChangeExtension(modelPath, ".card.md"));
        var holder = app.Services.GetRequiredService<ClassifierHolder>();
        var versionBefore = holder.Current.Version;
        // Ten soldiers' crossings of the border, every one rejected as if not relevant.
        foreach (var incident in await ReplayAsync(app, "retrain-crossings.jsonl"))
            await Queue(app).RejectAsync(incident, "reviewer", "not interested", TestContext.Current.CancellationToken);
        var logs = new ListLogger<ModelRetrainer>();

        var result = await Retrainer(app, logs).RetrainAsync(TestContext.Current.CancellationToken);

        Assert.False(result.Promoted, result.Reason);
        Assert.Equal(10, result.ReviewExamples[Labels.NotRelevant]);
        Assert.True(result.Candidate.CandidateRecall < result.Current!.CandidateRecall, $"recall {result.Current.CandidateRecall} → {result.Candidate.CandidateRecall}");
        Assert.Contains("candidate recall would drop from", result.Reason);
        Assert.Equal(before, File.ReadAllBytes(modelPath));
        Assert.Equal(cardBefore, File.ReadAllText(Path.ChangeExtension(modelPath, ".card.md")));
        Assert.Equal(versionBefore, holder.Current.Version);
        Assert.Equal(versionBefore, result.Current.Version);
        Assert.NotEqual(versionBefore, result.Candidate.Version);
        Assert.Empty(Directory.GetDirectories(Path.GetDirectoryName(modelPath)!, ".retrain-*"));

        var history = JsonNode.Parse(File.ReadAllText(Path.ChangeExtension(modelPath, ".card.json")))!.AsArray();
        Assert.Equal(2, history.Count);
        var entry = history[1]!;
        Assert.False((bool)entry["promoted"]!);
        Assert.Equal(result.Reason, (string?)entry["reason"]);
        AssertFigures(result.Current, entry["current"]!);
        AssertFigures(result.Candidate, entry["candidate"]!);
        Assert.Equal(10, (int)entry["training"]!["reviewExamples"]![Labels.NotRelevant]!);

        AssertLogged(logs, "current", result.Current);
        AssertLogged(logs, "retrained", result.Candidate);
        Assert.Contains(logs.Messages, m => m.StartsWith($"Kept {versionBefore}; the retrained model {result.Candidate.Version} was refused: candidate recall would drop", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Train_with_include_reviews_adds_confirmed_reports_with_their_category_and_rejected_ones_as_not_relevant()
    {
        await using var app = await StartAsync(TrainingFolder);
        foreach (var incident in await ReplayAsync(app, "retrain-shootings.jsonl"))
            await Queue(app).ConfirmAsync(incident, "reviewer", null, Labels.FratricideOrShooting, [], TestContext.Current.CancellationToken);
        // The crossings are dated ten years before the shootings, so none can join a shooting's incident.
        foreach (var incident in await ReplayAsync(app, "retrain-crossings.jsonl"))
            await Queue(app).RejectAsync(incident, "reviewer", "not interested", TestContext.Current.CancellationToken);
        var model = Path.Combine(_directory, "with-reviews.zip");

        var result = await NewsWatchProcess.RunAsync(
            ["model", "train", "--include-reviews", "--data", TrainingFolder, "--out", model, "--folds", "0", "--validation", ValidationFile, "--config", app.ConfigPath],
            timeout: TimeSpan.FromMinutes(3));

        Assert.True(result.ExitCode == 0, result.StdErr);
        Assert.Contains("added 20 reviewed reports from ", result.StdErr);
        Assert.Contains("fratricide_or_shooting 10", result.StdErr);
        Assert.Contains("not_relevant 10", result.StdErr);
        var examples = LastHistoryEntry(model)["examples"]!;
        Assert.Equal(18, (int)examples[Labels.FratricideOrShooting]!);
        Assert.Equal(20, (int)examples[Labels.NotRelevant]!);
        Assert.Equal(8, (int)examples[Labels.MilitaryDefection]!);
    }

    [Fact]
    public async Task Retrain_command_with_no_model_yet_promotes_the_first_and_prints_its_figures()
    {
        var config = Path.Combine(_directory, "newswatch.json");
        File.WriteAllText(config, TestApp.Configuration(_directory, [], c => c["Classification"] = Classification(_directory, TrainingFolder)));

        // Retraining reads reviewers' decisions from the database, which only the creating verbs make.
        Assert.Equal(0, (await NewsWatchProcess.RunAsync(["db", "migrate", "--config", config])).ExitCode);

        var result = await NewsWatchProcess.RunAsync(["model", "retrain", "--config", config], timeout: TimeSpan.FromMinutes(3));

        Assert.True(result.ExitCode == 0, result.StdErr);
        Assert.Contains("compared on 17 validation reports:", result.StdOut);
        Assert.Matches(@"retrained classifier@[0-9a-f]{12}  candidate recall \d\.\d{4}  macro-F1 \d\.\d{4}  false-alarm rate \d\.\d{4}", result.StdOut);
        Assert.Contains("promoted to ", result.StdOut);
        Assert.Contains("there was no model to compare with", result.StdOut);
        Assert.True(File.Exists(Path.Combine(_directory, "models", "classifier.zip")));
    }

    [Fact]
    public async Task Enabled_retrain_without_a_validation_file_is_refused_at_start_naming_the_key()
    {
        var config = Path.Combine(_directory, "newswatch.json");
        File.WriteAllText(config, TestApp.Configuration(_directory, [], c => c["Classification"] = new JsonObject { ["Retrain"] = new JsonObject { ["Enabled"] = true } }));

        var result = await NewsWatchProcess.RunAsync(["config", "--config", config]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("NewsWatch:Classification:Retrain:ValidationPath must name a labelled .jsonl file when Retrain:Enabled is true", result.StdErr);
    }

    [Fact]
    public async Task Worker_schedules_the_retrain_job_at_its_interval_only_when_enabled()
    {
        foreach (var enabled in new[] { false, true })
        {
            var config = Path.Combine(_directory, $"worker-{enabled}.json");
            File.WriteAllText(config, TestApp.Configuration(_directory, [], c =>
            {
                c["Classification"] = Classification(_directory, TrainingFolder);
                c["Classification"]!["Retrain"]!["Enabled"] = enabled;
                c["Classification"]!["Retrain"]!["Interval"] = "2.00:00:00";
            }));
            var builder = NewsWatchHost.CreateBuilder(new HostSettings(config, null));
            builder.AddWorker();
            var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 6, 0, 0, TimeSpan.Zero));
            builder.Services.AddSingleton<TimeProvider>(clock);
            using var host = builder.Build();
            var scheduler = await host.Services.GetRequiredService<ISchedulerFactory>().GetScheduler(TestContext.Current.CancellationToken);
            await host.Services.GetServices<IHostedService>().OfType<MaintenanceSchedule>().Single().StartAsync(TestContext.Current.CancellationToken);

            var job = await scheduler.GetJobDetail(RetrainModelJob.Key, TestContext.Current.CancellationToken);

            if (!enabled)
            {
                Assert.Null(job);
                continue;
            }

            Assert.NotNull(job);
            Assert.True(job.ConcurrentExecutionDisallowed);
            var trigger = (ISimpleTrigger)(await scheduler.GetTriggersOfJob(RetrainModelJob.Key, TestContext.Current.CancellationToken)).Single();
            Assert.Equal(TimeSpan.FromDays(2), trigger.RepeatInterval);
            // With no model card yet, the first retrain waits one interval.
            Assert.Equal(clock.GetUtcNow().AddDays(2), trigger.StartTimeUtc);
        }
    }

    private static JsonObject Classification(string directory, string trainingFolder) => new()
    {
        ["ModelPath"] = Path.Combine(directory, "models", "classifier.zip"),
        ["CandidateThreshold"] = Threshold,
        ["Retrain"] = new JsonObject { ["TrainingPath"] = trainingFolder, ["ValidationPath"] = ValidationFile },
    };

    private async Task<TestApp> StartAsync(string trainingFolder) =>
        await TestApp.StartAsync([], c => c["Classification"] = Classification(_directory, trainingFolder));

    private static string ModelPath(TestApp app) => app.Options.Classification.ResolveModelPath();

    /// <summary>The model in use, trained the way the retrain trains: no cross-validation, threshold chosen on the validation file.</summary>
    private static void TrainCurrentModel(TestApp app, string trainingFolder) =>
        app.Services.GetRequiredService<ClassifierTrainer>().Train(
            TrainingData.ReadDirectory(trainingFolder), ModelPath(app), _ => { }, TrainingData.ReadFile(ValidationFile, requireLabel: true).ToList(), folds: 0);

    /// <summary>The fixture training set with all but one of its shootings taken out.</summary>
    private string WeakenedTrainingFolder()
    {
        var folder = Path.Combine(_directory, "weakened");
        Directory.CreateDirectory(folder);
        foreach (var file in Directory.GetFiles(TrainingFolder, "*.jsonl"))
        {
            var lines = File.ReadAllLines(file).Where(l => l.Length > 0).ToList();
            File.WriteAllLines(Path.Combine(folder, Path.GetFileName(file)), Path.GetFileName(file) == "fratricide_or_shooting.jsonl" ? lines.Take(1) : lines);
        }

        return folder;
    }

    /// <summary>Imports the reports as candidates and groups them; returns the incidents waiting for review.</summary>
    private static async Task<IReadOnlyList<long>> ReplayAsync(TestApp app, string fixture)
    {
        var path = Fixtures.Path(fixture);
        var replay = ActivatorUtilities.CreateInstance<ArchiveReplay>(app.Services);
        // The shipped model only names a category here: every report is a candidate.
        var classifier = TextClassifier.Load(Path.Combine(AppContext.BaseDirectory, "models", "classifier.zip"), Threshold);
        var outcome = await replay.ReplayAsync(path, ArchiveReplay.ReadFile(path), classifier, skipClassifier: true, TestContext.Current.CancellationToken);
        Assert.Equal(10, outcome.Grouping.Grouped);
        var pending = await app.Services.GetRequiredService<IncidentStore>().ListAsync("pending", 100, TestContext.Current.CancellationToken);
        Assert.NotEmpty(pending);
        return pending.Select(i => i.Id).ToList();
    }

    private static ReviewQueue Queue(TestApp app) => ActivatorUtilities.CreateInstance<ReviewQueue>(app.Services);

    private static ModelRetrainer Retrainer(TestApp app, ILogger<ModelRetrainer> logger) => ActivatorUtilities.CreateInstance<ModelRetrainer>(app.Services, logger);

    private static JsonNode LastHistoryEntry(string modelPath) =>
        JsonNode.Parse(File.ReadAllText(Path.ChangeExtension(modelPath, ".card.json")))!.AsArray()[^1]!;

    private static void AssertFigures(ModelFigures figures, JsonNode entry)
    {
        Assert.Equal(figures.Version, (string?)entry["version"]);
        Assert.Equal(Math.Round(figures.CandidateRecall, 4), (double)entry["candidateRecall"]!);
        Assert.Equal(Math.Round(figures.MacroF1, 4), (double)entry["macroF1"]!);
        Assert.Equal(Math.Round(figures.FalseAlarmRate, 4), (double)entry["falseAlarmRate"]!);
    }

    private static void AssertLogged(ListLogger<ModelRetrainer> logs, string which, ModelFigures figures)
    {
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        Assert.Contains(logs.Messages, m => m == string.Create(inv,
            $"Retrain: {which} model {figures.Version}: candidate recall {Math.Round(figures.CandidateRecall, 4):0.0000}, macro-F1 {Math.Round(figures.MacroF1, 4):0.0000}, false-alarm rate {Math.Round(figures.FalseAlarmRate, 4):0.0000}"));
    }

    /// <summary>Keeps what was logged, formatted, so that a test can read the figures an operator would see.</summary>
    private sealed class ListLogger<T> : ILogger<T>
    {
        private readonly List<string> _messages = [];

        public IReadOnlyList<string> Messages
        {
            get
            {
                lock (_messages)
                    return _messages.ToList();
            }
        }

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
                return;
            lock (_messages)
                _messages.Add(formatter(state, exception));
        }
    }
}
