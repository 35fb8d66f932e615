using System.Globalization;
using System.Text.Json;
using NewsWatch.Tests.Support;

namespace NewsWatch.Tests.Review;

/// <summary>The review queue from the command line against a real SQLite file: every action, its audit entry, and its permanence.</summary>
public sealed class ReviewCommandTests(ReplayedArchive archive) : ReplayedArchiveTest(archive)
{
    [Fact]
    public async Task Confirm_with_a_corrected_category_and_fact_is_shown_and_audited()
    {
        var id = Text((await Cli.ExportAsync()).WithReport("d-first").Id());

        await Cli.RunOkAsync("incident", "confirm", id, "--user", "analyst-a", "--category", "fratricide_or_shooting", "--fact", "unit=3rd Battalion", "--reason", "two sources agree");

        var incident = (await Cli.ExportAsync("--status", "confirmed")).WithReport("d-first");
        Assert.Equal("confirmed", incident.GetProperty("status").GetString());
        Assert.Equal("fratricide_or_shooting", incident.GetProperty("category").GetString());
        Assert.Equal("analyst-a", incident.GetProperty("decidedBy").GetString());
        var unit = incident.GetProperty("facts").GetProperty("unit").EnumerateArray().Single(f => f.GetProperty("value").GetString() == "3rd Battalion");
        Assert.Equal("analyst-a", unit.GetProperty("setBy").GetString());
        Assert.Equal(JsonValueKind.Null, unit.GetProperty("report").ValueKind);

        var audit = JsonDocument.Parse(await Cli.RunOkAsync("audit", "--incident", id, "--json")).RootElement.EnumerateArray().ToList();
        var entry = Assert.Single(audit);
        Assert.Equal("confirm", entry.GetProperty("action").GetString());
        Assert.Equal("analyst-a", entry.GetProperty("userName").GetString());
        Assert.Equal("two sources agree", entry.GetProperty("reason").GetString());
        Assert.Equal("pending", entry.GetProperty("before").GetProperty("status").GetString());
        Assert.Equal("confirmed", entry.GetProperty("after").GetProperty("snapshot").GetProperty("status").GetString());
        Assert.DoesNotContain((await Cli.RunOkAsync("queue")).Split('\n'), line => line.StartsWith(id + " ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Reject_needs_a_reason_and_moves_the_incident_out_of_the_pending_queue()
    {
        var id = Text((await Cli.ExportAsync()).WithReport("g-year-only").Id());

        var refused = await Cli.RunAsync("incident", "reject", id, "--user", "analyst-a");
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("--reason is required", refused.StdErr, StringComparison.Ordinal);

        await Cli.RunOkAsync("incident", "reject", id, "--user", "analyst-a", "--reason", "a trend piece, not an incident");

        var rejected = JsonDocument.Parse(await Cli.RunOkAsync("queue", "--status", "rejected", "--json")).RootElement;
        Assert.Equal(id, Text(Assert.Single(rejected.EnumerateArray().ToList()).GetProperty("id").GetInt64()));
        var pending = JsonDocument.Parse(await Cli.RunOkAsync("queue", "--json")).RootElement;
        Assert.DoesNotContain(pending.EnumerateArray(), i => Text(i.GetProperty("id").GetInt64()) == id);
    }

    [Fact]
    public async Task Merge_split_and_move_rearrange_reports_and_each_is_audited()
    {
        var incidents = await Cli.ExportAsync();
        var imjin = incidents.WithReport("a-flash").Id();
        var nextYear = incidents.WithReport("b-next-year").Id();
        var fuel = incidents.WithReport("c-fuel").Id();

        await Cli.RunOkAsync("incident", "merge", Text(nextYear), "--into", Text(imjin), "--user", "analyst-b", "--reason", "test merge");
        incidents = await Cli.ExportAsync();
        Assert.Equal(7, incidents.WithReport("a-flash").ReportIds().Length);
        var merged = JsonDocument.Parse(await Cli.RunOkAsync("incident", "show", Text(nextYear), "--json")).RootElement;
        Assert.Equal("merged", merged.GetProperty("status").GetString());
        Assert.Equal(imjin, merged.GetProperty("mergedInto").GetInt64());

        var splitOutput = await Cli.RunOkAsync("incident", "split", Text(incidents.ArticleId("b-next-year")), "--user", "analyst-b");
        incidents = await Cli.ExportAsync();
        var split = incidents.WithReport("b-next-year");
        Assert.Equal(["b-next-year"], split.ReportIds());
        Assert.Contains($"new incident {split.Id()}", splitOutput, StringComparison.Ordinal);
        Assert.Equal("analyst-b", split.Report("b-next-year").GetProperty("placedBy").GetString());

        await Cli.RunOkAsync("incident", "move", Text(incidents.ArticleId("f-next-year-copy")), "--to", Text(split.Id()), "--user", "analyst-b");
        incidents = await Cli.ExportAsync();
        Assert.Equal(["b-next-year", "f-next-year-copy"], incidents.WithReport("b-next-year").ReportIds());
        Assert.Equal(5, incidents.WithReport("a-flash").ReportIds().Length);
        Assert.Equal(fuel, incidents.WithReport("c-fuel").Id());

        var actions = JsonDocument.Parse(await Cli.RunOkAsync("audit", "--json")).RootElement.EnumerateArray()
            .Select(e => (Action: e.GetProperty("action").GetString(), User: e.GetProperty("userName").GetString())).ToList();
        Assert.Equal([("move", "analyst-b"), ("split", "analyst-b"), ("merge", "analyst-b")], actions);
        var aboutImjin = JsonDocument.Parse(await Cli.RunOkAsync("audit", "--incident", Text(imjin), "--json")).RootElement;
        Assert.Equal(3, aboutImjin.GetArrayLength());
    }

    [Fact]
    public async Task Human_decisions_stand_when_new_reports_arrive()
    {
        var incidents = await Cli.ExportAsync();
        var imjin = incidents.WithReport("a-flash").Id();
        var shooting = incidents.WithReport("d-first").Id();
        // A reviewer takes a copy out of the Imjin incident and confirms the rest; another rejects the shooting.
        var splitId = (await Cli.RunOkAsync("incident", "split", Text(incidents.ArticleId("a-copy-2")), "--user", "analyst-a")).Trim().Split(' ')[^1];
        await Cli.RunOkAsync("incident", "confirm", Text(imjin), "--user", "analyst-a");
        await Cli.RunOkAsync("incident", "reject", Text(shooting), "--user", "analyst-b", "--reason", "testing");

        await Cli.RunOkAsync("replay", "--jsonl", Fixtures.Path("replay-later.jsonl"), "--skip-classifier");

        incidents = await Cli.ExportAsync();
        var confirmed = incidents.WithReport("a-flash");
        Assert.Equal(imjin, confirmed.Id());
        Assert.Equal("confirmed", confirmed.GetProperty("status").GetString());
        Assert.Equal(["a-copy-1", "a-flash", "a-follow-up", "a-interview", "a-update"], confirmed.ReportIds());
        Assert.Equal(1, confirmed.GetProperty("reportsSinceDecision").GetInt32());
        Assert.Equal(["a-copy-2"], incidents.WithReport("a-copy-2").ReportIds());
        Assert.Equal(splitId, Text(incidents.WithReport("a-copy-2").Id()));
        var rejected = incidents.WithReport("d-first");
        Assert.Equal("rejected", rejected.GetProperty("status").GetString());
        Assert.Equal(["d-first", "d-sentence", "d-update"], rejected.ReportIds());
        Assert.Contains("+1", await Cli.RunOkAsync("queue", "--status", "confirmed"), StringComparison.Ordinal);

        // Confirming again acknowledges the new report.
        await Cli.RunOkAsync("incident", "confirm", Text(imjin), "--user", "analyst-a");
        Assert.Equal(0, (await Cli.ExportAsync()).WithReport("a-flash").GetProperty("reportsSinceDecision").GetInt32());
    }

    [Theory]
    [InlineData("incident confirm 999", "incident 999 does not exist")]
    [InlineData("incident confirm {imjin} --category weather", "--category 'weather' is not an incident category")]
    [InlineData("incident confirm {imjin} --fact people", "--fact 'people' must be kind=value")]
    [InlineData("incident confirm {imjin} --fact mood=calm", "'mood' is not a fact kind")]
    [InlineData("incident merge {imjin} --into {imjin}", "cannot merge incident {imjin} into itself")]
    [InlineData("incident split {fuelReport}", "is the only report of incident")]
    [InlineData("incident move {flashReport} --to {imjin}", "is already in incident {imjin}")]
    [InlineData("incident show 999", "incident 999 does not exist")]
    public async Task Bad_review_input_is_refused_with_a_reason_and_changes_nothing(string command, string message)
    {
        var incidents = await Cli.ExportAsync();
        string Fill(string s) => s
            .Replace("{imjin}", Text(incidents.WithReport("a-flash").Id()), StringComparison.Ordinal)
            .Replace("{fuelReport}", Text(incidents.ArticleId("c-fuel")), StringComparison.Ordinal)
            .Replace("{flashReport}", Text(incidents.ArticleId("a-flash")), StringComparison.Ordinal);

        var result = await Cli.RunAsync(Fill(command).Split(' '));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(Fill(message), result.StdErr, StringComparison.Ordinal);
        Assert.Equal(incidents.GetRawText(), (await Cli.ExportAsync()).GetRawText());
        Assert.Equal("[]", (await Cli.RunOkAsync("audit", "--json")).Trim());
    }

    [Fact]
    public async Task Acting_on_a_merged_incident_points_to_the_one_it_went_into()
    {
        var incidents = await Cli.ExportAsync();
        var from = Text(incidents.WithReport("c-fuel").Id());
        var into = Text(incidents.WithReport("g-year-only").Id());
        await Cli.RunOkAsync("incident", "merge", from, "--into", into, "--user", "analyst-a");

        var result = await Cli.RunAsync("incident", "confirm", from);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"incident {from} was merged into incident {into}; act on that one", result.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Audit_json_holds_before_and_after_as_objects_and_the_table_says_what_changed()
    {
        var incident = (await Cli.ExportAsync()).WithReport("d-first");
        var id = Text(incident.Id());
        var category = incident.GetProperty("category").GetString();
        await Cli.RunOkAsync("incident", "confirm", id, "--user", "analyst-a", "--category", "corruption", "--fact", "people=2");

        var entry = JsonDocument.Parse(await Cli.RunOkAsync("audit", "--incident", id, "--json")).RootElement.EnumerateArray().Single();
        Assert.Equal(JsonValueKind.Object, entry.GetProperty("before").ValueKind);
        Assert.Equal(JsonValueKind.Object, entry.GetProperty("after").ValueKind);
        Assert.Equal(incident.Id(), entry.GetProperty("before").GetProperty("id").GetInt64());
        Assert.Equal("people=2", entry.GetProperty("after").GetProperty("facts")[0].GetString());
        var changes = entry.GetProperty("changes").GetString();
        Assert.Contains("status: pending → confirmed", changes, StringComparison.Ordinal);
        Assert.Contains($"category: {category} → corruption", changes, StringComparison.Ordinal);
        Assert.Contains("+fact people=2", changes, StringComparison.Ordinal);

        var table = await Cli.RunOkAsync("audit");
        Assert.Contains("CHANGES", table, StringComparison.Ordinal);
        Assert.Contains("status: pending → confirmed", table, StringComparison.Ordinal);
        Assert.DoesNotContain("{\"", table, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Audit_of_a_split_names_each_incident_and_the_new_one()
    {
        var incidents = await Cli.ExportAsync();
        var imjin = incidents.WithReport("a-flash").Id();
        await Cli.RunOkAsync("incident", "split", "a-copy-2", "--user", "analyst-a");
        var created = (await Cli.ExportAsync()).WithReport("a-copy-2").Id();

        var changes = JsonDocument.Parse(await Cli.RunOkAsync("audit", "--json")).RootElement[0].GetProperty("changes").GetString();

        Assert.Contains($"incident {imjin} reportCount: ", changes, StringComparison.Ordinal);
        Assert.Contains($"+incident {created} (pending, 1 reports)", changes, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Split_and_move_take_the_external_report_id_that_incident_show_cites()
    {
        var incidents = await Cli.ExportAsync();
        var imjin = incidents.WithReport("a-flash");
        var articleId = Text(incidents.ArticleId("a-copy-2"));

        var show = await Cli.RunOkAsync("incident", "show", Text(imjin.Id()));
        Assert.Contains("EXTERNAL", show, StringComparison.Ordinal);
        Assert.Contains(show.Split('\n'), line => line.StartsWith(articleId + " ", StringComparison.Ordinal) && line.Contains(" a-copy-2 ", StringComparison.Ordinal));

        var split = await Cli.RunOkAsync("incident", "split", "a-copy-2", "--user", "analyst-a");
        var created = (await Cli.ExportAsync()).WithReport("a-copy-2").Id();
        Assert.Contains($"new incident {created}", split, StringComparison.Ordinal);
        Assert.NotEqual(imjin.Id(), created);

        await Cli.RunOkAsync("incident", "move", "a-copy-2", "--to", Text(imjin.Id()), "--user", "analyst-a");
        Assert.Equal(imjin.Id(), (await Cli.ExportAsync()).WithReport("a-copy-2").Id());

        // The numeric article id still works.
        await Cli.RunOkAsync("incident", "split", articleId, "--user", "analyst-a");
        Assert.NotEqual(imjin.Id(), (await Cli.ExportAsync()).WithReport("a-copy-2").Id());
    }

    [Fact]
    public async Task Unknown_report_id_is_refused_naming_the_report_and_changes_nothing()
    {
        var before = (await Cli.ExportAsync()).GetRawText();

        var result = await Cli.RunAsync("incident", "split", "n69b1f3ae72", "--user", "analyst-a");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("report 'n69b1f3ae72' is neither the article id nor the external id of a stored report", result.StdErr, StringComparison.Ordinal);
        Assert.Equal(before, (await Cli.ExportAsync()).GetRawText());
    }

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);
}
