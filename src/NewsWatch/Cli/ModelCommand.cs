using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using NewsWatch.Classification;

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
        var train = new Command("train", "Train the classifier from labelled examples; prints cross-validated figures") { data, output, validationFile, folds };
        train.SetAction((parse, cancellationToken) => CliHost.RunAsync(parse, (host, _) =>
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
                return Task.FromResult(ExitCodes.BadUsage);
            }

            Console.Error.WriteLine($"training on {examples.Count} examples from {Path.GetFullPath(parse.GetValue(data)!)}");
            ClassifierTrainer.Result result;
            try
            {
                result = host.Services.GetRequiredService<ClassifierTrainer>().Train(examples, parse.GetValue(output)!, line => Console.Error.WriteLine(line), validation, parse.GetValue(folds));
            }
            catch (Exception ex) when (ex is InvalidDataException or ArgumentOutOfRangeException)
            {
                Console.Error.WriteLine($"error: {ex.Message}");
                return Task.FromResult(ExitCodes.BadUsage);
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
            Console.Out.WriteLine($"candidate threshold: {result.Threshold}, chosen on {result.ThresholdSource} (set NewsWatch:Classification:CandidateThreshold to use it)");
            return Task.FromResult(ExitCodes.Ok);
        }, cancellationToken, migrate: false));

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

        return new Command("model", "Train, evaluate and backtest the classifier") { train, evaluate, BacktestCommand.Create() };
    }

    public static Option<string?> ModelOption() => new("--model") { Description = "Model file to use instead of NewsWatch:Classification:ModelPath" };

    public static TextClassifier LoadClassifier(IServiceProvider services, string? modelPath)
    {
        if (modelPath is null)
            return CliHost.RequireClassifier(services);
        var options = CliHost.ReadOptions(services).Classification;
        return TextClassifier.Load(Path.GetFullPath(modelPath), options.CandidateThreshold);
    }
}
