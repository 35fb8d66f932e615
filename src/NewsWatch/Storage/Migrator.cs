using System.Reflection;
using Dapper;
using Microsoft.Extensions.Logging;

namespace NewsWatch.Storage;

/// <summary>Applies the numbered scripts in Storage/Migrations in order, each once, recording them in the database.</summary>
internal sealed class Migrator(Database database, TimeProvider time, ILogger<Migrator> logger)
{
    private const string ResourcePrefix = "NewsWatch.Storage.Migrations.";

    public sealed record Migration(int Version, string Name, string Sql);

    public static IReadOnlyList<Migration> All { get; } = LoadMigrations();

    /// <summary>
    /// Returns the migrations applied by this call. Several processes may start on one new file at once: each migration is
    /// read and applied under SQLite's write lock (BEGIN IMMEDIATE), so the second process waits and then finds it applied.
    /// </summary>
    public async Task<IReadOnlyList<Migration>> MigrateAsync(CancellationToken cancellationToken = default)
    {
        var directory = Path.GetDirectoryName(database.FilePath);
        try
        {
            if (!string.IsNullOrEmpty(directory))
                Directory.CreateDirectory(directory);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new DatabaseUnavailableException($"cannot create the folder '{directory}': {ex.Message}", ex);
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        try
        {
            // WAL is a property of the file: set once here, kept by every later connection. It is also the first read of the
            // file, where one that is not a database shows.
            await SetWriteAheadLogAsync(connection, cancellationToken);
        }
        catch (Exception ex) when (Database.IsUnusable(ex))
        {
            throw new DatabaseUnavailableException(ex.Message, ex);
        }

        var newlyApplied = new List<Migration>();
        while (await ApplyNextAsync(connection, cancellationToken) is { } migration)
        {
            logger.LogInformation("Applied migration {Version} {Name} to {Database}", migration.Version, migration.Name, database.FilePath);
            newlyApplied.Add(migration);
        }

        return newlyApplied;
    }

    /// <summary>Applies the first migration the database lacks, deciding which one under the write lock; null when none is missing.</summary>
    private async Task<Migration?> ApplyNextAsync(System.Data.Common.DbConnection connection, CancellationToken cancellationToken)
    {
        // BeginTransaction of Microsoft.Data.Sqlite is BEGIN IMMEDIATE: it takes the write lock before the first read, waiting
        // (busy_timeout) for another process that holds it.
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync("""
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version    INTEGER PRIMARY KEY,
                name       TEXT NOT NULL,
                applied_at TEXT NOT NULL
            )
            """, transaction: transaction);
        var applied = (await connection.QueryAsync<int>("SELECT version FROM schema_migrations", transaction: transaction)).ToHashSet();
        var next = All.FirstOrDefault(m => !applied.Contains(m.Version));
        if (next is null)
        {
            await transaction.CommitAsync(cancellationToken);
            return null;
        }

        await connection.ExecuteAsync(next.Sql, transaction: transaction);
        await connection.ExecuteAsync(
            "INSERT INTO schema_migrations (version, name, applied_at) VALUES (@Version, @Name, @AppliedAt)",
            new { next.Version, next.Name, AppliedAt = time.GetUtcNow() },
            transaction);
        await transaction.CommitAsync(cancellationToken);
        return next;
    }

    /// <summary>Switches the file to WAL unless it is already; another process switching it at the same moment is waited for.</summary>
    private static async Task SetWriteAheadLogAsync(System.Data.Common.DbConnection connection, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var mode = await connection.ExecuteScalarAsync<string>("PRAGMA journal_mode;");
                if (string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
                    return;
                await connection.ExecuteAsync("PRAGMA journal_mode = WAL;");
                return;
            }
            catch (Microsoft.Data.Sqlite.SqliteException ex) when (ex.SqliteErrorCode is 5 or 6 && attempt < 50)
            {
                // SQLITE_BUSY / SQLITE_LOCKED: the other process holds the file while it changes the mode; it will be WAL soon.
                await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
            }
        }
    }

    private static List<Migration> LoadMigrations()
    {
        var assembly = Assembly.GetExecutingAssembly();
        var migrations = new List<Migration>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            var fileName = resource[ResourcePrefix.Length..^".sql".Length];
            var separator = fileName.IndexOf('_');
            var version = int.Parse(fileName[..separator], System.Globalization.CultureInfo.InvariantCulture);
            using var reader = new StreamReader(assembly.GetManifestResourceStream(resource)!);
            migrations.Add(new Migration(version, fileName[(separator + 1)..], reader.ReadToEnd()));
        }

        migrations.Sort((a, b) => a.Version.CompareTo(b.Version));
        for (var i = 0; i < migrations.Count; i++)
        {
            if (migrations[i].Version != i + 1)
                throw new InvalidOperationException($"Migration scripts must be numbered 1, 2, 3... without gaps; found {migrations[i].Version} at position {i + 1}.");
        }

        return migrations;
    }
}
