using Microsoft.Extensions.Logging;
using NewsWatch.Classification;
using NewsWatch.Incidents;
using NewsWatch.Storage;

namespace NewsWatch.Review;

/// <summary>A review action that cannot be taken; the message says why, and nothing was changed.</summary>
internal sealed class ReviewException(string message) : Exception(message);

/// <summary>
/// What maintainers do with incidents: confirm, reject, merge, split a report off, move a report. Each action checks its
/// inputs first, changes the incident and writes its audit entry in one transaction, and is final: the grouper only ever adds
/// new reports, so it never undoes a merge, a split or a move.
/// </summary>
internal sealed class ReviewQueue(ReviewStore store, TimeProvider time, ILogger<ReviewQueue> logger)
{
    public static readonly IReadOnlyList<string> FactKinds = ["event_date", "place", "people", "rank", "unit", "casualties", "route", "name"];

    /// <summary>Confirms the incident, optionally correcting its category and adding facts; confirming again acknowledges new reports.</summary>
    public async Task ConfirmAsync(long incidentId, string user, string? reason, string? category, IReadOnlyList<(string Kind, string Value)> facts, CancellationToken cancellationToken)
    {
        if (category is not null && (!Labels.IsKnown(category) || category == Labels.NotRelevant))
            throw new ReviewException($"--category '{category}' is not an incident category; use one of {string.Join(", ", Labels.All.Where(l => l != Labels.NotRelevant))} (or reject the incident)");
        foreach (var (kind, value) in facts)
        {
            if (!FactKinds.Contains(kind))
                throw new ReviewException($"--fact '{kind}={value}': '{kind}' is not a fact kind; use one of {string.Join(", ", FactKinds)}");
            if (string.IsNullOrWhiteSpace(value))
                throw new ReviewException($"--fact '{kind}=': the value is empty");
        }

        await using var transaction = await store.BeginAsync(cancellationToken);
        var before = await RequireOpenAsync(transaction, incidentId);
        var now = time.GetUtcNow();
        await transaction.DecideAsync(incidentId, "confirmed", category, user, reason, now);
        foreach (var (kind, value) in facts)
            await transaction.SetFactAsync(incidentId, kind, value.Trim(), user, now);
        var after = await transaction.FindIncidentAsync(incidentId);
        await transaction.AuditAsync(user, "confirm", incidentId, null, reason, Snapshot(before), new { snapshot = Snapshot(after!), facts = facts.Select(f => $"{f.Kind}={f.Value}") }, now);
        await transaction.CommitAsync(cancellationToken);
        logger.LogInformation("Incident {IncidentId} confirmed by {User}", incidentId, user);
    }

