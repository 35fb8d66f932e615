using Microsoft.Extensions.Logging;
using NewsWatch.Classification;
using NewsWatch.Storage;

namespace NewsWatch.Review;

/// <summary>The inputs of a review action, named so that each door (a CLI flag, a form field) can point at the one at fault.</summary>
internal enum ReviewField
{
    Category,
    Fact,
    Reason,
    Report,
}

/// <summary>
/// A review action that cannot be taken, and nothing was changed. <see cref="Field"/> names the input at fault, and then the
/// message is written to follow the input's name ("'x' is not an incident category..."); when it is null, the incident or report
/// named is what the action cannot be taken on, and the message stands alone.
/// </summary>
internal sealed class ReviewException(ReviewField? field, string message) : Exception(message)
{
    public ReviewException(string message)
        : this(null, message)
    {
    }

    public ReviewField? Field { get; } = field;
}

/// <summary>
/// What maintainers do with incidents: confirm, reject, merge, split a report off, move a report. Each action checks its
/// inputs first, changes the incident and writes its audit entry in one transaction, and is final: the grouper only ever adds
/// new reports, so it never undoes a merge, a split or a move.
/// </summary>
internal sealed class ReviewQueue(ReviewStore store, IncidentStore incidents, TimeProvider time, ILogger<ReviewQueue> logger)
{
    /// <summary>Incidents with the given status (all but merged ones when null), most recently reported first.</summary>
    public Task<IReadOnlyList<IncidentSummary>> ListAsync(string? status, int limit, CancellationToken cancellationToken) =>
        incidents.ListAsync(status, limit, cancellationToken);

    /// <summary>One incident with its facts and reports; null when there is no such incident.</summary>
    public async Task<IncidentDocument?> FindAsync(long incidentId, CancellationToken cancellationToken) =>
        await incidents.FindAsync(incidentId, cancellationToken) is { } detail ? IncidentDocument.From(detail) : null;

    /// <summary>Every incident with the given status (all but merged ones when null), oldest first, with its reports and facts.</summary>
    public Task<IReadOnlyList<IncidentDetail>> ExportAsync(string? status, CancellationToken cancellationToken) =>
        incidents.ExportAsync(status, cancellationToken);

    /// <summary>Review actions, newest first; for one incident, those that moved reports into or out of it as well.</summary>
    public async Task<IReadOnlyList<AuditDocument>> AuditAsync(long? incidentId, int limit, CancellationToken cancellationToken) =>
        (await store.ListAuditAsync(incidentId, limit, cancellationToken)).Select(AuditDocument.From).ToList();

    /// <summary>Confirms the incident, optionally correcting its category and adding facts; confirming again acknowledges new reports.</summary>
    public async Task ConfirmAsync(long incidentId, string user, string? reason, string? category, IReadOnlyList<(string Kind, string Value)> facts, CancellationToken cancellationToken)
    {
        if (category is not null && (!Labels.IsKnown(category) || category == Labels.NotRelevant))
            throw new ReviewException(ReviewField.Category, $"'{category}' is not an incident category; use one of {string.Join(", ", Labels.All.Where(l => l != Labels.NotRelevant))} (or reject the incident)");
        foreach (var (kind, value) in facts)
        {
            if (!FactKinds.Reviewable.Contains(kind))
                throw new ReviewException(ReviewField.Fact, $"'{kind}={value}': '{kind}' is not a fact kind; use one of {string.Join(", ", FactKinds.Reviewable)}");
            if (string.IsNullOrWhiteSpace(value))
                throw new ReviewException(ReviewField.Fact, $"'{kind}=': the value is empty");
        }

        await using var transaction = await store.BeginAsync(cancellationToken);
        var before = await RequireOpenAsync(transaction, incidentId);
        var now = time.GetUtcNow();
        await transaction.DecideAsync(incidentId, IncidentStatuses.Confirmed, category, user, reason, now);
        foreach (var (kind, value) in facts)
            await transaction.SetFactAsync(incidentId, kind, value.Trim(), user, now);
        var after = await transaction.FindIncidentAsync(incidentId);
        await transaction.AuditAsync(user, AuditActions.Confirm, incidentId, null, reason, Snapshot(before), new { snapshot = Snapshot(after!), facts = facts.Select(f => $"{f.Kind}={f.Value}") }, now);
        await transaction.CommitAsync(cancellationToken);
        logger.LogInformation("Incident {IncidentId} confirmed by {User}", incidentId, user);
    }

