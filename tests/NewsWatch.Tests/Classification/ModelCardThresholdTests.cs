using System.Text.Json.Nodes;
using NewsWatch.Classification;
using NewsWatch.Tests.Support;

namespace NewsWatch.Tests.Classification;

/// <summary>The candidate threshold belongs with the model: unless configured, it is the one the model's card records.</summary>
public sealed class ModelCardThresholdTests : IDisposable
{
    private readonly string _directory = TempDirectory.Create();

    public void Dispose() => TempDirectory.Delete(_directory);

    private static string Shipped(string file) => Path.Combine(AppContext.BaseDirectory, "models", file);

    /// <summary>A copy of the shipped model with the given card history beside it.</summary>
    private string ModelWithCard(Func<string, JsonArray> card)
    {
        var model = Path.Combine(_directory, "classifier.zip");
        File.Copy(Shipped("classifier.zip"), model, overwrite: true);
        File.WriteAllText(Path.Combine(_directory, "classifier.card.json"), card(TextClassifier.VersionOf(model)).ToJsonString());
        return model;
    }

    [Fact]
    public void Shipped_model_card_records_the_shipped_threshold_and_the_chosen_one()
    {
        var card = JsonNode.Parse(File.ReadAllText(Shipped("classifier.card.json")))!.AsArray();
        var current = card.Single(e => (string?)e!["version"] == TextClassifier.VersionOf(Shipped("classifier.zip")))!;

        Assert.Equal(0.265, (double)current["threshold"]!);
        Assert.Equal(0.4, (double)current["thresholdInUse"]!);
        Assert.Equal(0.4, ModelCard.ThresholdOf(Shipped("classifier.zip")));
        Assert.Equal(0.4, new ClassificationOptions { ModelPath = Shipped("classifier.zip") }.ThresholdFor(Shipped("classifier.zip")));
        Assert.Equal(0.3, new ClassificationOptions { CandidateThreshold = 0.3 }.ThresholdFor(Shipped("classifier.zip")));
    }

    [Fact]
    public void Card_threshold_is_the_latest_entry_for_the_model_version_and_not_another_models()
    {
        var model = ModelWithCard(version =>
        [
            new JsonObject { ["version"] = version, ["threshold"] = 0.2 },
            new JsonObject { ["version"] = version, ["threshold"] = 0.31 },
            new JsonObject { ["version"] = "classifier@000000000000", ["threshold"] = 0.9 },
        ]);

        Assert.Equal(0.31, ModelCard.ThresholdOf(model));
    }

    [Fact]
    public void Model_promoted_by_a_retrain_keeps_the_threshold_it_was_judged_with()
    {
        var model = ModelWithCard(version =>
        [
            new JsonObject { ["version"] = "classifier@000000000000", ["threshold"] = 0.25 },
            new JsonObject
            {
                ["promoted"] = true,
                ["validation"] = new JsonObject { ["candidateThreshold"] = 0.35 },
                ["candidate"] = new JsonObject { ["version"] = version },
            },
        ]);

        Assert.Equal(0.35, ModelCard.ThresholdOf(model));
    }

    [Fact]
    public void Model_without_a_card_entry_uses_the_unrecorded_default()
    {
        var model = ModelWithCard(_ => []);

        Assert.Equal(ModelCard.UnrecordedThreshold, ModelCard.ThresholdOf(model));
    }
}
