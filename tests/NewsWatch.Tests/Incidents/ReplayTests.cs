using NewsWatch.Tests.Support;

namespace NewsWatch.Tests.Incidents;

/// <summary>Replaying an archive we wrote (three events, copies, updates, follow-ups, and a look-alike event a year later) through grouping.</summary>
public sealed class ReplayTests(ReplayedArchive archive) : ReplayedArchiveTest(archive)
{
    [Fact]
    public async Task Flash_copies_update_and_follow_up_of_one_event_form_one_incident()
    {
        var incident = (await Cli.ExportAsync()).WithReport("a-flash");

        Assert.Equal(["a-copy-1", "a-copy-2", "a-flash", "a-follow-up", "a-update"], incident.ReportIds());
        Assert.Equal("first", incident.Report("a-flash").GetProperty("relation").GetString());
        Assert.Equal("copy", incident.Report("a-copy-1").GetProperty("relation").GetString());
        Assert.Equal("copy", incident.Report("a-copy-2").GetProperty("relation").GetString());
        Assert.Equal("update", incident.Report("a-update").GetProperty("relation").GetString());
        Assert.Equal("follow-up", incident.Report("a-follow-up").GetProperty("relation").GetString());
        Assert.Equal("pending", incident.GetProperty("status").GetString());
    }

    [Fact]
    public async Task The_same_kind_of_crossing_at_the_same_place_a_year_later_is_a_new_incident()
    {
        var incidents = await Cli.ExportAsync();

        var later = incidents.WithReport("b-next-year");
        Assert.NotEqual(incidents.WithReport("a-flash").Id(), later.Id());
        Assert.Equal(["b-next-year", "f-next-year-copy"], later.ReportIds());
        Assert.Equal("copy", later.Report("f-next-year-copy").GetProperty("relation").GetString());
    }

    [Fact]
    public async Task Unrelated_reports_stay_on_their_own_and_a_shooting_keeps_its_update()
    {
        var incidents = await Cli.ExportAsync();

        Assert.Equal(["c-fuel"], incidents.WithReport("c-fuel").ReportIds());
        Assert.Equal(["e-undated"], incidents.WithReport("e-undated").ReportIds());
        Assert.Equal(["g-year-only"], incidents.WithReport("g-year-only").ReportIds());
        Assert.Equal(["d-first", "d-update"], incidents.WithReport("d-first").ReportIds());
        Assert.Equal(6, incidents.GetArrayLength());
    }

