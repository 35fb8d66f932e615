using System.Globalization;
using System.Text.Json;
using NewsWatch.Storage;

namespace NewsWatch.Review;

/// <summary>
/// One audit entry as a door shows it: the stored before/after snapshots as JSON objects (not strings), and
/// <see cref="Changes"/>, what the action changed in words ("status: pending → confirmed; +fact people=2").
/// </summary>
internal sealed record AuditDocument(
    long Id, DateTimeOffset At, string UserName, string Action, long? IncidentId, long? ArticleId, string? Reason,
    JsonElement? Before, JsonElement? After, string Changes)
{
    public static AuditDocument From(AuditEntry entry)
    {
        var before = Parse(entry.Before);
        var after = Parse(entry.After);
        return new AuditDocument(entry.Id, entry.At, entry.UserName, entry.Action, entry.IncidentId, entry.ArticleId, entry.Reason, before, after, Describe(before, after));
    }

    /// <summary>
    /// The fields that differ between the incident snapshots before and after, matched by incident id; an incident only in
    /// <c>after</c> was created by the action, and added facts are listed. Incidents are named when the action touched several.
    /// </summary>
    public static string Describe(JsonElement? before, JsonElement? after)
    {
        var was = new Dictionary<long, JsonElement>();
        var now = new Dictionary<long, JsonElement>();
        var facts = new List<string>();
        if (before is { } b)
            CollectSnapshots(b, was, null);
        if (after is { } a)
            CollectSnapshots(a, now, facts);

        var named = now.Count > 1;
        var changes = new List<string>();
        foreach (var (id, snapshot) in now)
        {
            var prefix = named ? string.Create(CultureInfo.InvariantCulture, $"incident {id} ") : "";
            if (!was.TryGetValue(id, out var old))
            {
                changes.Add(string.Create(CultureInfo.InvariantCulture, $"+incident {id} ({Value(snapshot, "status")}, {Value(snapshot, "reportCount")} reports)"));
                continue;
            }

            foreach (var property in snapshot.EnumerateObject())
            {
                if (property.NameEquals("id"))
                    continue;
                var previous = old.TryGetProperty(property.Name, out var p) ? Format(p) : "";
                var current = Format(property.Value);
                if (previous != current)
                    changes.Add($"{prefix}{property.Name}: {Blank(previous)} → {Blank(current)}");
            }
        }

        changes.AddRange(facts.Select(f => "+fact " + f));
        return changes.Count == 0 ? "no change" : string.Join("; ", changes);
    }

    private static JsonElement? Parse(string? json)
    {
        if (string.IsNullOrEmpty(json))
            return null;
        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            // An entry written by hand or by an old version: shown as the text it is.
            return JsonSerializer.SerializeToElement(json);
        }
    }

    /// <summary>An incident snapshot is an object with an id and a status; the shapes around it differ by action (source/target, snapshot/facts).</summary>
    private static void CollectSnapshots(JsonElement element, Dictionary<long, JsonElement> snapshots, List<string>? facts)
    {
        if (element.ValueKind != JsonValueKind.Object)
            return;
        if (element.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.Number && element.TryGetProperty("status", out _))
        {
            snapshots[id.GetInt64()] = element;
            return;
        }

        foreach (var property in element.EnumerateObject())
        {
            if (property.NameEquals("facts") && property.Value.ValueKind == JsonValueKind.Array)
                facts?.AddRange(property.Value.EnumerateArray().Select(Format));
            else
                CollectSnapshots(property.Value, snapshots, facts);
        }
    }

    private static string Value(JsonElement snapshot, string name) => snapshot.TryGetProperty(name, out var value) ? Format(value) : "?";

    private static string Format(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString() ?? "",
        JsonValueKind.Null or JsonValueKind.Undefined => "",
        _ => value.GetRawText(),
    };

    private static string Blank(string value) => value.Length == 0 ? "(none)" : value;
}
