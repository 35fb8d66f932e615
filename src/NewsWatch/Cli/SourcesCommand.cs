using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using NewsWatch.Storage;

namespace NewsWatch.Cli;

/// <summary><c>newswatch sources [--json]</c>: each configured source with its health.</summary>
internal static class SourcesCommand
{
    private sealed record SourceHealth(
        string Name, string FeedUrl, TimeSpan Interval, bool Enabled,
        DateTimeOffset? LastPolledAt, DateTimeOffset? LastSuccessAt, int ConsecutiveFailures, string? LastError, DateTimeOffset? NextPollAfter);

    public static Command Create()
    {
        var json = CliHost.JsonOption();
        var command = new Command("sources", "List the configured sources with their health") { json };
        command.SetAction((parse, cancellationToken) => CliHost.RunAsync(parse, async (host, ct) =>
        {
            var options = CliHost.ReadOptions(host.Services);
            var rows = (await host.Services.GetRequiredService<SourceStore>().ListAsync(ct)).ToDictionary(r => r.Name, StringComparer.OrdinalIgnoreCase);
            var health = options.Sources.Select(s =>
            {
                var row = rows.GetValueOrDefault(s.Name);
                return new SourceHealth(s.Name, s.FeedUrl, s.Interval, s.Enabled, row?.LastPolledAt, row?.LastSuccessAt,
                    row?.ConsecutiveFailures ?? 0, row?.LastError, row?.NextPollAfter);
            }).ToList();

            if (parse.GetValue(json))
                Output.WriteJson(health);
            else
                Output.WriteTable(["NAME", "INTERVAL", "LAST POLL", "LAST SUCCESS", "FAILURES", "LAST ERROR"],
                    health.Select(h => new[]
                    {
                        h.Enabled ? h.Name : h.Name + " (disabled)", h.Interval.ToString(), Output.Instant(h.LastPolledAt),
                        Output.Instant(h.LastSuccessAt), h.ConsecutiveFailures.ToString(), h.LastError,
                    }), maxColumnWidth: 80);
            return ExitCodes.Ok;
        }, cancellationToken));
        return command;
    }
}
