using NewsWatch.Text;

namespace NewsWatch.Classification;

/// <summary>Reads labelled examples from JSON Lines: <c>{"id", "title", "text", "label"}</c>, one per line.</summary>
internal static class TrainingData
{
    public static IReadOnlyList<LabelledExample> ReadDirectory(string directory)
    {
        if (!Directory.Exists(directory))
            throw new DirectoryNotFoundException($"--data: folder '{directory}' does not exist");
        var files = Directory.GetFiles(directory, "*.jsonl").Order(StringComparer.Ordinal).ToList();
        if (files.Count == 0)
            throw new InvalidDataException($"--data: folder '{directory}' has no *.jsonl files");
        return files.SelectMany(f => ReadFile(f, requireLabel: true)).ToList();
    }

    /// <summary>Every line must parse; a bad line is reported with its file and line number, never skipped silently.</summary>
    public static IEnumerable<LabelledExample> ReadFile(string path, bool requireLabel)
    {
        foreach (var (number, root) in JsonLines.Read(path))
        {
            var id = JsonLines.String(root, "id") ?? number.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var label = JsonLines.String(root, "label");
            if (requireLabel && (label is null || !Labels.IsKnown(label)))
                throw new InvalidDataException($"{path}:{number}: label '{label}' is not one of {string.Join(", ", Labels.All)}");
            var title = JsonLines.String(root, "title") ?? "";
            var text = JsonLines.String(root, "text") ?? "";
            if (title.Length == 0 && text.Length == 0)
                throw new InvalidDataException($"{path}:{number}: both title and text are empty");
            yield return new LabelledExample(id, title, text, label ?? "");
        }
    }
}
