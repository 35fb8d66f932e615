using System.CommandLine;
using Microsoft.Extensions.Hosting;
using NewsWatch.Hosting;

namespace NewsWatch.Cli;

/// <summary><c>newswatch run</c>: the scheduled worker, also what runs when no verb is given.</summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var command = new Command("run", "Run the worker: poll every source on its schedule until stopped (the default)");
        command.SetAction(RunAsync);
        return command;
    }

    public static Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken) =>
        CliHost.RunAsync(parse, async (host, _) =>
        {
            CliHost.RequireClassifier(host.Services);
            // The host's own lifetime (console, systemd or Windows service) decides when to stop; in-flight polls finish first.
            await host.RunAsync();
            return ExitCodes.Ok;
        }, cancellationToken, builder => builder.AddWorker(), createsDatabase: true, serves: WebEnabled);

    /// <summary>Whether `run` serves the review site beside the worker (Web:Enabled, true unless turned off).</summary>
    private static bool WebEnabled(Microsoft.Extensions.Configuration.IConfiguration configuration) =>
        !bool.TryParse(configuration[$"{NewsWatch.Web.WebOptions.Section}:Enabled"], out var enabled) || enabled;
}
