using System.Text.Json;
using Dapper;
using NewsWatch.Storage;

namespace NewsWatch.Tests.Support;

/// <summary>A temporary configuration and SQLite file, and the real executable run against them, verb by verb.</summary>
internal sealed class NewsWatchCli : IDisposable
{
    public NewsWatchCli()
    {
        Directory = TempDirectory.Create();
        ConfigPath = Path.Combine(Directory, "newswatch.json");
        File.WriteAllText(ConfigPath, TestApp.Configuration(Directory, []));
    }

    public string Directory { get; }

    public string ConfigPath { get; }

    public string DatabasePath => Path.Combine(Directory, "newswatch.db");

    public Task<NewsWatchProcess.Result> RunAsync(params string[] args) =>
        NewsWatchProcess.RunAsync(["--config", ConfigPath, .. args], timeout: TimeSpan.FromMinutes(2));

    /// <summary>Runs a verb that must succeed and returns its standard output.</summary>
    public async Task<string> RunOkAsync(params string[] args)
    {
        var result = await RunAsync(args);
        Assert.True(result.ExitCode == 0, $"newswatch {string.Join(' ', args)} exited {result.ExitCode}: {result.StdErr}");
        return result.StdOut;
    }

    public async Task<JsonElement> ExportAsync(params string[] extra) =>
        JsonDocument.Parse(await RunOkAsync(["incidents", "export", "--format", "json", .. extra])).RootElement;

    public void Dispose() => TempDirectory.Delete(Directory);
}

/// <summary>Reading an exported incident list.</summary>
internal static class IncidentJson
{
    public static JsonElement WithReport(this JsonElement incidents, string externalId) =>
        incidents.EnumerateArray().Single(i => i.GetProperty("reports").EnumerateArray().Any(r => r.GetProperty("externalId").GetString() == externalId));

    public static string[] ReportIds(this JsonElement incident) =>
        incident.GetProperty("reports").EnumerateArray().Select(r => r.GetProperty("externalId").GetString()!).Order(StringComparer.Ordinal).ToArray();

    public static JsonElement Report(this JsonElement incident, string externalId) =>
        incident.GetProperty("reports").EnumerateArray().Single(r => r.GetProperty("externalId").GetString() == externalId);

    public static long ArticleId(this JsonElement incidents, string externalId) =>
        incidents.WithReport(externalId).Report(externalId).GetProperty("articleId").GetInt64();

    public static long Id(this JsonElement incident) => incident.GetProperty("id").GetInt64();
}

/// <summary>
/// Our replay archive (three events, copies, follow-ups, a look-alike a year later) replayed once, by the real executable, into a
/// template database that the tests of one class copy.
/// </summary>
public sealed class ReplayedArchive : IAsyncLifetime
{
    private readonly NewsWatchCli _template = new();

    public async ValueTask InitializeAsync()
    {
        await _template.RunOkAsync("replay", "--jsonl", Fixtures.Path("replay-archive.jsonl"), "--skip-classifier");
        // The database is in WAL mode: fold the log into the file, so that a copy of the file alone has every committed row,
        // and close the connection (pooled ones included) before anything is copied.
        await using (var connection = await new Database(_template.DatabasePath).OpenAsync())
        {
            var busy = await connection.ExecuteScalarAsync<long>("PRAGMA wal_checkpoint(TRUNCATE);");
            Assert.True(busy == 0, "the replayed database could not be checkpointed");
        }

        Database.ReleaseFiles();
    }

    /// <summary>A configuration and database of its own, holding the replayed archive, for one test to read and change.</summary>
    internal NewsWatchCli Copy()
    {
        var cli = new NewsWatchCli();
        File.Copy(_template.DatabasePath, cli.DatabasePath);
        return cli;
    }

    public ValueTask DisposeAsync()
    {
        _template.Dispose();
        return ValueTask.CompletedTask;
    }
}

/// <summary>Tests that each start from their own copy of the replayed archive; the replay runs once per test class.</summary>
public abstract class ReplayedArchiveTest(ReplayedArchive archive) : IClassFixture<ReplayedArchive>, IDisposable
{
    internal NewsWatchCli Cli { get; } = archive.Copy();

    public void Dispose()
    {
        Cli.Dispose();
        GC.SuppressFinalize(this);
    }
}
