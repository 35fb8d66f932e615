using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using NewsWatch.Storage;
using NewsWatch.Tests.Support;

namespace NewsWatch.Tests.Storage;

/// <summary>The database file under faults: several processes starting on it, a wrong path, an unwritable folder.</summary>
public sealed class DatabaseFileTests : IDisposable
{
    private readonly NewsWatchCli _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task Concurrent_migrators_on_a_new_file_apply_the_schema_once()
    {
        for (var round = 0; round < 5; round++)
        {
            var path = Path.Combine(_cli.Directory, $"race-{round}.db");
            // Each migrator its own Database and so its own connection pool: as separate processes would.
            var migrators = Enumerable.Range(0, 6)
                .Select(_ => new Migrator(new Database(path), TimeProvider.System, NullLogger<Migrator>.Instance))
                .ToList();
            using var start = new ManualResetEventSlim();
            var runs = migrators.Select(m => Task.Run(async () =>
            {
                start.Wait(TestContext.Current.CancellationToken);
                return await m.MigrateAsync(TestContext.Current.CancellationToken);
            })).ToList();
            start.Set();

            var applied = await Task.WhenAll(runs);

            Assert.Equal(Migrator.All.Count, applied.Sum(a => a.Count));
            await using var connection = await new Database(path).OpenAsync(TestContext.Current.CancellationToken);
            Assert.Equal(Migrator.All.Count, await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM schema_migrations"));
            Assert.Equal("wal", await connection.ExecuteScalarAsync<string>("PRAGMA journal_mode"));
        }
    }

    [Fact]
    public async Task Two_db_migrate_processes_started_together_on_a_new_file_both_exit_0()
    {
        for (var round = 0; round < 3; round++)
        {
            var path = Path.Combine(_cli.Directory, $"race-{round}.db");

            var results = await Task.WhenAll(_cli.RunAsync("db", "migrate", "--db", path), _cli.RunAsync("db", "migrate", "--db", path));

            Assert.All(results, r => Assert.True(r.ExitCode == 0, r.StdErr));
            Assert.Equal(Migrator.All.Count, results.Sum(r => r.StdOut.Split('\n').Count(l => l.StartsWith("applied ", StringComparison.Ordinal))));
        }
    }

    [Theory]
    [InlineData("articles")]
    [InlineData("sources")]
    [InlineData("queue")]
    [InlineData("audit")]
    [InlineData("incident", "show", "1")]
    [InlineData("incidents", "export", "--format", "json")]
    [InlineData("db", "check")]
    [InlineData("db", "backup", "copy.db")]
    public async Task Reading_verb_on_a_missing_database_exits_2_naming_it_and_creates_nothing(params string[] verb)
    {
        var path = Path.Combine(_cli.Directory, "typo", "newswatsch.db");

        var result = await _cli.RunAsync([.. verb, "--db", path]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"'{path}' does not exist", result.StdErr);
        Assert.False(Directory.Exists(Path.GetDirectoryName(path)));
    }

    [Fact]
    public async Task Config_needs_no_database_and_creates_none()
    {
        var path = Path.Combine(_cli.Directory, "typo", "newswatsch.db");

        await _cli.RunOkAsync("config", "--db", path);

        Assert.False(Directory.Exists(Path.GetDirectoryName(path)));
    }

    [Fact]
    public async Task Db_migrate_creates_the_database_and_its_folder()
    {
        var path = Path.Combine(_cli.Directory, "new", "folder", "newswatch.db");

        await _cli.RunOkAsync("db", "migrate", "--db", path);

        Assert.True(File.Exists(path));
        Assert.Contains("does not exist", (await _cli.RunAsync("sources", "--db", path + "x")).StdErr);
        Assert.Equal(0, (await _cli.RunAsync("sources", "--db", path)).ExitCode);
    }

    [Fact]
    public async Task Database_in_an_unwritable_location_is_exit_2_with_the_reason()
    {
        // Under a regular file no folder can be created, whoever runs the test (root ignores permission bits).
        var blocker = Path.Combine(_cli.Directory, "a-file");
        await File.WriteAllTextAsync(blocker, "not a folder", TestContext.Current.CancellationToken);
        var path = Path.Combine(blocker, "sub", "newswatch.db");

        var result = await _cli.RunAsync("db", "migrate", "--db", path);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("NewsWatch:Database", result.StdErr);
        Assert.Contains(Path.Combine(blocker, "sub"), result.StdErr);
        Assert.DoesNotContain("   at ", result.StdErr);
    }
}
