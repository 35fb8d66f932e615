using Dapper;

namespace NewsWatch.Storage;

/// <summary>A source's row: its conditional-GET validators and its health.</summary>
internal sealed class SourceRow
{
    public long Id { get; init; }
    public string Name { get; init; } = "";
    public string FeedUrl { get; init; } = "";
    public string? Etag { get; init; }
    public string? LastModified { get; init; }
    public DateTimeOffset? LastPolledAt { get; init; }
    public DateTimeOffset? LastSuccessAt { get; init; }
    public int ConsecutiveFailures { get; init; }
    public string? LastError { get; init; }
    public DateTimeOffset? NextPollAfter { get; init; }
}

internal sealed class SourceStore(Database database)
{
    private const string Columns = """
        id, name, feed_url, etag, last_modified, last_polled_at, last_success_at,
        consecutive_failures, last_error, next_poll_after
        """;

    /// <summary>Creates the row of a configured source, or updates its URL; a changed URL forgets the old validators.</summary>
    public async Task<SourceRow> EnsureAsync(string name, string feedUrl, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync("""
            INSERT INTO sources (name, feed_url, created_at) VALUES (@name, @feedUrl, @now)
            ON CONFLICT (name) DO UPDATE SET
                feed_url      = excluded.feed_url,
                etag          = CASE WHEN sources.feed_url = excluded.feed_url THEN sources.etag END,
                last_modified = CASE WHEN sources.feed_url = excluded.feed_url THEN sources.last_modified END
            WHERE sources.feed_url <> excluded.feed_url
            """, new { name, feedUrl, now });
        return await connection.QuerySingleAsync<SourceRow>($"SELECT {Columns} FROM sources WHERE name = @name", new { name });
    }

    public async Task<SourceRow?> FindAsync(string name, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<SourceRow>($"SELECT {Columns} FROM sources WHERE name = @name", new { name });
    }

    public async Task<IReadOnlyList<SourceRow>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<SourceRow>($"SELECT {Columns} FROM sources ORDER BY name")).AsList();
    }

    /// <summary>A poll that got a feed, or a 304: resets the failure count and keeps the new validators.</summary>
    /// <summary>When any source was last polled, or null before the first poll.</summary>
    public async Task<DateTimeOffset?> LastPolledAtAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<DateTimeOffset?>("SELECT MAX(last_polled_at) FROM sources");
    }

    public async Task RecordSuccessAsync(long id, DateTimeOffset now, string? etag, string? lastModified, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync("""
            UPDATE sources SET
                last_polled_at       = @now,
                last_success_at      = @now,
                consecutive_failures = 0,
                last_error           = NULL,
                next_poll_after      = NULL,
                etag                 = @etag,
                last_modified        = @lastModified
            WHERE id = @id
            """, new { id, now, etag, lastModified });
    }

    /// <summary>A failed poll: keeps the validators, stores the error and when the next scheduled poll may run.</summary>
    public async Task RecordFailureAsync(long id, DateTimeOffset now, string error, DateTimeOffset nextPollAfter, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync("""
            UPDATE sources SET
                last_polled_at       = @now,
                consecutive_failures = consecutive_failures + 1,
                last_error           = @error,
                next_poll_after      = @nextPollAfter
            WHERE id = @id
            """, new { id, now, error, nextPollAfter });
    }
}
