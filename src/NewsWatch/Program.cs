using System.CommandLine;
using NewsWatch.Cli;

var root = new RootCommand("NewsWatch: monitors the press for North Korean military defections and indiscipline")
{
    CliHost.ConfigOption,
    CliHost.DbOption,
    RunCommand.Create(),
    ServeCommand.Create(),
    UsersCommand.Create(),
    PollCommand.Create(),
    SourcesCommand.Create(),
    ArticlesCommand.Create(),
    ConfigCommand.Create(),
    DatabaseCommand.Create(),
    ExtractCommand.Create(),
    ReextractCommand.Create(),
    ClassifyCommand.Create(),
    ModelCommand.Create(),
    ReplayCommand.Create(),
    QueueCommand.Create(),
    IncidentCommand.Create(),
    IncidentsCommand.Create(),
    AuditCommand.Create(),
    BenchCommand.Create(),
};
root.SetAction(RunCommand.RunAsync);

var parse = root.Parse(args);
if (parse.Errors.Count > 0)
{
    foreach (var error in parse.Errors)
        Console.Error.WriteLine($"error: {error.Message}");
    Console.Error.WriteLine("Run 'newswatch --help' for usage.");
    return ExitCodes.BadUsage;
}

// The host handles Ctrl+C and SIGTERM itself, so that a stop lets the poll in flight finish.
return await parse.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
