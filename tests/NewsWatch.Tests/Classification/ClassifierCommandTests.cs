using System.Text.Json.Nodes;
using NewsWatch.Classification;
using NewsWatch.Tests.Support;

namespace NewsWatch.Tests.Classification;

/// <summary>The classifier's verbs end to end, on a small training set written for these tests; the model is trained once for the class.</summary>
public sealed class ClassifierCommandTests(TrainedModel trained) : IClassFixture<TrainedModel>, IDisposable
{
    private readonly string _directory = TempDirectory.Create();

    public void Dispose() => TempDirectory.Delete(_directory);

    [Fact]
    public void Train_writes_the_model_and_a_card_with_cross_validated_figures_and_threshold()
    {
        var model = trained.Path;

        Assert.True(File.Exists(model));
        var card = File.ReadAllText(Path.ChangeExtension(model, ".card.md"));
        Assert.Contains("candidate threshold: P(not_relevant) <", card);
        Assert.Contains("| military_defection | 8 |", card);
        Assert.Contains("Confusion", card);
        var history = JsonNode.Parse(File.ReadAllText(Path.ChangeExtension(model, ".card.json")))!.AsArray();
        Assert.Single(history);
        Assert.Equal(50, Labels.All.Sum(l => (int)history[0]!["examples"]![l]!));
    }

    [Fact]
    public async Task Training_twice_on_the_same_data_gives_the_same_model()
    {
        var first = trained.Path;
        var second = Path.Combine(_directory, "second.zip");
        await TrainedModel.TrainAsync(second);

        var text = "A North Korean soldier crossed the MDL in Cheorwon and asked for asylum.";
        var a = TextClassifier.Load(first, 0.5).Classify(null, text);
        var b = TextClassifier.Load(second, 0.5).Classify(null, text);
        Assert.Equal(a.Scores, b.Scores);
    }

    [Fact]
    public async Task Classify_writes_one_line_per_report_with_label_candidate_scores_and_why()
    {
        var model = trained.Path;
        var output = Path.Combine(_directory, "predictions.jsonl");

        var result = await NewsWatchProcess.RunAsync(["classify", "--jsonl", Fixtures.Path("evaluation.jsonl"), "--out", output, "--model", model]);

        Assert.Equal(0, result.ExitCode);
        var lines = File.ReadAllLines(output).Select(l => JsonNode.Parse(l)!.AsObject()).ToList();
        Assert.Equal(["ev-1", "ev-2", "ev-3", "ev-4", "ev-5"], lines.Select(l => (string?)l["id"]));
        foreach (var line in lines)
        {
            Assert.Equal(["id", "label", "candidate", "scores", "why"], line.Select(p => p.Key));
            Assert.Equal(Labels.All.Order(), line["scores"]!.AsObject().Select(p => p.Key).Order());
            Assert.Equal(1.0, line["scores"]!.AsObject().Sum(p => (double)p.Value!), 2);
            Assert.Contains((string)line["label"]!, Labels.All);
            Assert.Equal((string)line["label"]! != "not_relevant", (bool)line["candidate"]!);
        }

        Assert.NotEmpty(lines[0]["why"]!.AsArray());
    }

    [Fact]
    public async Task Classify_text_prints_one_prediction()
    {
        var model = trained.Path;

        var result = await NewsWatchProcess.RunAsync(["classify", "--text", "Two soldiers deserted with rifles and robbed farmers near the border.", "--model", model]);

        Assert.Equal(0, result.ExitCode);
        var prediction = JsonNode.Parse(result.StdOut)!;
        Assert.Equal("text", (string?)prediction["id"]);
        Assert.Equal(6, prediction["scores"]!.AsObject().Count);
    }

    [Fact]
    public async Task Evaluate_prints_the_figures_and_lists_misses_and_false_alarms()
    {
        var model = trained.Path;

        var result = await NewsWatchProcess.RunAsync(["model", "evaluate", "--jsonl", Fixtures.Path("evaluation.jsonl"), "--model", model]);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("items 5", result.StdOut);
        Assert.Matches(@"candidate recall \d\.\d{3}  precision \d\.\d{3}  false-alarm rate \d\.\d{3}", result.StdOut);
        Assert.Matches(@"macro-F1 \d\.\d{3}", result.StdOut);
    }

    [Fact]
    public async Task Bad_training_lines_are_refused_naming_the_file_and_line()
    {
        var data = Path.Combine(_directory, "bad");
        Directory.CreateDirectory(data);
        File.WriteAllText(Path.Combine(data, "a.jsonl"), "{\"id\": \"1\", \"title\": \"x\", \"text\": \"y\", \"label\": \"military_defection\"}\n{\"id\": \"2\", \"title\": \"x\", \"text\": \"y\", \"label\": \"defection\"}\n");
        File.WriteAllText(Path.Combine(data, "b.jsonl"), "{not json\n");

        var result = await NewsWatchProcess.RunAsync(["model", "train", "--data", data, "--out", Path.Combine(_directory, "m.zip")]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("a.jsonl:2: label 'defection' is not one of", result.StdErr);
        Assert.False(File.Exists(Path.Combine(_directory, "m.zip")));
    }

    [Fact]
    public void Threshold_is_the_smallest_that_keeps_the_target_recall()
    {
        var probabilities = Enumerable.Range(0, 100).Select(i => i / 100.0).ToList();

        var threshold = ClassifierTrainer.ChooseThreshold(probabilities);

        Assert.Equal(0.985, threshold);
        Assert.True(probabilities.Count(p => p < threshold) >= 99);
    }
}
