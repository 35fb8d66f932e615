using System.Data;
using System.Data.Common;
using System.Globalization;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace NewsWatch.Storage;

/// <summary>The configured database cannot be used at all (a folder, a file that is not a database, no permission).</summary>
internal sealed class DatabaseUnavailableException(string reason, Exception inner) : Exception(reason, inner);

/// <summary>Opens connections to the SQLite file; one connection per unit of work.</summary>
internal sealed class Database
{
    static Database()
    {
        DefaultTypeMap.MatchNamesWithUnderscores = true;
        // Instants are stored as sortable UTC text so that SQL can compare them as strings.
        SqlMapper.RemoveTypeMap(typeof(DateTimeOffset));
        SqlMapper.RemoveTypeMap(typeof(DateTimeOffset?));
        SqlMapper.AddTypeHandler(new UtcInstantHandler());
    }

    public Database(IOptions<StorageOptions> options)
        : this(options.Value.Database)
    {
    }

    public Database(string path)
    {
        FilePath = Path.GetFullPath(path);
        ConnectionString = new SqliteConnectionStringBuilder
        {
            DataSource = FilePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
    }

    public string FilePath { get; }

    public string ConnectionString { get; }

    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken = default)
    {
        var connection = new SqliteConnection(ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await connection.ExecuteAsync("PRAGMA busy_timeout = 10000; PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;");
            return connection;
        }
        catch (SqliteException ex) when (IsUnusable(ex))
        {
            await connection.DisposeAsync();
            throw new DatabaseUnavailableException(ex.Message, ex);
        }
    }

    /// <summary>SQLITE_CANTOPEN and SQLITE_NOTADB: the configured path is the problem, not the moment.</summary>
    internal static bool IsUnusable(Exception ex) => ex is SqliteException { SqliteErrorCode: 14 or 26 };

    /// <summary>Forgets pooled connections, so that the file can be deleted or replaced.</summary>
    public static void ReleaseFiles() => SqliteConnection.ClearAllPools();

    public static string FormatInstant(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    private sealed class UtcInstantHandler : SqlMapper.TypeHandler<DateTimeOffset>
    {
        public override void SetValue(IDbDataParameter parameter, DateTimeOffset value)
        {
            parameter.DbType = DbType.String;
            parameter.Value = FormatInstant(value);
        }

        public override DateTimeOffset Parse(object value) =>
            DateTimeOffset.Parse((string)value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
    }
}