    [Fact]
    public async Task A_later_report_with_a_different_casualty_figure_is_kept_beside_the_first()
    {
        var shooting = (await Cli.ExportAsync()).WithReport("d-first");

        var casualties = shooting.GetProperty("facts").GetProperty("casualties").EnumerateArray()
            .Select(f => (Value: f.GetProperty("value").GetString(), Report: f.GetProperty("report").GetString())).ToList();
        Assert.Contains(casualties, c => c.Report == "d-first" && c.Value!.Contains('2'));
        Assert.Contains(casualties, c => c.Report == "d-update" && c.Value!.Contains('5'));
        var places = shooting.GetProperty("facts").GetProperty("place").EnumerateArray().Select(f => f.GetProperty("value").GetString()).ToList();
        Assert.Contains(places, p => p!.Contains("Kaesong", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Export_keeps_each_report_s_external_id_outlet_url_and_publication_precision()
    {
        var incidents = await Cli.ExportAsync();

        var flash = incidents.WithReport("a-flash").Report("a-flash");
        Assert.Equal("2019-08-01T03:10:00Z", flash.GetProperty("published").GetString());
        Assert.Equal("Example Wire", flash.GetProperty("outlet").GetString());
        Assert.Equal("https://wire.example/2019/08/01/soldier-imjin", flash.GetProperty("url").GetString());
        Assert.Equal("2019-08-27", incidents.WithReport("a-follow-up").Report("a-follow-up").GetProperty("published").GetString());
        Assert.Equal("2019-08", incidents.WithReport("c-fuel").Report("c-fuel").GetProperty("published").GetString());
        Assert.Equal("2019", incidents.WithReport("g-year-only").Report("g-year-only").GetProperty("published").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, incidents.WithReport("e-undated").Report("e-undated").GetProperty("published").ValueKind);
    }

    [Fact]
    public async Task Replaying_the_same_archive_again_adds_nothing()
    {
        var before = await Cli.ExportAsync();

        await Cli.RunOkAsync("replay", "--jsonl", Fixtures.Path("replay-archive.jsonl"), "--skip-classifier");

        var after = await Cli.ExportAsync();
        Assert.Equal(before.GetRawText(), after.GetRawText());
    }

    [Fact]
    public async Task Incident_show_json_has_the_export_shape_and_csv_has_one_row_per_incident()
    {
        var incidents = await Cli.ExportAsync();
        var id = incidents.WithReport("a-flash").Id();

        var shown = System.Text.Json.JsonDocument.Parse(await Cli.RunOkAsync("incident", "show", id.ToString(System.Globalization.CultureInfo.InvariantCulture), "--json")).RootElement;
        Assert.True(System.Text.Json.Nodes.JsonNode.DeepEquals(System.Text.Json.Nodes.JsonNode.Parse(incidents.WithReport("a-flash").GetRawText()), System.Text.Json.Nodes.JsonNode.Parse(shown.GetRawText())),
            "incident show --json must be the exported object");

        var csv = (await Cli.RunOkAsync("incidents", "export", "--format", "csv")).Trim().Split('\n');
        Assert.Equal(1 + incidents.GetArrayLength(), csv.Length);
        Assert.StartsWith("id,status,category,title,event_date,", csv[0], StringComparison.Ordinal);
        Assert.Contains(csv, line => line.StartsWith($"{id},pending,", StringComparison.Ordinal) && line.Contains(",5,", StringComparison.Ordinal));
    }
}

/// <summary>Replay inputs that are wrong.</summary>
public sealed class ReplayInputTests
{
    [Fact]
    public async Task A_bad_published_value_stops_the_replay_before_anything_is_stored()
    {
        using var cli = new NewsWatchCli();

        var result = await cli.RunAsync("replay", "--jsonl", Fixtures.Path("replay-bad-published.jsonl"), "--skip-classifier");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("replay-bad-published.jsonl:2: published 'last spring' is not a timestamp, a date, YYYY-MM, YYYY or null", result.StdErr, StringComparison.Ordinal);
        Assert.Equal(0, (await cli.ExportAsync()).GetArrayLength());
    }

    [Fact]
    public async Task A_missing_file_is_named()
    {
        using var cli = new NewsWatchCli();

        var result = await cli.RunAsync("replay", "--jsonl", Path.Combine(cli.Directory, "nope.jsonl"));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("nope.jsonl' does not exist", result.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public void Publication_dates_of_every_precision_parse_and_nonsense_names_its_line()
    {
        Assert.Equal("year", NewsWatch.Pipeline.ArchiveReplay.ParsePublished("2015", "x").Precision);
        Assert.Equal("month", NewsWatch.Pipeline.ArchiveReplay.ParsePublished("2015-03", "x").Precision);
        Assert.Equal("day", NewsWatch.Pipeline.ArchiveReplay.ParsePublished("2015-03-09", "x").Precision);
        Assert.Equal(new DateTimeOffset(2015, 3, 9, 1, 2, 3, TimeSpan.Zero), NewsWatch.Pipeline.ArchiveReplay.ParsePublished("2015-03-09T10:02:03+09:00", "x").Value);
        Assert.Equal("unknown", NewsWatch.Pipeline.ArchiveReplay.ParsePublished(null, "x").Precision);
        var error = Assert.Throws<InvalidDataException>(() => NewsWatch.Pipeline.ArchiveReplay.ParsePublished("2015-13", "file:7"));
        Assert.StartsWith("file:7: published '2015-13'", error.Message, StringComparison.Ordinal);
    }
}

/// <summary>A report without a date must not borrow one from the reports around it.</summary>
public sealed class UndatedReplayTests
{
    [Fact]
    public async Task An_undated_report_keeps_precision_unknown_and_lends_no_neighbour_s_date_to_its_incident()
    {
        using var cli = new NewsWatchCli();
        var file = Path.Combine(cli.Directory, "undated-first.jsonl");
        // The undated report comes first and its nearest dated neighbour is from 1986, as in the development reports.
        await File.WriteAllLinesAsync(file,
        [
            """{"id": "u-undated", "url": "https://wire.example/kursk-trench-thefts", "outlet": "Example Wire", "published": null, "title": "Russian soldiers accuse North Korean allies of stealing from their trenches at night", "text": "Russian troops on the Kursk front say they must guard against North Korean soldiers, accusing their allies of creeping into Russian dugouts after dark and taking personal belongings."}""",
            """{"id": "m-1986", "url": "https://wire.example/1986/mig-19", "outlet": "Example Wire", "published": "1986-10-25", "title": "MIG-19 flown to South Korea by Chinese pilot", "text": "SEOUL - A pilot from China flew his MIG-19 fighter jet to South Korea on Friday in what appeared to be a defection, the Defense Ministry said."}""",
        ]);
        var replayedFrom = DateTimeOffset.UtcNow;

        await cli.RunOkAsync("replay", "--jsonl", file, "--skip-classifier");

        var incidents = await cli.ExportAsync();
        var undated = incidents.WithReport("u-undated");
        Assert.Equal(["u-undated"], undated.ReportIds());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, undated.Report("u-undated").GetProperty("published").ValueKind);
        Assert.DoesNotContain("1986", undated.GetProperty("eventDate").GetString(), StringComparison.Ordinal);
        await using var connection = await new NewsWatch.Storage.Database(cli.DatabasePath).OpenAsync();
        var article = await Dapper.SqlMapper.QuerySingleAsync<(string Precision, DateTimeOffset Published)>(connection,
            "SELECT published_precision, published_at FROM articles WHERE external_id = 'u-undated'");
        Assert.Equal("unknown", article.Precision);
        Assert.True(article.Published >= replayedFrom, $"the undated report was dated {article.Published:o}, not when it was replayed");
        var firstReport = await Dapper.SqlMapper.QuerySingleAsync<DateTimeOffset>(connection,
            "SELECT first_report_at FROM incidents WHERE id = @id", new { id = undated.Id() });
        Assert.True(firstReport >= replayedFrom, $"the incident's first report is dated {firstReport:o}");
        NewsWatch.Storage.Database.ReleaseFiles();
    }
}
