using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using NewsWatch.Classification;
using NewsWatch.Storage;

namespace NewsWatch.Cli;

/// <summary><c>newswatch model train|evaluate|backtest</c>: the classifier's life cycle.</summary>
internal static class ModelCommand
{
    public static Command Create()
    {
        var data = new Option<string>("--data") { Description = "Folder of labelled *.jsonl files", DefaultValueFactory = _ => "models/training" };
        var output = new Option<string>("--out") { Description = "Model file to write (a model card is written beside it)", DefaultValueFactory = _ => "models/classifier.zip" };
        var validationFile = new Option<FileInfo?>("--validation") { Description = "Labelled reports, not trained on, on which to choose the candidate threshold" };
        var folds = new Option<int>("--folds") { Description = "Cross-validation folds (0 skips cross-validation; needs --validation)", DefaultValueFactory = _ => ClassifierTrainer.DefaultFolds };
        var includeReviews = new Option<bool>("--include-reviews")
        {
            Description = "Also train on reviewers' decisions in the database: confirmed incidents' reports with their category, rejected ones' as not_relevant",
        };
        var train = new Command("train", "Train the classifier from labelled examples; prints cross-validated figures") { data, output, validationFile, folds, includeReviews };
        train.SetAction((parse, cancellationToken) => CliHost.RunAsync(parse, async (host, ct) =>
        {
            IReadOnlyList<LabelledExample> examples;
            IReadOnlyList<LabelledExample>? validation = null;
            try
            {
                examples = TrainingData.ReadDirectory(parse.GetValue(data)!);
                if (parse.GetValue(validationFile) is { } file)
                    validation = file.Exists
                        ? TrainingData.ReadFile(file.FullName, requireLabel: true).ToList()
                        : throw new FileNotFoundException($"--validation: file '{file.FullName}' does not exist");
            }
            catch (Exception ex) when (ex is IOException or InvalidDataException)
            {
                Console.Error.WriteLine($"error: {ex.Message}");
                return ExitCodes.BadUsage;
            }

            Console.Error.WriteLine($"training on {examples.Count} examples from {Path.GetFullPath(parse.GetValue(data)!)}");
            if (parse.GetValue(includeReviews))
            {
                var reviewed = await host.Services.GetRequiredService<ModelRetrainer>().ReviewedExamplesAsync(ct);
                examples = [.. examples, .. reviewed];
                Console.Error.WriteLine($"added {reviewed.Count} reviewed reports from {host.Services.GetRequiredService<Database>().FilePath}: "
                    + string.Join(", ", Labels.All.Select(l => $"{l} {reviewed.Count(e => e.Label == l)}")));
            }

            ClassifierTrainer.Result result;
            try
            {
                result = host.Services.GetRequiredService<ClassifierTrainer>().Train(examples, parse.GetValue(output)!, line => Console.Error.WriteLine(line), validation, parse.GetValue(folds));
            }
            catch (Exception ex) when (ex is InvalidDataException or ArgumentOutOfRangeException)
            {
                Console.Error.WriteLine($"error: {ex.Message}");
                return ExitCodes.BadUsage;
            }

            if (result.CrossValidation is { } crossValidation)
            {
                Console.Out.WriteLine($"{parse.GetValue(folds)}-fold cross-validation:");
                Console.Out.Write(crossValidation.ToText(listItems: false));
            }

            if (result.Validation is { } validated)
            {
                Console.Out.WriteLine();
                Console.Out.WriteLine("validation reports:");
                Console.Out.Write(validated.ToText(listItems: false));
            }

            Console.Out.WriteLine();
            Console.Out.WriteLine($"model: {Path.GetFullPath(result.ModelPath)} ({TextClassifier.VersionOf(result.ModelPath)})");
            Console.Out.WriteLine($"model card: {Path.GetFullPath(result.CardPath)}");
            Console.Out.WriteLine($"candidate threshold: {result.Threshold}, chosen on {result.ThresholdSource} (recorded in the model card and used unless NewsWatch:Classification:CandidateThreshold is set)");
            return ExitCodes.Ok;
        }, cancellationToken, migrate: parse.GetValue(includeReviews)));

        var jsonl = new Option<FileInfo>("--jsonl") { Description = "Labelled lines {id, title, text, label}", Required = true };
        var model = ModelOption();
        var evaluate = new Command("evaluate", "Classify labelled reports and print the figures, the missed items and the false alarms") { jsonl, model };
        evaluate.SetAction((parse, cancellationToken) => CliHost.RunAsync(parse, (host, _) =>
        {
            var file = parse.GetValue(jsonl)!;
            if (!file.Exists)
            {
                Console.Error.WriteLine($"error: --jsonl: file '{file.FullName}' does not exist.");
                return Task.FromResult(ExitCodes.BadUsage);
            }

            var classifier = LoadClassifier(host.Services, parse.GetValue(model));
            var examples = TrainingData.ReadFile(file.FullName, requireLabel: true).ToList();
            var results = examples.AsParallel().AsOrdered().Select(e =>
            {
                var c = classifier.Classify(e.Title, e.Text, explain: false);
                return (e, c.Label, c.Candidate);
            }).ToList();
            Console.Out.WriteLine($"model {classifier.Version}, threshold {classifier.CandidateThreshold}");
            Console.Out.Write(ClassificationReport.Build(results).ToText(listItems: true));
            return Task.FromResult(ExitCodes.Ok);
        }, cancellationToken, migrate: false));

        return new Command("model", "Train, evaluate, retrain and backtest the classifier") { train, evaluate, RetrainCommand(), BacktestCommand.Create() };
    }