    public async Task RejectAsync(long incidentId, string user, string? reason, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(reason))
            throw new ReviewException(ReviewField.Reason, "is required to reject an incident (it is kept in the audit log and teaches the classifier)");
        await using var transaction = await store.BeginAsync(cancellationToken);
        var before = await RequireOpenAsync(transaction, incidentId);
        var now = time.GetUtcNow();
        await transaction.DecideAsync(incidentId, IncidentStatuses.Rejected, null, user, reason, now);
        await transaction.AuditAsync(user, AuditActions.Reject, incidentId, null, reason, Snapshot(before), Snapshot((await transaction.FindIncidentAsync(incidentId))!), now);
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
        await transaction.AuditAsync(user, AuditActions.Merge, targetId, null, reason,
            new { source = Snapshot(source), target = Snapshot(target) },
            new { source = Snapshot((await transaction.FindIncidentAsync(incidentId))!), target = Snapshot((await transaction.FindIncidentAsync(targetId))!) }, now);
        await transaction.CommitAsync(cancellationToken);
        logger.LogInformation("Incident {IncidentId} merged into {TargetId} by {User}", incidentId, targetId, user);
    }

    /// <summary>Takes one report (article id or external id) out of its incident into a new pending incident of its own. Returns the new incident's id.</summary>
    public async Task<long> SplitAsync(string report, string user, string? reason, CancellationToken cancellationToken)
    {
        await using var transaction = await store.BeginAsync(cancellationToken);
        var articleId = await RequireReportAsync(transaction, report);
        var fromId = await transaction.FindIncidentOfReportAsync(articleId)
            ?? throw new ReviewException($"report {articleId} is not in any incident");
        var from = await RequireOpenAsync(transaction, fromId);
        if (from.ReportCount < 2)
            throw new ReviewException($"report {articleId} is the only report of incident {fromId}; there is nothing to split it from");
        var now = time.GetUtcNow();
        var newId = await transaction.OpenForReportAsync(articleId, from.Category, user, now);
        await transaction.MoveReportsAsync(fromId, newId, articleId, user, now);
        await transaction.SetRelationAsync(articleId, Relations.First);
        await transaction.AuditAsync(user, AuditActions.Split, fromId, articleId, reason,
            Snapshot(from), new { source = Snapshot((await transaction.FindIncidentAsync(fromId))!), created = Snapshot((await transaction.FindIncidentAsync(newId))!) }, now);
        await transaction.CommitAsync(cancellationToken);
        logger.LogInformation("Report {ArticleId} split from incident {IncidentId} into {NewIncidentId} by {User}", articleId, fromId, newId, user);
        return newId;
    }

    /// <summary>Moves one report (article id or external id) to another incident. An incident left without reports is marked merged into the target.</summary>
    public async Task MoveAsync(string report, long targetId, string user, string? reason, CancellationToken cancellationToken)
    {
        await using var transaction = await store.BeginAsync(cancellationToken);
        var articleId = await RequireReportAsync(transaction, report);
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
        await transaction.AuditAsync(user, AuditActions.Move, targetId, articleId, reason,
            new { source = Snapshot(from), target = Snapshot(target) },
            new { source = Snapshot((await transaction.FindIncidentAsync(fromId))!), target = Snapshot((await transaction.FindIncidentAsync(targetId))!) }, now);
        await transaction.CommitAsync(cancellationToken);
        logger.LogInformation("Report {ArticleId} moved from incident {IncidentId} to {TargetId} by {User}", articleId, fromId, targetId, user);
    }

    /// <summary>A report named by its article id or by its external report id (as <c>incident show</c> lists both).</summary>
    private static async Task<long> RequireReportAsync(ReviewStore.ReviewTransaction transaction, string report) =>
        await transaction.FindReportAsync(report.Trim())
        ?? throw new ReviewException(ReviewField.Report, $"'{report}' is neither the article id nor the external id of a stored report");

    private static async Task<IncidentSummary> RequireOpenAsync(ReviewStore.ReviewTransaction transaction, long incidentId)
    {
        var incident = await transaction.FindIncidentAsync(incidentId) ?? throw new ReviewException($"incident {incidentId} does not exist");
        if (incident.Status == IncidentStatuses.Merged)
            throw new ReviewException($"incident {incidentId} was merged into incident {incident.MergedInto}; act on that one");
        return incident;
    }

    private static object Snapshot(IncidentSummary i) => new
    {
        i.Id, i.Status, i.Category, i.Title, i.ReportCount, i.ReportsSinceDecision, i.MergedInto, i.DecidedBy,
    };
}
