using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using NewsWatch.Pipeline;

namespace NewsWatch.Cli;

/// <summary><c>newswatch reextract [--source NAME]</c>: run extraction again over the stored raw pages, without refetching.</summary>
internal static class ReextractCommand
{
    public static Command Create()
    {
        var source = new Option<string?>("--source") { Description = "Only pages of this source" };
        var command = new Command("reextract", "Re-run extraction over stored raw pages (after the extractor improves)") { source };
        command.SetAction((parse, cancellationToken) => CliHost.RunAsync(parse, async (host, ct) =>
        {
            var options = CliHost.ReadOptions(host.Services);
            var name = parse.GetValue(source);
            if (name is not null)
                name = CliHost.RequireSource(options, name).Name;
            var done = await host.Services.GetRequiredService<ArticlePipeline>().ReextractAsync(name, ct);
            Console.Out.WriteLine($"re-extracted {done} stored pages");
            return ExitCodes.Ok;
        }, cancellationToken));
        return command;
    }
}
