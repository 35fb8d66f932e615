using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using NewsWatch.Storage;

namespace NewsWatch.Cli;

/// <summary><c>newswatch db migrate|check|backup</c>: the database file's schema, soundness and copies.</summary>
internal static class DatabaseCommand
{
    public static Command Create()
    {
        var migrate = new Command("migrate", "Create the database if needed and apply the migrations it does not have yet");
        migrate.SetAction((parse, cancellationToken) => CliHost.RunAsync(parse, async (host, ct) =>
        {
            var applied = await CliHost.PrepareDatabaseAsync(host.Services, creates: true, ct);
            foreach (var migration in applied)
                Console.Out.WriteLine($"applied {migration.Version:0000} {migration.Name}");
            var database = host.Services.GetRequiredService<Database>();
            Console.Out.WriteLine($"{database.FilePath}: schema version {Migrator.All[^1].Version} ({Migrator.All[^1].Name})");
            return ExitCodes.Ok;
        }, cancellationToken, migrate: false));

        var check = new Command("check", "Check the database file for damage (SQLite quick_check); prints ok or the problems, exit 0 or 1");
        check.SetAction((parse, cancellationToken) => CliHost.RunAsync(parse, async (host, ct) =>
        {
            var path = RequireExisting(host.Services);
            var problems = await DatabaseMaintenance.CheckAsync(path, 100, ct);
            if (problems.Count == 0)
            {
                Console.Out.WriteLine($"{path}: ok");
                return ExitCodes.Ok;
            }

            Console.Out.WriteLine($"{path}: damaged");
            foreach (var problem in problems)
                Console.Out.WriteLine($"  {problem}");
            return ExitCodes.Failed;
        }, cancellationToken, migrate: false));

        var file = new Argument<FileInfo>("FILE") { Description = "Where to write the copy" };
        var overwrite = new Option<bool>("--overwrite") { Description = "Replace FILE if it exists" };
        var backup = new Command("backup", "Copy the database to FILE with SQLite's online backup (safe while `run` is active), and check the copy")
        {
            file, overwrite,
        };
        backup.SetAction((parse, cancellationToken) => CliHost.RunAsync(parse, async (host, ct) =>
        {
            RequireExisting(host.Services);
            var target = parse.GetValue(file)!.FullName;
            try
            {
                await DatabaseMaintenance.BackupAsync(host.Services.GetRequiredService<Database>(), target, parse.GetValue(overwrite), ct);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException)
            {
                await Console.Error.WriteLineAsync($"error: backup to '{target}' failed: {ex.Message}");
                return ex is IOException or UnauthorizedAccessException ? ExitCodes.BadUsage : ExitCodes.Failed;
            }

            Console.Out.WriteLine($"{target}: backup written and checked");
            return ExitCodes.Ok;
        }, cancellationToken, migrate: false));

        return new Command("db", "Database maintenance") { migrate, check, backup };
    }

    private static string RequireExisting(IServiceProvider services)
    {
        var path = services.GetRequiredService<Database>().FilePath;
        if (!File.Exists(path))
            throw new ConfigurationException($"{Hosting.NewsWatchOptions.Section}:Database: '{path}' does not exist.");
        return path;
    }
}
