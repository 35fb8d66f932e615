using Dapper;
using Microsoft.Extensions.DependencyInjection;
using NewsWatch.Classification;
using NewsWatch.Hosting;
using NewsWatch.Incidents;
using NewsWatch.Storage;
using NewsWatch.Tests.Support;

namespace NewsWatch.Tests.Incidents;

/// <summary>Two processes on one database (a `run` and a `replay`, two workers) group the same classified reports at once.</summary>
public sealed class ConcurrentGroupingTests
{
    private static readonly string[] Events =
    [
        "A North Korean soldier crossed the military demarcation line in the central sector and defected, the Joint Chiefs of Staff said.",
        "Two North Korean border guards fled across the Tumen River into China after a shooting at their post, sources said.",
        "A North Korean officer was punished for selling army rations on the black market, a defector group reported.",
        "A North Korean diplomat in Europe defected with his family and asked for asylum, officials said.",
        "North Korean soldiers deserted their unit near Hyesan and stole food from farms, residents said.",
    ];

    [Fact]
    public async Task Two_groupers_on_one_database_place_every_report_once_and_fail_on_none()
    {
        await using var app = await TestApp.StartAsync([]);
        using var otherProcess = NewsWatchHost.CreateBuilder(new HostSettings(app.ConfigPath, null)).Build();
        var source = await app.SourceRows.EnsureAsync("archive", "file:///archive.jsonl", DateTimeOffset.UtcNow);
        var reports = Enumerable.Range(0, 120).Select(i => new ArchivedReport(
            $"r{i}", null, "Wire", new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero).AddDays(i / 10), PublishedPrecisions.Day,
            $"Report {i} on event {i % Events.Length}", Events[i % Events.Length] + $" Report number {i}.")).ToList();
        await app.Articles.ImportAsync(source.Id, reports, DateTimeOffset.UtcNow);
        await app.Services.GetRequiredService<ClassificationStage>().ClassifyReadyAsync(
            [], new ClassificationRun(EveryReportIsCandidate: true), TimeSpan.FromHours(1), CancellationToken.None);

        var first = app.Services.GetRequiredService<IncidentGrouper>();
        var second = otherProcess.Services.GetRequiredService<IncidentGrouper>();
        var outcomes = await Task.WhenAll(
            Task.Run(() => first.GroupReadyAsync(TimeSpan.FromHours(1), CancellationToken.None)),
            Task.Run(() => second.GroupReadyAsync(TimeSpan.FromHours(1), CancellationToken.None)));

        Assert.Equal(0, outcomes.Sum(o => o.Failed));
        Assert.Equal(reports.Count, outcomes.Sum(o => o.Grouped));
        await using var connection = await app.Services.GetRequiredService<Database>().OpenAsync();
        Assert.Equal(reports.Count, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM incident_reports"));
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM articles WHERE stage <> 'grouped' OR stage_error IS NOT NULL"));
        // Every incident's count is the number of reports it holds: no report was counted by both.
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM incidents i WHERE report_count <> (SELECT COUNT(*) FROM incident_reports r WHERE r.incident_id = i.id)"));
    }
}
