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

    /// <summary>Returns the migrations applied by this call.</summary>
    public async Task<IReadOnlyList<Migration>> MigrateAsync(CancellationToken cancellationToken = default)
    {
        var directory = Path.GetDirectoryName(database.FilePath);
        if (!string.IsNullOrEmpty(directory))
            Directory.CreateDirectory(directory);

        await using var connection = await database.OpenAsync(cancellationToken);
        try
        {
            // WAL is a property of the file: set once here, kept by every later connection. It is also the first read of the
            // file, where one that is not a database shows.
            await connection.ExecuteAsync("PRAGMA journal_mode = WAL;");
        }
        catch (Exception ex) when (Database.IsUnusable(ex))
        {
            throw new DatabaseUnavailableException(ex.Message, ex);
        }

        await connection.ExecuteAsync("""
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version    INTEGER PRIMARY KEY,
                name       TEXT NOT NULL,
                applied_at TEXT NOT NULL
            )
            """);
        var applied = (await connection.QueryAsync<int>("SELECT version FROM schema_migrations")).ToHashSet();

        var newlyApplied = new List<Migration>();
        foreach (var migration in All.Where(m => !applied.Contains(m.Version)))
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await connection.ExecuteAsync(migration.Sql, transaction: transaction);
            await connection.ExecuteAsync(
                "INSERT INTO schema_migrations (version, name, applied_at) VALUES (@Version, @Name, @AppliedAt)",
                new { migration.Version, migration.Name, AppliedAt = time.GetUtcNow() },
                transaction);
            await transaction.CommitAsync(cancellationToken);
            logger.LogInformation("Applied migration {Version} {Name} to {Database}", migration.Version, migration.Name, database.FilePath);
            newlyApplied.Add(migration);
        }

        return newlyApplied;
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
