using System.CommandLine;
using Microsoft.Extensions.Hosting;

namespace NewsWatch.Cli;

/// <summary>
/// <c>newswatch serve</c>: the review site alone, without polling, against the same database (a maintainer's laptop, or a
/// site beside several workers).
/// </summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var command = new Command("serve", "Serve the review site (Web:Urls) without polling, until stopped");
        command.SetAction((parse, cancellationToken) => CliHost.RunAsync(parse, async (host, _) =>
        {
            await host.RunAsync();
            return ExitCodes.Ok;
        }, cancellationToken, serves: _ => true));
        return command;
    }
}
