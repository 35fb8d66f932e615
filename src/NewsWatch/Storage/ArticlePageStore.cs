using Dapper;

namespace NewsWatch.Storage;

/// <summary>An article whose page is still to be fetched.</summary>
internal sealed class DuePage
{
    public long ArticleId { get; init; }
    public string SourceName { get; init; } = "";
    public string? Url { get; init; }
    public int Attempts { get; init; }
}

/// <summary>What extraction made of a page.</summary>
internal sealed record PageText(
    string? Title, string? Byline, string Text, string? Language, string? CanonicalUrl, string? LeadImageUrl,
    DateTimeOffset? PublishedAt, DateTimeOffset? ModifiedAt, bool IsArticle);

/// <summary>A stored raw page, for re-running extraction without refetching.</summary>
internal sealed class StoredPage
{
    public long ArticleId { get; init; }
    public long SourceId { get; init; }
    public string SourceName { get; init; } = "";
    public string? FinalUrl { get; init; }
    public string? ContentType { get; init; }
    public byte[] HtmlGz { get; init; } = [];
}

/// <summary>Article pages: fetch outcome, raw HTML and extracted text. Each call commits one stage's result.</summary>
internal sealed class ArticlePageStore(Database database)
{
    /// <summary>
    /// Discovered articles of the named sources whose page was never tried, and those whose retry time has come, newest first.
    /// </summary>
    public async Task<IReadOnlyList<DuePage>> ListDueAsync(IReadOnlyCollection<string> sourceNames, DateTimeOffset now, int limit, CancellationToken cancellationToken = default)
    {
        if (sourceNames.Count == 0)
            return [];
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<DuePage>("""
            SELECT a.id AS article_id, s.name AS source_name, a.url, COALESCE(p.attempts, 0) AS attempts
            FROM articles a
            JOIN sources s ON s.id = a.source_id
            LEFT JOIN article_pages p ON p.article_id = a.id
            WHERE a.stage = @discovered AND s.name IN @sourceNames
              AND (p.article_id IS NULL OR (p.status = @retrying AND p.next_attempt_after <= @now))
              AND (a.retry_stage_after IS NULL OR a.retry_stage_after <= @now)
            ORDER BY a.published_at DESC
            LIMIT @limit
            """, new { sourceNames, now, limit, discovered = ArticleStages.Discovered, retrying = PageStatuses.Retrying })).AsList();
    }

    /// <param name="wrongDeclaration">What was wrong with the page's declared charset, when it was; the page is then recorded as wrongly declared.</param>
    public async Task RecordExtractedAsync(long articleId, string finalUrl, string? contentType, byte[] htmlGz, PageText page, DateTimeOffset now, CancellationToken cancellationToken = default, string? wrongDeclaration = null)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync("""
            INSERT INTO article_pages (article_id, status, attempts, error, final_url, content_type, html_gz, fetched_at)
            VALUES (@articleId, @fetched, 1, @wrongDeclaration, @finalUrl, @contentType, @htmlGz, @now)
            ON CONFLICT (article_id) DO UPDATE SET
                status = excluded.status, attempts = article_pages.attempts + 1, error = excluded.error, next_attempt_after = NULL,
                final_url = excluded.final_url, content_type = excluded.content_type, html_gz = excluded.html_gz, fetched_at = excluded.fetched_at
            """, new { articleId, finalUrl, contentType, htmlGz, now, wrongDeclaration, fetched = wrongDeclaration is null ? PageStatuses.Fetched : PageStatuses.WronglyDeclared }, transaction);
        await SaveExtractionAsync(connection, transaction, articleId, page, now);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>A page that will not be fetched (robots.txt, not HTML, failed for good): the feed summary stands in for its text.</summary>
    public async Task RecordUnfetchableAsync(long articleId, string status, string error, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync("""
            INSERT INTO article_pages (article_id, status, attempts, error, fetched_at) VALUES (@articleId, @status, 1, @error, @now)
            ON CONFLICT (article_id) DO UPDATE SET
                status = excluded.status, attempts = article_pages.attempts + 1, error = excluded.error,
                next_attempt_after = NULL, fetched_at = excluded.fetched_at
            """, new { articleId, status, error, now }, transaction);
        await connection.ExecuteAsync(
            "UPDATE articles SET stage = @extracted, stage_error = NULL, retry_stage_after = NULL WHERE id = @articleId AND stage = @discovered",
            new { articleId, extracted = ArticleStages.Extracted, discovered = ArticleStages.Discovered }, transaction);
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task RecordRetryAsync(long articleId, string error, DateTimeOffset nextAttemptAfter, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync("""
            INSERT INTO article_pages (article_id, status, attempts, error, next_attempt_after) VALUES (@articleId, @retrying, 1, @error, @nextAttemptAfter)
            ON CONFLICT (article_id) DO UPDATE SET
                status = excluded.status, attempts = article_pages.attempts + 1, error = excluded.error, next_attempt_after = excluded.next_attempt_after
            """, new { articleId, error, nextAttemptAfter, retrying = PageStatuses.Retrying });
    }

    public async Task<IReadOnlyList<StoredPage>> ListStoredPagesAsync(string? sourceName, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<StoredPage>("""
            SELECT p.article_id, a.source_id, s.name AS source_name, p.final_url, p.content_type, p.html_gz
            FROM article_pages p JOIN articles a ON a.id = p.article_id JOIN sources s ON s.id = a.source_id
            WHERE p.html_gz IS NOT NULL AND (@sourceName IS NULL OR s.name = @sourceName)
            ORDER BY p.article_id
            """, new { sourceName })).AsList();
    }

    public async Task UpdateExtractionAsync(long articleId, PageText page, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await SaveExtractionAsync(connection, transaction, articleId, page, now);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Drops raw HTML fetched before <paramref name="fetchedBefore"/>; extracted text stays.</summary>
    public async Task<int> PruneRawHtmlAsync(DateTimeOffset fetchedBefore, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync("UPDATE article_pages SET html_gz = NULL WHERE html_gz IS NOT NULL AND fetched_at < @fetchedBefore", new { fetchedBefore });
    }

    public async Task<ArticlePageRow?> FindAsync(long articleId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<ArticlePageRow>("""
            SELECT article_id, status, attempts, error, final_url, title, byline, text, language, canonical_url, lead_image_url, published_at, modified_at, is_article,
                   html_gz IS NOT NULL AS has_raw_html
            FROM article_pages WHERE article_id = @articleId
            """, new { articleId });
    }

    private static Task SaveExtractionAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction transaction, long articleId, PageText page, DateTimeOffset now) =>
        connection.ExecuteAsync("""
            UPDATE article_pages SET
                title = @Title, byline = @Byline, text = @Text, language = @Language, canonical_url = @CanonicalUrl,
                lead_image_url = @LeadImageUrl, published_at = @PublishedAt, modified_at = @ModifiedAt, is_article = @IsArticle, extracted_at = @now
            WHERE article_id = @articleId;
            UPDATE articles SET stage = @extracted, stage_error = NULL, retry_stage_after = NULL WHERE id = @articleId AND stage = @discovered;
            """,
            new
            {
                articleId, page.Title, page.Byline, page.Text, page.Language, page.CanonicalUrl, page.LeadImageUrl, page.PublishedAt, page.ModifiedAt, page.IsArticle, now,
                extracted = ArticleStages.Extracted, discovered = ArticleStages.Discovered,
            },
            transaction);
}

internal sealed class ArticlePageRow
{
    public long ArticleId { get; init; }
    public string Status { get; init; } = "";
    public int Attempts { get; init; }
    public string? Error { get; init; }
    public string? FinalUrl { get; init; }
    public string? Title { get; init; }
    public string? Byline { get; init; }
    public string? Text { get; init; }
    public string? Language { get; init; }
    public string? CanonicalUrl { get; init; }
    public string? LeadImageUrl { get; init; }
    public DateTimeOffset? PublishedAt { get; init; }
    public DateTimeOffset? ModifiedAt { get; init; }
    public bool? IsArticle { get; init; }
    public bool HasRawHtml { get; init; }
}
