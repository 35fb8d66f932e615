using System.Security.Cryptography;
using Dapper;
using NewsWatch.Storage;
using NewsWatch.Tests.Support;

namespace NewsWatch.Tests.Storage;

/// <summary>A database file with 8 KB of garbage in the middle, and the backups that restore one.</summary>
public sealed class DamagedDatabaseTests(ReplayedArchive archive) : ReplayedArchiveTest(archive)
{
    private void Damage()
    {
        using var file = File.Open(Cli.DatabasePath, FileMode.Open, FileAccess.ReadWrite);
        var garbage = new byte[8192];
        new Random(10).NextBytes(garbage);
        // Whole pages in the middle of the file (pages are 4 KB), not the header: the file still opens as a database.
        file.Position = file.Length / 2 / 4096 * 4096;
        file.Write(garbage);
    }

    private byte[] Hash() => SHA256.HashData(File.ReadAllBytes(Cli.DatabasePath));

    [Theory]
    [InlineData("incident", "show", "1")]
    [InlineData("incident", "confirm", "1", "--user", "ops", "--reason", "checked")]
    [InlineData("poll")]
    public async Task Damaged_database_is_refused_with_exit_2_and_the_restore_advice_and_is_not_written(params string[] verb)
    {
        Damage();
        var before = Hash();

        var result = await Cli.RunAsync(verb);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"'{Cli.DatabasePath}' is damaged", result.StdErr);
        Assert.Contains("newswatch db backup", result.StdErr);
        Assert.DoesNotContain("   at ", result.StdErr);
        Assert.Equal(before, Hash());
        Assert.False(File.Exists(Cli.DatabasePath + "-wal") && new FileInfo(Cli.DatabasePath + "-wal").Length > 0);
    }

    [Fact]
    public async Task Db_check_prints_ok_for_a_sound_database_and_the_problems_with_exit_1_for_a_damaged_one()
    {
        Assert.Contains(": ok", await Cli.RunOkAsync("db", "check"));
        Damage();

        var result = await Cli.RunAsync("db", "check");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("damaged", result.StdOut);
    }

    [Fact]
    public async Task Db_backup_writes_a_checked_copy_that_holds_every_incident_and_never_overwrites_unasked()
    {
        var copy = Path.Combine(Cli.Directory, "backup.db");

        await Cli.RunOkAsync("db", "backup", copy);
        var again = await Cli.RunAsync("db", "backup", copy);

        Assert.Equal(2, again.ExitCode);
        Assert.Contains("already exists", again.StdErr);
        Assert.Equal((await Cli.ExportAsync()).ToString(), (await Cli.ExportAsync("--db", copy)).ToString());
        Assert.Empty(Directory.GetFiles(Cli.Directory, "*.partial"));
        await Cli.RunOkAsync("db", "backup", copy, "--overwrite");
        var nowhere = await Cli.RunAsync("db", "backup", Path.Combine(Cli.Directory, "missing", "backup.db"));
        Assert.Equal(2, nowhere.ExitCode);
        Assert.Contains($"the folder '{Path.Combine(Cli.Directory, "missing")}' does not exist", nowhere.StdErr);
    }

    [Fact]
    public async Task Db_backup_while_another_process_writes_is_a_consistent_copy()
    {
        var copy = Path.Combine(Cli.Directory, "backup.db");
        await using var writer = await new Database(Cli.DatabasePath).OpenAsync(TestContext.Current.CancellationToken);
        await using var transaction = await writer.BeginTransactionAsync(TestContext.Current.CancellationToken);
        await writer.ExecuteAsync("UPDATE articles SET title = title || '-uncommitted'", transaction: transaction);

        await Cli.RunOkAsync("db", "backup", copy);

        await transaction.RollbackAsync(TestContext.Current.CancellationToken);
        Assert.Equal(0, (await Cli.RunAsync("db", "check", "--db", copy)).ExitCode);
        await using var backup = await new Database(copy).OpenAsync(TestContext.Current.CancellationToken);
        Assert.Equal(0, await backup.ExecuteScalarAsync<long>("SELECT count(*) FROM articles WHERE title LIKE '%-uncommitted'", TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Restoring_a_backup_over_a_damaged_database_makes_it_usable_again()
    {
        var copy = Path.Combine(Cli.Directory, "backup.db");
        await Cli.RunOkAsync("db", "backup", copy);
        Damage();
        Assert.Equal(2, (await Cli.RunAsync("incident", "show", "1")).ExitCode);

        Database.ReleaseFiles();
        File.Copy(copy, Cli.DatabasePath, overwrite: true);

        Assert.Equal(0, (await Cli.RunAsync("incident", "show", "1")).ExitCode);
    }
}
