using Microsoft.Extensions.Options;

namespace NewsWatch.Classification;

/// <summary>
/// The classifier in use, replaceable while the worker runs: a retrain that promotes a model reloads it here, and the
/// next batch classified uses it. A batch already started finishes with the model it began with.
/// </summary>
internal sealed class ClassifierHolder(IOptions<ClassificationOptions> options)
{
    private readonly Lock _loading = new();
    private volatile TextClassifier? _current;

    /// <summary>The configured model, loaded on first use: commands that never classify do not pay for it.</summary>
    public TextClassifier Current
    {
        get
        {
            if (_current is { } current)
                return current;
            lock (_loading)
                return _current ??= Load();
        }
    }

    /// <summary>Loads the configured model file again (after it was replaced) and uses it from now on.</summary>
    public TextClassifier Reload()
    {
        var loaded = Load();
        _current = loaded;
        return loaded;
    }

    private TextClassifier Load()
    {
        var classification = options.Value;
        var path = classification.ResolveModelPath();
        return TextClassifier.Load(path, File.Exists(path) ? classification.ThresholdFor(path) : ModelCard.UnrecordedThreshold);
    }
}
