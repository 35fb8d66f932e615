using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using NewsWatch.Hosting;
using NewsWatch.Pipeline;
using NewsWatch.Sources;

namespace NewsWatch.Cli;

/// <summary><c>newswatch poll [--source NAME] [--json]</c>: poll now, print what each source gave.</summary>
internal static class PollCommand
{
    public static Command Create()
    {
        var source = new Option<string?>("--source") { Description = "Poll only this source (by name)" };
        var json = CliHost.JsonOption();
        var command = new Command("poll", "Poll every source (or one) once now; exit 1 if any failed") { source, json };
        command.SetAction((parse, cancellationToken) => CliHost.RunAsync(parse, async (host, ct) =>
        {
            var options = CliHost.ReadOptions(host.Services);
            var name = parse.GetValue(source);
            var selected = name is null ? options.Sources.Where(s => s.Enabled).ToList() : [CliHost.RequireSource(options, name)];
            CliHost.RequireClassifier(host.Services);
            var poller = host.Services.GetRequiredService<SourcePoller>();

            var results = new PollResult[selected.Count];
            // Sources are independent; the per-host connection cap keeps this polite.
            await Parallel.ForEachAsync(Enumerable.Range(0, selected.Count), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct },
                async (i, token) => results[i] = await poller.PollAsync(selected[i], respectBackoff: false, token));

            await host.Services.GetRequiredService<ArticlePipeline>().AdvanceAfterPollAsync(ct);
            if (parse.GetValue(json))
                Output.WriteJson(results);
            else
                Output.WriteTable(["SOURCE", "STATUS", "NEW", "SEEN", "ERROR"],
                    results.Select(r => new[] { r.Source, r.Status, r.NewItems.ToString(), r.SeenItems.ToString(), r.Error }), maxColumnWidth: 120);

            return results.All(r => r.Succeeded) ? ExitCodes.Ok : ExitCodes.Failed;
        }, cancellationToken, createsDatabase: true));
        return command;
    }
}
