namespace NewsWatch.Storage;

/// <summary>One row of the review queue.</summary>
internal sealed class IncidentSummary
{
    public long Id { get; init; }
    public string Status { get; init; } = "";
    public string Category { get; init; } = "";
    public string Title { get; init; } = "";
    public string EventFrom { get; init; } = "";
    public string EventTo { get; init; } = "";
    public int ReportCount { get; init; }
    public int ReportsSinceDecision { get; init; }
    public DateTimeOffset FirstReportAt { get; init; }
    public DateTimeOffset LastReportAt { get; init; }
    public long? MergedInto { get; init; }
    public string? DecidedBy { get; init; }
    public DateTimeOffset? DecidedAt { get; init; }
    public string? DecisionReason { get; init; }
}

internal sealed class IncidentReportRow
{
    public long IncidentId { get; init; }
    public long ArticleId { get; init; }
    public string? ExternalId { get; init; }
    public string? Url { get; init; }
    public string Outlet { get; init; } = "";
    public DateTimeOffset PublishedAt { get; init; }
    public string PublishedPrecision { get; init; } = "day";
    public string Title { get; init; } = "";
    public string Relation { get; init; } = "";
    public string PlacedBy { get; init; } = "";
    public double? Score { get; init; }
}

internal sealed class IncidentFactRow
{
    public long IncidentId { get; init; }
    public string Kind { get; init; } = "";
    public string Value { get; init; } = "";
    public long? ArticleId { get; init; }
    public string SetBy { get; init; } = "";
    public DateTimeOffset RecordedAt { get; init; }
}

/// <summary>An incident with everything a reviewer needs to decide on it.</summary>
internal sealed record IncidentDetail(IncidentSummary Incident, IReadOnlyList<IncidentReportRow> Reports, IReadOnlyList<IncidentFactRow> Facts);

internal sealed class AuditEntry
{
    public long Id { get; init; }
    public DateTimeOffset At { get; init; }
    public string UserName { get; init; } = "";
    public string Action { get; init; } = "";
    public long? IncidentId { get; init; }
    public long? ArticleId { get; init; }
    public string? Reason { get; init; }
    public string? Before { get; init; }
    public string? After { get; init; }
}
