using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using NewsWatch.Storage;

namespace NewsWatch.Cli;

/// <summary><c>newswatch db migrate</c>: bring the database to the current schema.</summary>
internal static class DbCommand
{
    public static Command Create()
    {
        var migrate = new Command("migrate", "Apply the migrations the database does not have yet");
        migrate.SetAction((parse, cancellationToken) => CliHost.RunAsync(parse, (host, _) =>
        {
            // CliHost has migrated already; report the state it left.
            var database = host.Services.GetRequiredService<Database>();
            Console.Out.WriteLine($"{database.FilePath}: schema version {Migrator.All[^1].Version} ({Migrator.All[^1].Name})");
            return Task.FromResult(ExitCodes.Ok);
        }, cancellationToken));
        return new Command("db", "Database maintenance") { migrate };
    }
}
