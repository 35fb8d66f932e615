using Dapper;

namespace NewsWatch.Storage;

internal sealed class UserRow
{
    public long Id { get; init; }
    public string Name { get; init; } = "";
    public string Role { get; init; } = "";
    public string PasswordHash { get; init; } = "";
    public bool HasToken { get; init; }
    public int FailedLogins { get; init; }
    public DateTimeOffset? LockedUntil { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}

/// <summary>Accounts of the review site; hashes only, never a password or a token.</summary>
internal sealed class UserStore(Database database)
{
    private const string Columns = "id, name, role, password_hash, token_hash IS NOT NULL AS has_token, failed_logins, locked_until, created_at";

    /// <summary>Adds the account; false when the name is taken (names compare without case).</summary>
    public async Task<bool> AddAsync(string name, string role, string passwordHash, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var added = await connection.ExecuteAsync("""
            INSERT INTO users (name, role, password_hash, created_at, updated_at)
            SELECT @name, @role, @passwordHash, @now, @now
            WHERE NOT EXISTS (SELECT 1 FROM users WHERE lower(name) = lower(@name))
            """, new { name, role, passwordHash, now });
        return added == 1;
    }

    public async Task<IReadOnlyList<UserRow>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<UserRow>($"SELECT {Columns} FROM users ORDER BY name")).AsList();
    }

    public async Task<UserRow?> FindAsync(string name, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<UserRow>($"SELECT {Columns} FROM users WHERE lower(name) = lower(@name)", new { name });
    }

    public async Task<UserRow?> FindByTokenHashAsync(string tokenHash, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<UserRow>($"SELECT {Columns} FROM users WHERE token_hash = @tokenHash", new { tokenHash });
    }

    /// <summary>Removes the account; false when there is none of that name.</summary>
    public async Task<bool> RemoveAsync(string name, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync("DELETE FROM users WHERE lower(name) = lower(@name)", new { name }) == 1;
    }

    /// <summary>A new password also ends a lock-out.</summary>
    public async Task<bool> SetPasswordAsync(string name, string passwordHash, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync("""
            UPDATE users SET password_hash = @passwordHash, failed_logins = 0, locked_until = NULL, updated_at = @now WHERE lower(name) = lower(@name)
            """, new { name, passwordHash, now }) == 1;
    }

    public async Task<bool> SetTokenHashAsync(string name, string tokenHash, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(
            "UPDATE users SET token_hash = @tokenHash, updated_at = @now WHERE lower(name) = lower(@name)", new { name, tokenHash, now }) == 1;
    }
}
