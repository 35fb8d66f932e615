using System.Globalization;
using System.Text.Json;
using Dapper;
using System.Data.Common;

namespace NewsWatch.Storage;

/// <summary>A classified article waiting for the grouping stage.</summary>
internal sealed class ClassifiedArticle
{
    public long ArticleId { get; init; }
    public string Title { get; init; } = "";
    public string Text { get; init; } = "";
    public DateTimeOffset PublishedAt { get; init; }
    public string PublishedPrecision { get; init; } = PublishedPrecisions.Day;
    public string Label { get; init; } = "";
    public bool Candidate { get; init; }
}

/// <summary>What the grouper writes for one report: where it goes, how it stands to the others, and what it brings.</summary>
/// <param name="Profile">The report's profile as the grouper serialised it; stored for comparing later reports with it.</param>
internal sealed record ReportPlacement(
    long ArticleId, string Title, string Category, DateTimeOffset Published, DateOnly EventFrom, DateOnly EventTo,
    string Relation, double? Score, string Profile, IReadOnlyList<(string Kind, string Value)> Facts);

/// <summary>An incident as grouping reads it, with its latest reports.</summary>
internal sealed record StoredIncident(
    long Id, string Status, string Category, DateOnly EventFrom, DateOnly EventTo, DateTimeOffset FirstReportAt, DateTimeOffset LastReportAt,
    IReadOnlyList<StoredReport> Reports);

internal sealed record StoredReport(long ArticleId, DateOnly EventFrom, DateOnly EventTo, DateTimeOffset Published, string Profile);

/// <summary>Incidents and their reports, facts and match keys: what the grouper reads and writes.</summary>
internal sealed class IncidentStore(Database database)
{
    /// <summary>
    /// One unit of grouping work: a connection and transaction that sees its own earlier placements. The transaction takes the
    /// database's write lock at once (SQLite's BEGIN IMMEDIATE), so groupers in several processes take turns, one batch at a time.
    /// </summary>
    public async Task<GroupingBatch> BeginBatchAsync(CancellationToken cancellationToken = default)
    {
        var connection = await database.OpenAsync(cancellationToken);
        // The key index is read for every report: give it room in memory, and sort candidates in memory.
        await connection.ExecuteAsync("PRAGMA cache_size = -65536; PRAGMA temp_store = MEMORY;");
        var transaction = await connection.BeginTransactionAsync(cancellationToken);
        return new GroupingBatch(connection, transaction);
    }

