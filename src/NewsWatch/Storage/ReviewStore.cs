using System.Data.Common;
using System.Text.Json;
using Dapper;

namespace NewsWatch.Storage;

/// <summary>A report of an incident a reviewer has decided on, with the decision.</summary>
internal sealed class ReviewedReport
{
    public long ArticleId { get; init; }
    public string Title { get; init; } = "";
    public string Text { get; init; } = "";
    public string Status { get; init; } = "";
    public string Category { get; init; } = "";
}

/// <summary>The SQL of human decisions on incidents; each decision and its audit entry commit together.</summary>
internal sealed class ReviewStore(Database database)
{
    /// <summary>An open transaction for one decision.</summary>
    public async Task<ReviewTransaction> BeginAsync(CancellationToken cancellationToken = default)
    {
        var connection = await database.OpenAsync(cancellationToken);
        return new ReviewTransaction(connection, await connection.BeginTransactionAsync(cancellationToken));
    }

    public async Task<IReadOnlyList<AuditEntry>> ListAuditAsync(long? incidentId, int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<AuditEntry>("""
            SELECT id, at, user_name, action, incident_id, article_id, reason, before, after FROM audit_log
            WHERE @incidentId IS NULL OR incident_id = @incidentId
               OR (action IN @rearrangements AND (before LIKE @mention OR after LIKE @mention))
            ORDER BY id DESC
            LIMIT @limit
            """, new { incidentId, limit, mention = $"%\"id\":{incidentId},%", rearrangements = AuditActions.Rearrangements })).AsList();
    }

    /// <summary>Every report of a confirmed or rejected incident, with the incident's status and category.</summary>
    public async Task<IReadOnlyList<ReviewedReport>> ListReviewedReportsAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<ReviewedReport>("""
            SELECT a.id AS article_id,
                   COALESCE(NULLIF(p.title, ''), a.title) AS title,
                   COALESCE(NULLIF(p.text, ''), a.summary) AS text,
                   i.status, i.category
            FROM incident_reports r
            JOIN incidents i ON i.id = r.incident_id
            JOIN articles a ON a.id = r.article_id
            LEFT JOIN article_pages p ON p.article_id = a.id
            WHERE i.status IN (@confirmed, @rejected)
            ORDER BY a.id
            """, new { confirmed = IncidentStatuses.Confirmed, rejected = IncidentStatuses.Rejected })).AsList();
    }

    internal sealed class ReviewTransaction(DbConnection connection, DbTransaction transaction) : IAsyncDisposable
    {
        public Task<IncidentSummary?> FindIncidentAsync(long id) =>
            connection.QuerySingleOrDefaultAsync<IncidentSummary>($"SELECT {IncidentStore.SummaryColumns} FROM incidents WHERE id = @id", new { id }, transaction);

        /// <summary>The article with this id, else the one with this external report id (what replayed archives and facts cite).</summary>
        public Task<long?> FindReportAsync(string report) =>
            connection.ExecuteScalarAsync<long?>("""
                SELECT id FROM articles
                WHERE (@number IS NOT NULL AND id = @number) OR external_id = @report
                ORDER BY CASE WHEN id = @number THEN 0 ELSE 1 END
                LIMIT 1
                """, new { report, number = long.TryParse(report, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : (long?)null }, transaction);

        public Task<long?> FindIncidentOfReportAsync(long articleId) =>
            connection.ExecuteScalarAsync<long?>("SELECT incident_id FROM incident_reports WHERE article_id = @articleId", new { articleId }, transaction);

        public Task DecideAsync(long id, string status, string? category, string user, string? reason, DateTimeOffset now) =>
            connection.ExecuteAsync("""
                UPDATE incidents SET status = @status, category = COALESCE(@category, category), decided_by = @user, decided_at = @now,
                                     decision_reason = @reason, reports_since_decision = 0, updated_at = @now
                WHERE id = @id
                """, new { id, status, category, user, reason, now }, transaction);

        public Task SetFactAsync(long incidentId, string kind, string value, string user, DateTimeOffset now) =>
            connection.ExecuteAsync("""
                INSERT INTO incident_facts (incident_id, kind, value, article_id, set_by, recorded_at)
                VALUES (@incidentId, @kind, @value, NULL, @user, @now)
                ON CONFLICT (incident_id, kind, value) DO UPDATE SET set_by = excluded.set_by, recorded_at = excluded.recorded_at, article_id = NULL
                """, new { incidentId, kind, value, user, now }, transaction);

        /// <summary>Moves reports (all of an incident's, or one) with their facts and match keys; the reviewer becomes their placer.</summary>
        public async Task MoveReportsAsync(long fromIncident, long toIncident, long? articleId, string user, DateTimeOffset now)
        {
            await connection.ExecuteAsync("""
                UPDATE incident_reports SET incident_id = @toIncident, placed_by = @user
                WHERE incident_id = @fromIncident AND (@articleId IS NULL OR article_id = @articleId);
                UPDATE incident_keys SET incident_id = @toIncident
                WHERE incident_id = @fromIncident AND (@articleId IS NULL OR article_id = @articleId);
                INSERT INTO incident_facts (incident_id, kind, value, article_id, set_by, recorded_at)
                SELECT @toIncident, kind, value, article_id, set_by, recorded_at FROM incident_facts
                WHERE incident_id = @fromIncident AND (@articleId IS NULL OR article_id = @articleId OR article_id IS NULL AND @articleId IS NULL)
                ON CONFLICT (incident_id, kind, value) DO NOTHING;
                DELETE FROM incident_facts WHERE incident_id = @fromIncident AND (@articleId IS NULL OR article_id = @articleId);
                UPDATE incidents SET reports_since_decision = reports_since_decision
                    + CASE WHEN status IN (@confirmed, @rejected) THEN (SELECT COUNT(*) FROM incident_reports WHERE incident_id = @toIncident)
                                                                     - report_count ELSE 0 END
                WHERE id = @toIncident;
                """, new { fromIncident, toIncident, articleId, user, now, confirmed = IncidentStatuses.Confirmed, rejected = IncidentStatuses.Rejected }, transaction);
            await RefreshAsync(fromIncident, now);
            await RefreshAsync(toIncident, now);
        }

        public async Task<long> OpenForReportAsync(long articleId, string category, string user, DateTimeOffset now)
        {
            var incidentId = await connection.ExecuteScalarAsync<long>("""
                INSERT INTO incidents (status, category, title, event_from, event_to, first_report_at, last_report_at, report_count, created_at, updated_at)
                SELECT @pending, @category, a.title, r.event_from, r.event_to, a.published_at, a.published_at, 0, @now, @now
                FROM incident_reports r JOIN articles a ON a.id = r.article_id
                WHERE r.article_id = @articleId
                RETURNING id
                """, new { articleId, category, now, pending = IncidentStatuses.Pending }, transaction);
            return incidentId;
        }

        public Task MarkMergedAsync(long id, long into, string user, string? reason, DateTimeOffset now) =>
            connection.ExecuteAsync("""
                UPDATE incidents SET status = @merged, merged_into = @into, decided_by = @user, decided_at = @now, decision_reason = @reason, updated_at = @now
                WHERE id = @id
                """, new { id, into, user, reason, now, merged = IncidentStatuses.Merged }, transaction);

        public Task SetRelationAsync(long articleId, string relation) =>
            connection.ExecuteAsync("UPDATE incident_reports SET relation = @relation WHERE article_id = @articleId", new { articleId, relation }, transaction);

        public Task AuditAsync(string user, string action, long? incidentId, long? articleId, string? reason, object? before, object? after, DateTimeOffset now) =>
            connection.ExecuteAsync("""
                INSERT INTO audit_log (at, user_name, action, incident_id, article_id, reason, before, after)
                VALUES (@now, @user, @action, @incidentId, @articleId, @reason, @before, @after)
                """,
                new
                {
                    now, user, action, incidentId, articleId, reason,
                    before = before is null ? null : JsonSerializer.Serialize(before, AuditJson),
                    after = after is null ? null : JsonSerializer.Serialize(after, AuditJson),
                }, transaction);

        public Task CommitAsync(CancellationToken cancellationToken) => transaction.CommitAsync(cancellationToken);

        public async ValueTask DisposeAsync()
        {
            await transaction.DisposeAsync();
            await connection.DisposeAsync();
        }

        /// <summary>Counts and report dates follow the reports an incident holds.</summary>
        private Task RefreshAsync(long id, DateTimeOffset now) =>
            connection.ExecuteAsync("""
                UPDATE incidents SET
                    report_count = (SELECT COUNT(*) FROM incident_reports WHERE incident_id = @id),
                    first_report_at = COALESCE((SELECT MIN(a.published_at) FROM incident_reports r JOIN articles a ON a.id = r.article_id WHERE r.incident_id = @id), first_report_at),
                    last_report_at = COALESCE((SELECT MAX(a.published_at) FROM incident_reports r JOIN articles a ON a.id = r.article_id WHERE r.incident_id = @id), last_report_at),
                    updated_at = @now
                WHERE id = @id
                """, new { id, now }, transaction);

        private static readonly JsonSerializerOptions AuditJson = new(JsonSerializerDefaults.Web);
    }
}
