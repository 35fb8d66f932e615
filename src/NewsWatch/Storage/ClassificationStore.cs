using System.Text.Json;
using Dapper;

namespace NewsWatch.Storage;

/// <summary>An article ready to be classified, with the best text there is for it.</summary>
internal sealed class ClassifiableArticle
{
    public long ArticleId { get; init; }
    public string Title { get; init; } = "";
    public string Text { get; init; } = "";
    public string Stage { get; init; } = "";
    public string? Label { get; init; }
    public bool? Candidate { get; init; }
}

/// <summary>A stored verdict of the classifier.</summary>
internal sealed record ClassificationRow(string Label, bool Candidate, IReadOnlyDictionary<string, double> Scores, IReadOnlyList<string> Why, string ModelVersion);

internal sealed class ClassificationStore(Database database)
{
    // The page's extracted text when there is one, else the feed summary.
    private const string ArticleText = """
        SELECT a.id AS article_id, a.stage,
               COALESCE(NULLIF(p.title, ''), a.title) AS title,
               COALESCE(NULLIF(p.text, ''), a.summary) AS text,
               c.label, c.candidate
        FROM articles a
        LEFT JOIN article_pages p ON p.article_id = a.id
        LEFT JOIN article_classifications c ON c.article_id = a.id
        """;

    /// <summary>
    /// Articles that wait for the classifier: those through extraction, and discovered ones of sources whose pages are not
    /// fetched (their feed summary is all there is). Articles whose last try failed wait until their retry time.
    /// </summary>
    public async Task<IReadOnlyList<ClassifiableArticle>> ListReadyAsync(IReadOnlyCollection<string> sourcesFetchingPages, DateTimeOffset now, int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<ClassifiableArticle>($"""
            {ArticleText}
            JOIN sources s ON s.id = a.source_id
            WHERE (a.stage = @extracted OR (a.stage = @discovered AND s.name NOT IN @sourcesFetchingPages))
              AND (a.retry_stage_after IS NULL OR a.retry_stage_after <= @now)
            ORDER BY a.id
            LIMIT @limit
            """, new { sourcesFetchingPages, now, limit, extracted = ArticleStages.Extracted, discovered = ArticleStages.Discovered })).AsList();
    }

    public async Task SaveAsync(long articleId, ClassificationRow classification, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync("""
            INSERT INTO article_classifications (article_id, label, candidate, scores, why, model_version, classified_at)
            VALUES (@articleId, @Label, @Candidate, @scores, @why, @ModelVersion, @now)
            ON CONFLICT (article_id) DO UPDATE SET
                label = excluded.label, candidate = excluded.candidate, scores = excluded.scores, why = excluded.why,
                model_version = excluded.model_version, classified_at = excluded.classified_at;
            UPDATE articles SET stage = @classified, stage_error = NULL, retry_stage_after = NULL WHERE id = @articleId AND stage IN (@discovered, @extracted);
            """,
            new
            {
                articleId, classification.Label, classification.Candidate, scores = JsonSerializer.Serialize(classification.Scores), why = JsonSerializer.Serialize(classification.Why),
                classification.ModelVersion, now, classified = ArticleStages.Classified, discovered = ArticleStages.Discovered, extracted = ArticleStages.Extracted,
            },
            transaction);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Every classified article with its current verdict, for backtesting another model, in pages of <paramref name="pageSize"/>.</summary>
    public async IAsyncEnumerable<IReadOnlyList<ClassifiableArticle>> ReadClassifiedAsync(int pageSize, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        long after = 0;
        while (true)
        {
            await using var connection = await database.OpenAsync(cancellationToken);
            var page = (await connection.QueryAsync<ClassifiableArticle>($"""
                {ArticleText}
                WHERE c.article_id IS NOT NULL AND a.id > @after
                ORDER BY a.id
                LIMIT @pageSize
                """, new { after, pageSize })).AsList();
            if (page.Count == 0)
                yield break;
            yield return page;
            after = page[^1].ArticleId;
        }
    }

    public async Task<ClassificationRow?> FindAsync(long articleId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<(string Label, bool Candidate, string Scores, string Why, string ModelVersion)>(
            "SELECT label, candidate, scores, why, model_version FROM article_classifications WHERE article_id = @articleId", new { articleId });
        return row.Label is null
            ? null
            : new ClassificationRow(row.Label, row.Candidate, JsonSerializer.Deserialize<Dictionary<string, double>>(row.Scores)!, JsonSerializer.Deserialize<string[]>(row.Why)!, row.ModelVersion);
    }
}
