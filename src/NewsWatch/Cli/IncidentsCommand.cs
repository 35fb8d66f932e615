using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using NewsWatch.Review;
using NewsWatch.Storage;

namespace NewsWatch.Cli;

/// <summary><c>newswatch incidents export --format csv|json [--status S] [--out FILE]</c>.</summary>
internal static class IncidentsCommand
{
    private static readonly string[] CsvFactKinds =
        [FactKinds.EventType, FactKinds.EventDate, FactKinds.Place, FactKinds.People, FactKinds.Rank, FactKinds.Unit, FactKinds.Casualties, FactKinds.Route, FactKinds.Name];

    public static Command Create()
    {
        var format = new Option<string>("--format") { Description = "csv or json", Required = true };
        format.AcceptOnlyFromAmong("csv", "json");
        var status = QueueCommand.StatusOption();
        var output = new Option<FileInfo?>("--out") { Description = "File to write (standard output if absent)" };
        var export = new Command("export", "Export incidents with their facts and reports: one CSV row, or one JSON object, per incident") { format, status, output };
        export.SetAction((parse, cancellationToken) => CliHost.RunAsync(parse, async (host, ct) =>
        {
            var details = await host.Services.GetRequiredService<ReviewQueue>().ExportAsync(parse.GetValue(status), ct);
            var text = parse.GetValue(format) == "json"
                ? JsonSerializer.Serialize(details.Select(IncidentDocument.From), Output.Json)
                : Csv(details);
            if (parse.GetValue(output) is { } file)
            {
                file.Directory?.Create();
                await File.WriteAllTextAsync(file.FullName, text + Environment.NewLine, new UTF8Encoding(false), ct);
                await Console.Error.WriteLineAsync($"{details.Count} incidents written to {file.FullName}");
            }
            else
            {
                Console.Out.WriteLine(text);
            }

            return ExitCodes.Ok;
        }, cancellationToken));
        return new Command("incidents", "Work with incidents in bulk") { export };
    }

    private static string Csv(IReadOnlyList<IncidentDetail> details)
    {
        var builder = new StringBuilder();
        string[] header = ["id", "status", "category", "title", "event_date", .. CsvFactKinds.Skip(1).Select(k => k == FactKinds.EventDate ? "reported_event_dates" : k), "report_count", "first_report", "last_report", "reports_since_decision", "sources"];
        builder.AppendLine(string.Join(',', header));
        foreach (var detail in details)
        {
            var i = detail.Incident;
            var document = IncidentDocument.From(detail);
            var facts = CsvFactKinds.Skip(1).Select(k => document.Facts.TryGetValue(k, out var values) ? string.Join("; ", values.Select(v => v.Value)) : "");
            string[] row =
            [
                i.Id.ToString(CultureInfo.InvariantCulture), i.Status, i.Category, i.Title, document.EventDate, .. facts,
                i.ReportCount.ToString(CultureInfo.InvariantCulture), Output.Instant(i.FirstReportAt), Output.Instant(i.LastReportAt),
                i.ReportsSinceDecision.ToString(CultureInfo.InvariantCulture),
                string.Join("; ", detail.Reports.Select(r => r.Outlet).Distinct(StringComparer.OrdinalIgnoreCase)),
            ];
            builder.AppendLine(string.Join(',', row.Select(Quote)));
        }

        return builder.ToString().TrimEnd();
    }

    // RFC 4180: quote fields with separators, quotes or line breaks; a leading formula character is neutralised for spreadsheets.
    private static string Quote(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@')
            value = "'" + value;
        return value.IndexOfAny([',', '"', '\n', '\r']) < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }
}