    /// <summary>Classified articles not yet through grouping, in published order; those whose last try failed wait until their retry time.</summary>
    public async Task<IReadOnlyList<ClassifiedArticle>> ListReadyAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<ClassifiedArticle>("""
            SELECT a.id AS article_id,
                   COALESCE(NULLIF(p.title, ''), a.title) AS title,
                   COALESCE(NULLIF(p.text, ''), a.summary) AS text,
                   a.published_at, a.published_precision, c.label, c.candidate
            FROM articles a
            JOIN article_classifications c ON c.article_id = a.id
            LEFT JOIN article_pages p ON p.article_id = a.id
            WHERE a.stage = @classified AND (a.retry_stage_after IS NULL OR a.retry_stage_after <= @now)
            ORDER BY a.published_at, a.id
            LIMIT @limit
            """, new { now, limit, classified = ArticleStages.Classified })).AsList();
    }

    /// <summary>The columns of <see cref="IncidentSummary"/>, for every query that reads one.</summary>
    public const string SummaryColumns = """
        id, status, category, title, event_from, event_to, report_count, reports_since_decision, first_report_at, last_report_at,
        merged_into, decided_by, decided_at, decision_reason
        """;

    /// <summary>The queue: incidents with the given status (all but merged ones when null), most recently reported first.</summary>
    public async Task<IReadOnlyList<IncidentSummary>> ListAsync(string? status, int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<IncidentSummary>($"""
            SELECT {SummaryColumns} FROM incidents
            WHERE (@status IS NULL AND status <> @merged) OR status = @status
            ORDER BY last_report_at DESC, id DESC
            LIMIT @limit
            """, new { status, limit, merged = IncidentStatuses.Merged })).AsList();
    }

    public async Task<long> CountAsync(string status, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM incidents WHERE status = @status", new { status });
    }

    public async Task<IncidentDetail?> FindAsync(long id, CancellationToken cancellationToken = default) =>
        (await ReadDetailsAsync("WHERE id = @id", new { id }, cancellationToken)).FirstOrDefault();

    /// <summary>Every incident with the given status (all but merged ones when null), oldest first, with reports and facts.</summary>
    public Task<IReadOnlyList<IncidentDetail>> ExportAsync(string? status, CancellationToken cancellationToken = default) =>
        ReadDetailsAsync("WHERE (@status IS NULL AND status <> @merged) OR status = @status", new { status, merged = IncidentStatuses.Merged }, cancellationToken);

    private async Task<IReadOnlyList<IncidentDetail>> ReadDetailsAsync(string where, object parameters, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var incidents = (await connection.QueryAsync<IncidentSummary>($"SELECT {SummaryColumns} FROM incidents {where} ORDER BY first_report_at, id", parameters)).AsList();
        var reports = (await connection.QueryAsync<IncidentReportRow>($"""
            SELECT r.incident_id, r.article_id, a.external_id, a.url, COALESCE(a.outlet, s.name) AS outlet, a.published_at, a.published_precision,
                   a.title, r.relation, r.placed_by, r.score
            FROM incident_reports r
            JOIN articles a ON a.id = r.article_id
            JOIN sources s ON s.id = a.source_id
            WHERE r.incident_id IN (SELECT id FROM incidents {where})
            ORDER BY a.published_at, a.id
            """, parameters)).ToLookup(r => r.IncidentId);
        var facts = (await connection.QueryAsync<IncidentFactRow>($"""
            SELECT incident_id, kind, value, article_id, set_by, recorded_at FROM incident_facts
            WHERE incident_id IN (SELECT id FROM incidents {where})
            ORDER BY id
            """, parameters)).ToLookup(f => f.IncidentId);
        return incidents.Select(i => new IncidentDetail(i, reports[i.Id].ToList(), facts[i.Id].ToList())).ToList();
    }

    /// <summary>
    /// The grouper's unit of work. Grouping runs once per report on every poll, so its statements are prepared once per
    /// batch and reused rather than parsed for every report.
    /// </summary>
    internal sealed class GroupingBatch(DbConnection connection, DbTransaction transaction) : IAsyncDisposable
    {
        private readonly Dictionary<string, DbCommand> _commands = new(StringComparer.Ordinal);

        /// <summary>Match keys stored after <paramref name="rowId"/>, by this process or another, in the order they were written.</summary>
        public async Task<List<(long RowId, string Key, int Day, long IncidentId)>> ReadKeysAfterAsync(long rowId)
        {
            var command = Command("keysAfter", () => "SELECT rowid, key, day, incident_id FROM incident_keys WHERE rowid > @after ORDER BY rowid");
            Set(command, ("@after", rowId));
            var rows = new List<(long, string, int, long)>();
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
                rows.Add((reader.GetInt64(0), reader.GetString(1), reader.GetInt32(2), reader.GetInt64(3)));
            return rows;
        }

        /// <summary>Of <paramref name="articleIds"/>, those still waiting for grouping: another process may have grouped some meanwhile.</summary>
        public async Task<HashSet<long>> StillReadyAsync(IReadOnlyList<long> articleIds)
        {
            if (articleIds.Count == 0)
                return [];
            var rows = await connection.QueryAsync<long>(
                $"SELECT id FROM articles WHERE id IN ({string.Join(',', articleIds)}) AND stage = @classified",
                new { classified = ArticleStages.Classified }, transaction);
            return rows.ToHashSet();
        }

        /// <summary>How many reports incidents hold: it changes whenever any grouper, in any process, has placed a report.</summary>
        public async Task<long> ReportCountAsync()
        {
            var command = Command("reportCount", () => "SELECT COUNT(*) FROM incident_reports");
            return (long)(await command.ExecuteScalarAsync())!;
        }

        /// <summary>The newest audit entry's id: it changes whenever a human has changed an incident.</summary>
        public async Task<long> LatestAuditEntryAsync()
        {
            var command = Command("audit", () => "SELECT COALESCE(MAX(id), 0) FROM audit_log");
            return (long)(await command.ExecuteScalarAsync())!;
        }

        /// <summary>The incidents (merged ones left out) with their <paramref name="latestReports"/> latest reports.</summary>
        public async Task<IReadOnlyList<StoredIncident>> LoadIncidentsAsync(IReadOnlyList<long> ids, int latestReports)
        {
            if (ids.Count == 0)
                return [];
            var list = string.Join(',', ids);
            var incidents = await connection.QueryAsync<(long Id, string Status, string Category, string EventFrom, string EventTo, DateTimeOffset FirstReportAt, DateTimeOffset LastReportAt)>(
                $"SELECT id, status, category, event_from, event_to, first_report_at, last_report_at FROM incidents WHERE id IN ({list}) AND status <> @merged",
                new { merged = IncidentStatuses.Merged }, transaction);
            // The latest reports of each incident are what a new report is compared with.
            var reports = (await connection.QueryAsync<(long IncidentId, long ArticleId, string EventFrom, string EventTo, DateTimeOffset PublishedAt)>(
                    $"SELECT incident_id, article_id, event_from, event_to, published_at FROM incident_reports WHERE incident_id IN ({list})", transaction: transaction))
                .GroupBy(r => r.IncidentId)
                .SelectMany(g => g.OrderByDescending(r => r.PublishedAt).ThenByDescending(r => r.ArticleId).Take(latestReports))
                .ToList();

            var profiles = new Dictionary<long, string>();
            if (reports.Count > 0)
            {
                foreach (var (articleId, json) in await connection.QueryAsync<(long, string)>(
                    $"SELECT article_id, profile FROM incident_reports WHERE article_id IN ({string.Join(',', reports.Select(r => r.ArticleId))})", transaction: transaction))
                    profiles[articleId] = json;
            }

            var byIncident = reports.ToLookup(r => r.IncidentId);
            return incidents.Select(i => new StoredIncident(
                i.Id, i.Status, i.Category, Day(i.EventFrom), Day(i.EventTo), i.FirstReportAt, i.LastReportAt,
                byIncident[i.Id].Select(r => new StoredReport(r.ArticleId, Day(r.EventFrom), Day(r.EventTo), r.PublishedAt, profiles[r.ArticleId])).ToList())).ToList();
        }

        /// <summary>Opens a new incident with the report as its first.</summary>
        public async Task<long> OpenAsync(ReportPlacement placement, DateTimeOffset now)
        {
            var command = Command("open", () => """
                INSERT INTO incidents (status, category, title, event_from, event_to, first_report_at, last_report_at, report_count, created_at, updated_at)
                VALUES (@pending, @category, @title, @from, @to, @published, @published, 0, @now, @now)
                RETURNING id
                """);
            Set(command, ("@pending", IncidentStatuses.Pending), ("@category", placement.Category), ("@title", placement.Title), ("@from", Text(placement.EventFrom)),
                ("@to", Text(placement.EventTo)), ("@published", Database.FormatInstant(placement.Published)), ("@now", Database.FormatInstant(now)));
            var incidentId = (long)(await command.ExecuteScalarAsync())!;
            await AttachAsync(incidentId, placement, null, now);
            return incidentId;
        }

        /// <summary>
        /// Adds the report to the incident. A decided incident keeps its decision, its category and its event date, and counts
        /// the report as new since the decision.
        /// </summary>
        public async Task AttachAsync(long incidentId, ReportPlacement placement, (string Category, DateOnly EventFrom, DateOnly EventTo)? pendingUpdate, DateTimeOffset now)
        {
            var stamp = Database.FormatInstant(now);
            var insert = Command("report", () => """
                INSERT INTO incident_reports (article_id, incident_id, relation, score, placed_by, published_at, event_from, event_to, profile, attached_at)
                VALUES (@article, @incident, @relation, @score, @grouper, @published, @from, @to, @profile, @now)
                """);
            Set(insert, ("@article", placement.ArticleId), ("@incident", incidentId), ("@relation", placement.Relation), ("@score", placement.Score), ("@grouper", Authors.Grouper),
                ("@published", Database.FormatInstant(placement.Published)), ("@from", Text(placement.EventFrom)), ("@to", Text(placement.EventTo)), ("@profile", placement.Profile), ("@now", stamp));
            await insert.ExecuteNonQueryAsync();

            await MarkGroupedAsync(placement.ArticleId);

            var update = Command("incident", () => """
                UPDATE incidents SET
                    report_count = report_count + 1,
                    first_report_at = CASE WHEN @published < first_report_at THEN @published ELSE first_report_at END,
                    last_report_at = CASE WHEN @published > last_report_at THEN @published ELSE last_report_at END,
                    reports_since_decision = reports_since_decision + CASE WHEN status IN (@confirmed, @rejected) THEN 1 ELSE 0 END,
                    category = CASE WHEN status = @pending AND @category IS NOT NULL THEN @category ELSE category END,
                    event_from = CASE WHEN status = @pending AND @from IS NOT NULL THEN @from ELSE event_from END,
                    event_to = CASE WHEN status = @pending AND @to IS NOT NULL THEN @to ELSE event_to END,
                    updated_at = @now
                WHERE id = @incident
                """);
            Set(update, ("@incident", incidentId), ("@published", Database.FormatInstant(placement.Published)), ("@category", pendingUpdate?.Category),
                ("@from", pendingUpdate is { } u ? Text(u.EventFrom) : null), ("@to", pendingUpdate is { } v ? Text(v.EventTo) : null), ("@now", stamp),
                ("@pending", IncidentStatuses.Pending), ("@confirmed", IncidentStatuses.Confirmed), ("@rejected", IncidentStatuses.Rejected));
            await update.ExecuteNonQueryAsync();

            // Facts go in as one JSON array, one statement whatever their number.
            var facts = Command("facts", () => """
                INSERT INTO incident_facts (incident_id, kind, value, article_id, set_by, recorded_at)
                SELECT @incident, f.value ->> 0, f.value ->> 1, @article, @rules, @now FROM json_each(@facts) AS f WHERE true
                ON CONFLICT (incident_id, kind, value) DO NOTHING
                """);
            Set(facts, ("@facts", JsonSerializer.Serialize(placement.Facts.Select(f => new[] { f.Kind, f.Value }))), ("@incident", incidentId), ("@article", placement.ArticleId),
                ("@rules", Authors.Rules), ("@now", stamp));
            await facts.ExecuteNonQueryAsync();
        }

        /// <summary>Files the incident under keys (each with its event day) that it is not yet filed under.</summary>
        public async Task AddKeysAsync(long incidentId, long articleId, IReadOnlyList<(string Key, int Day)> keys)
        {
            if (keys.Count == 0)
                return;
            var command = Command("keys", () => """
                INSERT INTO incident_keys (key, day, incident_id, article_id)
                SELECT k.value ->> 0, k.value ->> 1, @incident, @article FROM json_each(@keys) AS k
                """);
            Set(command, ("@keys", JsonSerializer.Serialize(keys.Select(k => new object[] { k.Key, k.Day }))), ("@incident", incidentId), ("@article", articleId));
            await command.ExecuteNonQueryAsync();
        }

        /// <summary>The article has passed the grouping stage: placed in an incident, or not a candidate and so placed nowhere.</summary>
        public async Task MarkGroupedAsync(long articleId)
        {
            var stage = Command("grouped", () => """
                UPDATE articles SET stage = @grouped, stage_error = NULL, retry_stage_after = NULL WHERE id = @article AND stage = @classified
                """);
            Set(stage, ("@article", articleId), ("@grouped", ArticleStages.Grouped), ("@classified", ArticleStages.Classified));
            await stage.ExecuteNonQueryAsync();
        }

        /// <summary>Marks the point that <see cref="FailArticleAsync"/> goes back to.</summary>
        public async Task BeginArticleAsync()
        {
            var command = Command("savepoint", () => "SAVEPOINT article");
            await command.ExecuteNonQueryAsync();
        }

        /// <summary>Keeps what was written for the article since <see cref="BeginArticleAsync"/>.</summary>
        public async Task EndArticleAsync()
        {
            var command = Command("release", () => "RELEASE SAVEPOINT article");
            await command.ExecuteNonQueryAsync();
        }

        /// <summary>
        /// Grouping failed on one article: what this batch wrote for it since <see cref="BeginArticleAsync"/> is undone, and the
        /// article keeps its stage with the error until <paramref name="retryAfter"/>.
        /// </summary>
        public async Task FailArticleAsync(long articleId, string error, DateTimeOffset retryAfter)
        {
            var rollback = Command("rollback", () => "ROLLBACK TO SAVEPOINT article");
            await rollback.ExecuteNonQueryAsync();
            await EndArticleAsync();
            var record = Command("failed", () => """
                UPDATE articles SET stage_error = @error, retry_stage_after = @retryAfter WHERE id = @article AND stage = @classified
                """);
            Set(record, ("@article", articleId), ("@error", error), ("@retryAfter", Database.FormatInstant(retryAfter)), ("@classified", ArticleStages.Classified));
            await record.ExecuteNonQueryAsync();
        }

        public Task CommitAsync(CancellationToken cancellationToken) => transaction.CommitAsync(cancellationToken);

        public async ValueTask DisposeAsync()
        {
            foreach (var command in _commands.Values)
                await command.DisposeAsync();
            await transaction.DisposeAsync();
            await connection.DisposeAsync();
        }

        private DbCommand Command(string name, Func<string> sql)
        {
            if (_commands.TryGetValue(name, out var command))
                return command;
            command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql();
            foreach (System.Text.RegularExpressions.Match match in System.Text.RegularExpressions.Regex.Matches(command.CommandText, @"@\w+"))
            {
                if (command.Parameters.Contains(match.Value))
                    continue;
                var parameter = command.CreateParameter();
                parameter.ParameterName = match.Value;
                parameter.Value = DBNull.Value;
                command.Parameters.Add(parameter);
            }

            command.Prepare();
            return _commands[name] = command;
        }

        private static void Set(DbCommand command, params ReadOnlySpan<(string Name, object? Value)> values)
        {
            foreach (var (name, value) in values)
                command.Parameters[name].Value = value ?? DBNull.Value;
        }
    }

    public static string Text(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static DateOnly Day(string text) => DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture);
}
