using System.Security.Cryptography;
using Microsoft.Extensions.ObjectPool;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;

namespace NewsWatch.Classification;

/// <summary>
/// A trained model loaded once and shared: prediction engines are pooled (one is not thread-safe),
/// and the linear weights are kept to say which terms drove a prediction.
/// </summary>
internal sealed class TextClassifier
{
    private const int WhyTerms = 6;

    // Function words carry weight in a bag-of-words model but explain nothing to a reviewer.
    private static readonly HashSet<string> FunctionWords =
    [
        "a", "an", "the", "and", "or", "but", "of", "to", "in", "on", "at", "by", "for", "from", "with", "as", "is", "was",
        "were", "are", "be", "been", "has", "have", "had", "it", "its", "that", "this", "he", "she", "they", "his", "her",
        "their", "who", "which", "said", "says", "after", "into", "over", "than", "not", "no", "also", "about", "up",
    ];

    private readonly ObjectPool<PredictionEngine<ClassifierRow, ClassifierScores>> _engines;
    private readonly ObjectPool<PredictionEngine<ClassifierRow, ExplainedClassifierScores>> _explainingEngines;
    private readonly string[] _labels;
    private readonly int _notRelevant;
    private readonly VBuffer<float>[] _weights;
    private readonly string[] _slotNames;

    private TextClassifier(MLContext ml, ITransformer model, DataViewSchema inputSchema, string version, double candidateThreshold)
    {
        Version = version;
        CandidateThreshold = candidateThreshold;
        var output = model.GetOutputSchema(inputSchema);
        _labels = ClassifierModel.ScoreLabels(output);
        _notRelevant = Array.IndexOf(_labels, Labels.NotRelevant);
        if (_notRelevant < 0)
            throw new InvalidDataException($"the model has no '{Labels.NotRelevant}' class; its classes are {string.Join(", ", _labels)}");

        var slotNames = default(VBuffer<ReadOnlyMemory<char>>);
        output["Features"].GetSlotNames(ref slotNames);
        _slotNames = slotNames.DenseValues().Select(Term).ToArray();
        _weights = LinearWeights(model);
        _engines = new DefaultObjectPool<PredictionEngine<ClassifierRow, ClassifierScores>>(new EnginePolicy<ClassifierScores>(ml, model), Environment.ProcessorCount * 2);
        _explainingEngines = new DefaultObjectPool<PredictionEngine<ClassifierRow, ExplainedClassifierScores>>(new EnginePolicy<ExplainedClassifierScores>(ml, model), Environment.ProcessorCount * 2);
    }

    public string Version { get; }

    public double CandidateThreshold { get; }

    public IReadOnlyList<string> Classes => _labels;

    public static TextClassifier Load(string path, double candidateThreshold)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"classifier model '{path}' does not exist (train one with 'newswatch model train')", path);
        var ml = new MLContext(ClassifierModel.Seed);
        using var stream = File.OpenRead(path);
        var model = ml.Model.Load(stream, out var inputSchema);
        return new TextClassifier(ml, model, inputSchema, VersionOf(path), candidateThreshold);
    }

    /// <summary>The model file's name and the start of its SHA-256, so two different files never share a version.</summary>
    public static string VersionOf(string path)
    {
        using var stream = File.OpenRead(path);
        return $"{Path.GetFileNameWithoutExtension(path)}@{Convert.ToHexStringLower(SHA256.HashData(stream))[..12]}";
    }

    public Prediction Classify(string? title, string? text, bool explain = true)
    {
        var row = new ClassifierRow { Text = ClassifierText.Compose(title, text) };
        // Copying the feature vector out costs time; only explained predictions need it.
        var scores = explain ? Predict(_explainingEngines, row) : Predict(_engines, row);

        var probabilities = new Dictionary<string, double>(_labels.Length);
        for (var i = 0; i < _labels.Length; i++)
            probabilities[_labels[i]] = Math.Round(scores.Score[i], 5);
        var label = ClassifierModel.QueueLabel(scores.Score, _notRelevant, CandidateThreshold, out var candidate);
        var why = scores is ExplainedClassifierScores explained ? Explain(explained.Features, label) : [];
        return new Prediction(_labels[label], candidate, probabilities, why, Version);
    }

    private static T Predict<T>(ObjectPool<PredictionEngine<ClassifierRow, T>> pool, ClassifierRow row) where T : ClassifierScores, new()
    {
        var engine = pool.Get();
        try
        {
            return engine.Predict(row);
        }
        finally
        {
            pool.Return(engine);
        }
    }

    /// <summary>Word features with the largest contribution to <paramref name="label"/> over not_relevant (or over the runner-up).</summary>
    private string[] Explain(VBuffer<float> features, int label)
    {
        var against = label == _notRelevant ? -1 : _notRelevant;
        var top = new List<(string Term, float Contribution)>();
        var indices = features.GetIndices();
        var values = features.GetValues();
        for (var k = 0; k < values.Length; k++)
        {
            var slot = features.IsDense ? k : indices[k];
            var term = _slotNames[slot];
            if (term.Length == 0 || IsFunctionPhrase(term))
                continue;
            var weight = Weight(label, slot) - (against < 0 ? 0 : Weight(against, slot));
            var contribution = values[k] * weight;
            if (contribution > 0)
                top.Add((term, contribution));
        }

        return top.OrderByDescending(t => t.Contribution).Select(t => t.Term).Distinct().Take(WhyTerms).ToArray();
    }

    private static bool IsFunctionPhrase(string term)
    {
        foreach (var word in term.Split(' '))
        {
            if (FunctionWords.Contains(word))
                return true;
        }

        return false;
    }

    private float Weight(int label, int slot)
    {
        var weights = _weights[label];
        if (weights.IsDense)
            return weights.GetValues()[slot];
        var indices = weights.GetIndices();
        var found = indices.BinarySearch(slot);
        return found >= 0 ? weights.GetValues()[found] : 0;
    }

    /// <summary>Word n-gram slots are named "Word.term" or "Word.term|term"; character n-grams are not shown to people.</summary>
    private static string Term(ReadOnlyMemory<char> slotName)
    {
        var name = slotName.Span;
        if (!name.StartsWith("Word."))
            return "";
        return name[5..].ToString().Replace('|', ' ');
    }

    private static VBuffer<float>[] LinearWeights(ITransformer model)
    {
        var predictor = model is TransformerChain<ITransformer> chain
            ? chain.OfType<ISingleFeaturePredictionTransformer<object>>().LastOrDefault()
            : null;
        if (predictor?.Model is not MaximumEntropyModelParameters parameters)
            throw new InvalidDataException("the model file does not end in a maximum-entropy classifier");
        VBuffer<float>[] weights = [];
        parameters.GetWeights(ref weights, out _);
        return weights;
    }

    private sealed class EnginePolicy<T>(MLContext ml, ITransformer model) : PooledObjectPolicy<PredictionEngine<ClassifierRow, T>> where T : class, new()
    {
        public override PredictionEngine<ClassifierRow, T> Create() => ml.Model.CreatePredictionEngine<ClassifierRow, T>(model);

        public override bool Return(PredictionEngine<ClassifierRow, T> engine) => true;
    }
}
