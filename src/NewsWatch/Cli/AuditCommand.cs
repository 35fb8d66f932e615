using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using NewsWatch.Review;

namespace NewsWatch.Cli;

/// <summary><c>newswatch audit [--incident ID] [--json]</c>: who did what to which incident, newest first.</summary>
internal static class AuditCommand
{
    public static Command Create()
    {
        var incident = new Option<long?>("--incident") { Description = "Only entries about this incident (including merges and moves into or out of it)" };
        var limit = new Option<int>("--limit") { Description = "Show at most this many", DefaultValueFactory = _ => 200 };
        var json = CliHost.JsonOption();
        var command = new Command("audit", "The audit log of review decisions, newest first") { incident, limit, json };
        command.SetAction((parse, cancellationToken) => CliHost.RunAsync(parse, async (host, ct) =>
        {
            var entries = await host.Services.GetRequiredService<ReviewQueue>().AuditAsync(parse.GetValue(incident), parse.GetValue(limit), ct);
            if (parse.GetValue(json))
            {
                Output.WriteJson(entries);
                return ExitCodes.Ok;
            }

            Output.WriteTable(
                ["ID", "AT", "USER", "ACTION", "INCIDENT", "REPORT", "REASON", "CHANGES"],
                entries.Select(e => (IReadOnlyList<string?>)[
                    e.Id.ToString(CultureInfo.InvariantCulture), Output.Instant(e.At), e.UserName, e.Action,
                    e.IncidentId?.ToString(CultureInfo.InvariantCulture), e.ArticleId?.ToString(CultureInfo.InvariantCulture), e.Reason, e.Changes]),
                maxColumnWidth: 120);
            return ExitCodes.Ok;
        }, cancellationToken));
        return command;
    }
}
