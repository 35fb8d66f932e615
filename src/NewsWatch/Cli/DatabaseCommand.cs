using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using NewsWatch.Storage;

namespace NewsWatch.Cli;

/// <summary><c>newswatch db migrate</c>: bring the database to the current schema.</summary>
internal static class DatabaseCommand
{
    public static Command Create()
    {
        var migrate = new Command("migrate", "Apply the migrations the database does not have yet");
        migrate.SetAction((parse, cancellationToken) => CliHost.RunAsync(parse, async (host, ct) =>
        {
            var applied = await host.Services.GetRequiredService<Migrator>().MigrateAsync(ct);
            foreach (var migration in applied)
                Console.Out.WriteLine($"applied {migration.Version:0000} {migration.Name}");
            var database = host.Services.GetRequiredService<Database>();
            Console.Out.WriteLine($"{database.FilePath}: schema version {Migrator.All[^1].Version} ({Migrator.All[^1].Name})");
            return ExitCodes.Ok;
        }, cancellationToken, migrate: false));
        return new Command("db", "Database maintenance") { migrate };
    }
}