    /// <summary><c>model retrain</c>: what the scheduled retrain job does, once, now.</summary>
    private static Command RetrainCommand()
    {
        var retrain = new Command("retrain", "Retrain on the training set plus reviewers' decisions; replace the model only if candidate recall and macro-F1 on the validation set do not drop");
        retrain.SetAction((parse, cancellationToken) => CliHost.RunAsync(parse, async (host, ct) =>
        {
            RetrainResult result;
            try
            {
                result = await host.Services.GetRequiredService<ModelRetrainer>().RetrainAsync(ct);
            }
            catch (Exception ex) when (ex is IOException or InvalidDataException)
            {
                Console.Error.WriteLine($"error: {ex.Message}");
                return ExitCodes.BadUsage;
            }

            Console.Out.WriteLine($"trained on {result.TrainingExamples} examples, of which reviewed: {string.Join(", ", result.ReviewExamples.Select(kv => $"{kv.Key} {kv.Value}"))}");
            Console.Out.WriteLine($"compared on {result.ValidationReports} validation reports:");
            if (result.Current is { } current)
                Console.Out.WriteLine(Figures("current", current));
            Console.Out.WriteLine(Figures("retrained", result.Candidate));
            Console.Out.WriteLine(result.Promoted ? $"promoted to {result.ModelPath}: {result.Reason}" : $"refused, model unchanged: {result.Reason}");
            return ExitCodes.Ok;
        }, cancellationToken));
        return retrain;

        static string Figures(string which, ModelFigures f) => string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"  {which,-9} {f.Version}  candidate recall {f.CandidateRecall:0.0000}  macro-F1 {f.MacroF1:0.0000}  false-alarm rate {f.FalseAlarmRate:0.0000}");
    }

    public static Option<string?> ModelOption() => new("--model") { Description = "Model file to use instead of NewsWatch:Classification:ModelPath" };

    public static TextClassifier LoadClassifier(IServiceProvider services, string? modelPath)
    {
        if (modelPath is null)
            return CliHost.RequireClassifier(services);
        var options = CliHost.ReadOptions(services).Classification;
        return TextClassifier.Load(Path.GetFullPath(modelPath), options.ThresholdFor(Path.GetFullPath(modelPath)));
    }
}
