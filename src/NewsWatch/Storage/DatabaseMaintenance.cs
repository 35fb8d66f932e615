using Dapper;
using Microsoft.Data.Sqlite;

namespace NewsWatch.Storage;

/// <summary>Checking a database file for damage, and copying it while it is in use.</summary>
internal static class DatabaseMaintenance
{
    /// <summary>
    /// The problems SQLite's quick_check finds, at most <paramref name="limit"/> of them; empty when the file is sound. The file is
    /// opened read-only, so that a damaged one is not written to.
    /// </summary>
    public static async Task<IReadOnlyList<string>> CheckAsync(string path, int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = new SqliteConnection(ReadOnly(path));
        try
        {
            await connection.OpenAsync(cancellationToken);
            await connection.ExecuteAsync("PRAGMA busy_timeout = 10000;");
            var rows = (await connection.QueryAsync<string>($"PRAGMA quick_check({limit});")).ToList();
            return rows is ["ok"] ? [] : rows;
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode == 11)
        {
            // SQLITE_CORRUPT: the damage is where SQLite could not even read the pages the check needs.
            return [ex.Message];
        }
        catch (SqliteException ex) when (Database.IsUnusable(ex))
        {
            throw new DatabaseUnavailableException(ex.Message, ex);
        }
    }

    /// <summary>
    /// Copies the database with SQLite's online backup (consistent while other processes write to it) to a temporary file
    /// next to <paramref name="target"/>, checks the copy and only then gives it its name.
    /// </summary>
    public static async Task BackupAsync(Database database, string target, bool overwrite, CancellationToken cancellationToken = default)
    {
        target = Path.GetFullPath(target);
        if (string.Equals(target, database.FilePath, StringComparison.Ordinal))
            throw new IOException($"'{target}' is the database itself.");
        var folder = Path.GetDirectoryName(target);
        if (!Directory.Exists(folder))
            throw new IOException($"the folder '{folder}' does not exist.");
        if (!overwrite && (File.Exists(target) || Directory.Exists(target)))
            throw new IOException($"'{target}' already exists (--overwrite replaces it).");

        var partial = $"{target}.{Guid.NewGuid():N}.partial";
        try
        {
            await using (var source = await database.OpenAsync(cancellationToken))
            await using (var copy = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = partial, Pooling = false }.ToString()))
            {
                await copy.OpenAsync(cancellationToken);
                ((SqliteConnection)source).BackupDatabase(copy);
                // A backup is one file: no write-ahead log beside it that could be left behind.
                await copy.ExecuteAsync("PRAGMA journal_mode = DELETE;");
            }

            var problems = await CheckAsync(partial, 10, cancellationToken);
            if (problems.Count > 0)
                throw new InvalidDataException($"the copy does not pass quick_check: {string.Join("; ", problems)}");
            File.Move(partial, target, overwrite);
        }
        catch (SqliteException ex)
        {
            // Full disk, a folder that cannot be written: said in SQLite's words, without its type outside Storage.
            throw new IOException(ex.Message, ex);
        }
        finally
        {
            File.Delete(partial);
        }
    }

    private static string ReadOnly(string path) =>
        new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString();
}
