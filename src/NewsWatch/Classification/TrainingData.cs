using System.Text.Json;

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
        var number = 0;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
                continue;
            JsonElement root;
            try
            {
                root = JsonDocument.Parse(line).RootElement;
            }
            catch (JsonException ex)
            {
                throw new InvalidDataException($"{path}:{number}: not valid JSON: {ex.Message}");
            }

            var id = Read(root, "id") ?? number.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var label = Read(root, "label");
            if (requireLabel && (label is null || !Labels.IsKnown(label)))
                throw new InvalidDataException($"{path}:{number}: label '{label}' is not one of {string.Join(", ", Labels.All)}");
            var title = Read(root, "title") ?? "";
            var text = Read(root, "text") ?? "";
            if (title.Length == 0 && text.Length == 0)
                throw new InvalidDataException($"{path}:{number}: both title and text are empty");
            yield return new LabelledExample(id, title, text, label ?? "");
        }
    }

    private static string? Read(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) ? value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            _ => null,
        } : null;
}
