using System.CommandLine;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using NewsWatch.Pipeline;
using NewsWatch.Storage;

namespace NewsWatch.Cli;

/// <summary><c>newswatch replay --jsonl FILE [--skip-classifier] [--out GROUPING]</c>: runs collected reports through classification and grouping.</summary>
internal static class ReplayCommand
{
    public static Command Create()
    {
        var jsonl = new Option<FileInfo>("--jsonl") { Description = "Reports {id, url, outlet, published, title, text}, one per line", Required = true };
        var skipClassifier = new Option<bool>("--skip-classifier") { Description = "Treat every report as a candidate (an archive known to be relevant); the classifier only names the category" };
        var output = new Option<FileInfo?>("--out") { Description = "Also write {id, incident} for every report (incident null when not grouped)" };
        var model = ModelCommand.ModelOption();
        var command = new Command("replay", "Run already-collected reports through classification and grouping in published order") { jsonl, skipClassifier, output, model };
        command.SetAction((parse, cancellationToken) => CliHost.RunAsync(parse, async (host, ct) =>
        {
            var file = parse.GetValue(jsonl)!;
            if (!file.Exists)
            {
                await Console.Error.WriteLineAsync($"error: --jsonl: file '{file.FullName}' does not exist.");
                return ExitCodes.BadUsage;
            }

            IReadOnlyList<ArchivedReport> reports;
            try
            {
                reports = ArchiveReplay.ReadFile(file.FullName);
            }
            catch (InvalidDataException ex)
            {
                await Console.Error.WriteLineAsync($"error: {ex.Message} (nothing was stored)");
                return ExitCodes.BadUsage;
            }

            var classifier = ModelCommand.LoadClassifier(host.Services, parse.GetValue(model));
            CliHost.RequireIncidents(host.Services);
            var outcome = await host.Services.GetRequiredService<ArchiveReplay>().ReplayAsync(file.FullName, reports, classifier, parse.GetValue(skipClassifier), ct);
            await Console.Error.WriteLineAsync(
                $"{outcome.Reports} reports replayed, {outcome.Candidates} candidates; {outcome.Grouping.Grouped} grouped into {outcome.Grouping.OpenedIncidents} new incidents");

            if (parse.GetValue(output) is { } target)
            {
                var placed = (await host.Services.GetRequiredService<IncidentStore>().ExportAsync(null, ct))
                    .SelectMany(d => d.Reports.Select(r => (r.ArticleId, d.Incident.Id)))
                    .ToDictionary(p => p.ArticleId, p => p.Id);
                target.Directory?.Create();
                var lines = outcome.Articles.Select(a => JsonSerializer.Serialize(new { id = a.ExternalId, incident = placed.TryGetValue(a.ArticleId, out var i) ? (long?)i : null }));
                await File.WriteAllLinesAsync(target.FullName, lines, new UTF8Encoding(false), ct);
                await Console.Error.WriteLineAsync($"grouping written to {target.FullName}");
            }

            return ExitCodes.Ok;
        }, cancellationToken, createsDatabase: true));
        return command;
    }
}
