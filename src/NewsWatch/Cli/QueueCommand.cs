using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using NewsWatch.Review;
using NewsWatch.Storage;

namespace NewsWatch.Cli;

/// <summary><c>newswatch queue [--status pending|confirmed|rejected|merged] [--json]</c>: incidents waiting for, or past, review.</summary>
internal static class QueueCommand
{
    public static Option<string?> StatusOption()
    {
        var status = new Option<string?>("--status") { Description = "pending, confirmed, rejected or merged (all but merged when absent)" };
        status.AcceptOnlyFromAmong([.. IncidentStatuses.All]);
        return status;
    }

    public static Command Create()
    {
        var status = StatusOption();
        status.DefaultValueFactory = _ => IncidentStatuses.Pending;
        var limit = new Option<int>("--limit") { Description = "Show at most this many", DefaultValueFactory = _ => 100 };
        var json = CliHost.JsonOption();
        var command = new Command("queue", "Incidents for review, most recently reported first (pending by default)") { status, limit, json };
        command.SetAction((parse, cancellationToken) => CliHost.RunAsync(parse, async (host, ct) =>
        {
            var rows = await host.Services.GetRequiredService<ReviewQueue>().ListAsync(parse.GetValue(status), parse.GetValue(limit), ct);
            if (parse.GetValue(json))
            {
                Output.WriteJson(rows);
                return ExitCodes.Ok;
            }

            Output.WriteTable(
                ["ID", "STATUS", "CATEGORY", "EVENT", "REPORTS", "NEW", "LAST REPORT", "TITLE"],
                rows.Select(r => (IReadOnlyList<string?>)[
                    r.Id.ToString(CultureInfo.InvariantCulture), r.Status, r.Category, IncidentDocument.FormatEventDate(r.EventFrom, r.EventTo),
                    r.ReportCount.ToString(CultureInfo.InvariantCulture), r.ReportsSinceDecision > 0 ? $"+{r.ReportsSinceDecision}" : "",
                    Output.Instant(r.LastReportAt), r.Title]));
            return ExitCodes.Ok;
        }, cancellationToken));
        return command;
    }
}
