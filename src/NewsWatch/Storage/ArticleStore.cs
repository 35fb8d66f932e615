using Dapper;

namespace NewsWatch.Storage;

internal sealed class ArticleRow
{
    public long Id { get; init; }
    public string Source { get; init; } = "";
    public string? Url { get; init; }
    public string Guid { get; init; } = "";
    public string Title { get; init; } = "";
    public string Summary { get; init; } = "";
    public DateTimeOffset PublishedAt { get; init; }
    public bool PublishedAtEstimated { get; init; }
    public DateTimeOffset FirstSeenAt { get; init; }
    public string Stage { get; init; } = "";
}

/// <summary>A report from an archive file: its own id, where it appeared, and when (to the day, month or year, or unknown).</summary>
internal sealed record ArchivedReport(string ExternalId, string? Url, string? Outlet, DateTimeOffset PublishedAt, string PublishedPrecision, string Title, string Text);

internal readonly record struct StoreResult(int NewItems, int SeenItems);

/// <summary>A feed item to store: its id in the feed, link, plain-text title and summary, and time if the feed gave one.</summary>
internal sealed record NewArticle(string Guid, string? Link, string Title, string Summary, DateTimeOffset? PublishedAt);

internal sealed class ArticleStore(Database database)
{
    /// <summary>
    /// Stores a feed's entries once: an entry this source already published is only counted as seen;
    /// an entry whose canonical link another source already brought becomes a sighting of that article.
    /// </summary>
    public async Task<StoreResult> StoreEntriesAsync(long sourceId, IReadOnlyList<NewArticle> entries, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        int added = 0, seen = 0;
        foreach (var entry in entries)
        {
            var known = await connection.ExecuteScalarAsync<long?>(
                "SELECT article_id FROM article_sightings WHERE source_id = @sourceId AND guid = @Guid",
                new { sourceId, entry.Guid }, transaction);
            if (known is not null)
            {
                seen++;
                continue;
            }

            var articleId = entry.Link is null
                ? null
                : await connection.ExecuteScalarAsync<long?>("SELECT id FROM articles WHERE url = @Link", new { entry.Link }, transaction);
            if (articleId is null)
            {
                articleId = await connection.ExecuteScalarAsync<long>("""
                    INSERT INTO articles (source_id, guid, url, title, summary, published_at, published_at_estimated, first_seen_at)
                    VALUES (@sourceId, @Guid, @Link, @Title, @Summary, @publishedAt, @estimated, @now)
                    RETURNING id
                    """,
                    new { sourceId, entry.Guid, entry.Link, entry.Title, entry.Summary, publishedAt = entry.PublishedAt ?? now, estimated = entry.PublishedAt is null, now },
                    transaction);
                added++;
            }
            else
            {
                seen++;
            }

            await connection.ExecuteAsync(
                "INSERT INTO article_sightings (source_id, guid, article_id, seen_at) VALUES (@sourceId, @Guid, @articleId, @now)",
                new { sourceId, entry.Guid, articleId, now }, transaction);
        }

        await transaction.CommitAsync(cancellationToken);
        return new StoreResult(added, seen);
    }

    /// <summary>
    /// Stores reports from an archive under <paramref name="sourceId"/>, keeping each one's external id; a report whose
    /// external id (or URL) is already stored is not stored again. Returns the article id of every report, new or not.
    /// </summary>
    public async Task<IReadOnlyList<long>> ImportAsync(long sourceId, IReadOnlyList<ArchivedReport> reports, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var ids = new List<long>(reports.Count);
        foreach (var report in reports)
        {
            var existing = await connection.ExecuteScalarAsync<long?>(
                "SELECT id FROM articles WHERE external_id = @ExternalId OR (@Url IS NOT NULL AND url = @Url) ORDER BY id LIMIT 1",
                new { report.ExternalId, report.Url }, transaction);
            if (existing is not null)
            {
                ids.Add(existing.Value);
                continue;
            }

            ids.Add(await connection.ExecuteScalarAsync<long>("""
                INSERT INTO articles (source_id, guid, url, title, summary, published_at, published_at_estimated, published_precision,
                                      first_seen_at, external_id, outlet)
                VALUES (@sourceId, @ExternalId, @Url, @Title, @Text, @PublishedAt, @estimated, @PublishedPrecision, @now, @ExternalId, @Outlet)
                RETURNING id
                """,
                new { sourceId, report.ExternalId, report.Url, report.Title, report.Text, report.PublishedAt, estimated = report.PublishedPrecision == PublishedPrecisions.Unknown, report.PublishedPrecision, now, report.Outlet },
                transaction));
        }

        await transaction.CommitAsync(cancellationToken);
        return ids;
    }

    public async Task<IReadOnlyList<ArticleRow>> ListAsync(string? sourceName, int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        // With a source named, list what that source published, including articles another source brought first.
        var rows = sourceName is null
            ? await connection.QueryAsync<ArticleRow>("""
                SELECT a.id, s.name AS source, a.url, a.guid, a.title, a.summary, a.published_at, a.published_at_estimated, a.first_seen_at, a.stage
                FROM articles a JOIN sources s ON s.id = a.source_id
                ORDER BY a.published_at DESC, a.id DESC
                LIMIT @limit
                """, new { limit })
            : await connection.QueryAsync<ArticleRow>("""
                SELECT a.id, s.name AS source, a.url, a.guid, a.title, a.summary, a.published_at, a.published_at_estimated, a.first_seen_at, a.stage
                FROM article_sightings g
                JOIN sources s ON s.id = g.source_id
                JOIN articles a ON a.id = g.article_id
                WHERE s.name = @sourceName
                ORDER BY a.published_at DESC, a.id DESC
                LIMIT @limit
                """, new { sourceName, limit });
        return rows.AsList();
    }

    /// <summary>
    /// A stage failed on this article: it stays at the stage it had reached, with the error, and is not tried again before
    /// <paramref name="retryAfter"/>. Nothing is recorded when another process has moved it on meanwhile.
    /// </summary>
    public async Task RecordStageFailureAsync(long articleId, string stage, string error, DateTimeOffset retryAfter, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(
            "UPDATE articles SET stage_error = @error, retry_stage_after = @retryAfter WHERE id = @articleId AND stage = @stage",
            new { articleId, stage, error, retryAfter });
    }

    public async Task<long> CountAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM articles");
    }
}
