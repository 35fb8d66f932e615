using System.Text.Json;

namespace NewsWatch.Text;

/// <summary>Report files in JSON Lines: one object a line; a bad line is reported with its file and number, never skipped.</summary>
internal static class JsonLines
{
    /// <summary>Each non-blank line's object, with its line number.</summary>
    public static IEnumerable<(int Number, JsonElement Line)> Read(string path)
    {
        var number = 0;
        foreach (var text in File.ReadLines(path))
        {
            number++;
            if (string.IsNullOrWhiteSpace(text))
                continue;
            JsonElement root;
            try
            {
                root = JsonDocument.Parse(text).RootElement;
            }
            catch (JsonException ex)
            {
                throw new InvalidDataException($"{path}:{number}: not valid JSON: {ex.Message}");
            }

            if (root.ValueKind != JsonValueKind.Object)
                throw new InvalidDataException($"{path}:{number}: expected a JSON object");
            yield return (number, root);
        }
    }

    /// <summary>A string or number property as text; null when absent, null or of another kind.</summary>
    public static string? String(JsonElement line, string name) =>
        line.TryGetProperty(name, out var value) ? value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            _ => null,
        } : null;
}
