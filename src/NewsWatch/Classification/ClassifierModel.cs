using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Transforms.Text;

namespace NewsWatch.Classification;

/// <summary>A report as the model sees it.</summary>
internal sealed class ClassifierRow
{
    public string Text { get; set; } = "";
    public string Label { get; set; } = "";
}

/// <summary>What the model returns: one probability per label.</summary>
internal class ClassifierScores
{
    public float[] Score { get; set; } = [];
}

/// <summary>The probabilities and the features behind them, for explaining a prediction.</summary>
internal sealed class ExplainedClassifierScores : ClassifierScores
{
    public VBuffer<float> Features { get; set; }
}

/// <summary>
/// The model's definition, in one place: word uni- and bigrams plus character 4-grams, L2-normalised,
/// fed to a maximum-entropy (softmax) linear model whose outputs are calibrated class probabilities.
/// </summary>
internal static class ClassifierModel
{
    public const int Seed = 20240806;

    public static IEstimator<ITransformer> Pipeline(MLContext ml) =>
        ml.Transforms.Conversion.MapValueToKey("Label", "Label", keyOrdinality: Microsoft.ML.Transforms.ValueToKeyMappingEstimator.KeyOrdinality.ByValue)
            .Append(ml.Transforms.Text.FeaturizeText("Features", new TextFeaturizingEstimator.Options
            {
                CaseMode = TextNormalizingEstimator.CaseMode.Lower,
                KeepDiacritics = false,
                KeepPunctuations = false,
                KeepNumbers = true,
                WordFeatureExtractor = new WordBagEstimator.Options { NgramLength = 2, UseAllLengths = true },
                CharFeatureExtractor = new WordBagEstimator.Options { NgramLength = 4, UseAllLengths = false },
                Norm = TextFeaturizingEstimator.NormFunction.L2,
            }, nameof(ClassifierRow.Text)))
            .Append(ml.MulticlassClassification.Trainers.SdcaMaximumEntropy(new SdcaMaximumEntropyMulticlassTrainer.Options
            {
                // One thread keeps training deterministic for a given seed and data.
                NumberOfThreads = 1,
                MaximumNumberOfIterations = 60,
                L2Regularization = 3e-6f,
            }));

    public static IDataView Load(MLContext ml, IEnumerable<LabelledExample> examples) =>
        ml.Data.LoadFromEnumerable(examples.Select(e => new ClassifierRow { Text = ClassifierText.Compose(e.Title, e.Text), Label = e.Label }));

    /// <summary>
    /// The rule of the review queue: a report is a candidate when P(not_relevant) is below the threshold, and then
    /// takes its likeliest relevant label; anything else is not_relevant. Returns the index of the label.
    /// </summary>
    public static int QueueLabel(float[] scores, int notRelevant, double threshold, out bool candidate)
    {
        candidate = scores[notRelevant] < threshold;
        if (!candidate)
            return notRelevant;
        var best = -1;
        for (var i = 0; i < scores.Length; i++)
        {
            if (i != notRelevant && (best < 0 || scores[i] > scores[best]))
                best = i;
        }

        return best;
    }

    /// <summary>The label of each Score slot, in order.</summary>
    public static string[] ScoreLabels(DataViewSchema outputSchema)
    {
        var names = default(VBuffer<ReadOnlyMemory<char>>);
        outputSchema["Label"].GetKeyValues(ref names);
        return names.DenseValues().Select(n => n.ToString()).ToArray();
    }
}