    public async Task RejectAsync(long incidentId, string user, string? reason, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(reason))
            throw new ReviewException("--reason is required to reject an incident (it is kept in the audit log and teaches the classifier)");
        await using var transaction = await store.BeginAsync(cancellationToken);
        var before = await RequireOpenAsync(transaction, incidentId);
        var now = time.GetUtcNow();
        await transaction.DecideAsync(incidentId, "rejected", null, user, reason, now);
        await transaction.AuditAsync(user, "reject", incidentId, null, reason, Snapshot(before), Snapshot((await transaction.FindIncidentAsync(incidentId))!), now);
        await transaction.CommitAsync(cancellationToken);
        logger.LogInformation("Incident {IncidentId} rejected by {User}", incidentId, user);
    }

    /// <summary>Moves every report of <paramref name="incidentId"/> into <paramref name="targetId"/>, which keeps its own status.</summary>
    public async Task MergeAsync(long incidentId, long targetId, string user, string? reason, CancellationToken cancellationToken)
    {
        if (incidentId == targetId)
            throw new ReviewException($"cannot merge incident {incidentId} into itself");
        await using var transaction = await store.BeginAsync(cancellationToken);
        var source = await RequireOpenAsync(transaction, incidentId);
        var target = await RequireOpenAsync(transaction, targetId);
        var now = time.GetUtcNow();
        await transaction.MoveReportsAsync(incidentId, targetId, null, user, now);
        await transaction.MarkMergedAsync(incidentId, targetId, user, reason, now);
        await transaction.AuditAsync(user, "merge", targetId, null, reason,
            new { source = Snapshot(source), target = Snapshot(target) },
            new { source = Snapshot((await transaction.FindIncidentAsync(incidentId))!), target = Snapshot((await transaction.FindIncidentAsync(targetId))!) }, now);
        await transaction.CommitAsync(cancellationToken);
        logger.LogInformation("Incident {IncidentId} merged into {TargetId} by {User}", incidentId, targetId, user);
    }

    /// <summary>Takes one report out of its incident into a new pending incident of its own. Returns the new incident's id.</summary>
    public async Task<long> SplitAsync(long articleId, string user, string? reason, CancellationToken cancellationToken)
    {
        await using var transaction = await store.BeginAsync(cancellationToken);
        var fromId = await transaction.FindIncidentOfReportAsync(articleId)
            ?? throw new ReviewException($"report {articleId} is not in any incident");
        var from = await RequireOpenAsync(transaction, fromId);
        if (from.ReportCount < 2)
            throw new ReviewException($"report {articleId} is the only report of incident {fromId}; there is nothing to split it from");
        var now = time.GetUtcNow();
        var newId = await transaction.OpenForReportAsync(articleId, from.Category, user, now);
        await transaction.MoveReportsAsync(fromId, newId, articleId, user, now);
        await transaction.SetRelationAsync(articleId, Relations.First);
        await transaction.AuditAsync(user, "split", fromId, articleId, reason,
            Snapshot(from), new { source = Snapshot((await transaction.FindIncidentAsync(fromId))!), created = Snapshot((await transaction.FindIncidentAsync(newId))!) }, now);
        await transaction.CommitAsync(cancellationToken);
        logger.LogInformation("Report {ArticleId} split from incident {IncidentId} into {NewIncidentId} by {User}", articleId, fromId, newId, user);
        return newId;
    }

    /// <summary>Moves one report to another incident. An incident left without reports is marked merged into the target.</summary>
    public async Task MoveAsync(long articleId, long targetId, string user, string? reason, CancellationToken cancellationToken)
    {
        await using var transaction = await store.BeginAsync(cancellationToken);
        var fromId = await transaction.FindIncidentOfReportAsync(articleId)
            ?? throw new ReviewException($"report {articleId} is not in any incident");
        if (fromId == targetId)
            throw new ReviewException($"report {articleId} is already in incident {targetId}");
        var from = await RequireOpenAsync(transaction, fromId);
        var target = await RequireOpenAsync(transaction, targetId);
        var now = time.GetUtcNow();
        await transaction.MoveReportsAsync(fromId, targetId, articleId, user, now);
        await transaction.SetRelationAsync(articleId, Relations.Update);
        if (from.ReportCount == 1)
            await transaction.MarkMergedAsync(fromId, targetId, user, reason, now);
        await transaction.AuditAsync(user, "move", targetId, articleId, reason,
            new { source = Snapshot(from), target = Snapshot(target) },
            new { source = Snapshot((await transaction.FindIncidentAsync(fromId))!), target = Snapshot((await transaction.FindIncidentAsync(targetId))!) }, now);
        await transaction.CommitAsync(cancellationToken);
        logger.LogInformation("Report {ArticleId} moved from incident {IncidentId} to {TargetId} by {User}", articleId, fromId, targetId, user);
    }

    private static async Task<IncidentSummary> RequireOpenAsync(ReviewStore.ReviewTransaction transaction, long incidentId)
    {
        var incident = await transaction.FindIncidentAsync(incidentId) ?? throw new ReviewException($"incident {incidentId} does not exist");
        if (incident.Status == "merged")
            throw new ReviewException($"incident {incidentId} was merged into incident {incident.MergedInto}; act on that one");
        return incident;
    }

    private static object Snapshot(IncidentSummary i) => new
    {
        i.Id, i.Status, i.Category, i.Title, i.ReportCount, i.ReportsSinceDecision, i.MergedInto, i.DecidedBy,
    };
}
