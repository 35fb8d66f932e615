using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace NewsWatch.Cli;

/// <summary>How verbs print: JSON for scripts, aligned columns for people.</summary>
internal static class Output
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public static void WriteJson<T>(T value) => Console.Out.WriteLine(JsonSerializer.Serialize(value, Json));

    public static void WriteTable(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string?>> rows, int maxColumnWidth = 60)
    {
        var cells = rows.Select(r => r.Select(c => Clip(c ?? "", maxColumnWidth)).ToArray()).ToList();
        var widths = headers.Select((h, i) => Math.Max(h.Length, cells.Count == 0 ? 0 : cells.Max(r => r[i].Length))).ToArray();
        var builder = new StringBuilder();
        AppendRow(builder, headers, widths);
        AppendRow(builder, widths.Select(w => new string('-', w)).ToArray(), widths);
        foreach (var row in cells)
            AppendRow(builder, row, widths);
        Console.Out.Write(builder.ToString());
    }

    public static string Instant(DateTimeOffset? value) => value?.UtcDateTime.ToString("yyyy-MM-dd HH:mm'Z'", System.Globalization.CultureInfo.InvariantCulture) ?? "";

    private static void AppendRow(StringBuilder builder, IReadOnlyList<string> row, int[] widths)
    {
        for (var i = 0; i < row.Count; i++)
        {
            if (i > 0)
                builder.Append("  ");
            builder.Append(i == row.Count - 1 ? row[i] : row[i].PadRight(widths[i]));
        }

        builder.AppendLine();
    }

    private static string Clip(string value, int max)
    {
        value = value.ReplaceLineEndings(" ");
        return value.Length <= max ? value : string.Concat(value.AsSpan(0, max - 1), "…");
    }
}
