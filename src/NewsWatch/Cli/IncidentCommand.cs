using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using NewsWatch.Review;
using NewsWatch.Storage;

namespace NewsWatch.Cli;

/// <summary><c>newswatch incident show|confirm|reject|merge|split|move</c>: one incident, and the decisions reviewers take on it.</summary>
internal static class IncidentCommand
{
    public static Command Create()
    {
        var command = new Command("incident", "Show one incident, or confirm, reject, merge, split or move its reports")
        {
            Show(), Confirm(), Reject(), Merge(), Split(), Move(),
        };
        return command;
    }

    private static Command Show()
    {
        var id = IncidentArgument();
        var json = CliHost.JsonOption();
        var show = new Command("show", "An incident's facts (with the report each came from) and its reports") { id, json };
        show.SetAction((parse, cancellationToken) => CliHost.RunAsync(parse, async (host, ct) =>
        {
            var document = await host.Services.GetRequiredService<ReviewQueue>().FindAsync(parse.GetValue(id), ct);
            if (document is null)
            {
                await Console.Error.WriteLineAsync($"error: incident {parse.GetValue(id)} does not exist.");
                return ExitCodes.BadUsage;
            }

            if (parse.GetValue(json))
            {
                Output.WriteJson(document);
                return ExitCodes.Ok;
            }

            var i = document;
            Console.Out.WriteLine($"Incident {i.Id}: {i.Title}");
            Console.Out.WriteLine($"  status:   {i.Status}{(i.DecidedBy is null ? "" : $" by {i.DecidedBy} at {Output.Instant(i.DecidedAt)}")}{(i.DecisionReason is null ? "" : $" ({i.DecisionReason})")}");
            if (i.MergedInto is { } into)
                Console.Out.WriteLine($"  merged into incident {into}");
            if (i.ReportsSinceDecision > 0)
                Console.Out.WriteLine($"  NEW REPORTS SINCE {i.Status.ToUpperInvariant()}: {i.ReportsSinceDecision}");
            Console.Out.WriteLine($"  category: {i.Category}");
            Console.Out.WriteLine($"  event:    {document.EventDate}");
            Console.Out.WriteLine();
            Console.Out.WriteLine("Facts (value — report it came from: article id / external id):");
            foreach (var (kind, values) in document.Facts)
                Console.Out.WriteLine($"  {kind,-11} {string.Join("; ", values.Select(v => $"{v.Value} — {(v.Report is null ? $"set by {v.SetBy}" : "report " + Cite(v))}"))}");
            Console.Out.WriteLine();
            Output.WriteTable(
                ["REPORT", "EXTERNAL", "PUBLISHED", "RELATION", "OUTLET", "PLACED BY", "TITLE"],
                document.Reports.Select(r => (IReadOnlyList<string?>)[r.ArticleId.ToString(CultureInfo.InvariantCulture), r.ExternalId, r.Published ?? "unknown", r.Relation, r.Outlet, r.PlacedBy, r.Title]));
            return ExitCodes.Ok;
        }, cancellationToken));
        return show;
    }

    private static string Cite(FactDocument fact) =>
        fact.ReportArticleId is { } id && fact.Report != id.ToString(CultureInfo.InvariantCulture) ? $"{id} / {fact.Report}" : fact.Report ?? "";

    private static Command Confirm()
    {
        var id = IncidentArgument();
        var (user, reason) = (UserOption(), ReasonOption());
        var category = new Option<string?>("--category") { Description = "Correct the incident's category" };
        var facts = new Option<string[]>("--fact") { Description = "Add or correct a fact, as kind=value (e.g. --fact people=2); repeatable", AllowMultipleArgumentsPerToken = false };
        var confirm = new Command("confirm", "Confirm the incident (confirming again acknowledges reports that arrived since)") { id, user, reason, category, facts };
        confirm.SetAction((parse, cancellationToken) => Decide(parse, async (queue, ct) =>
        {
            var pairs = new List<(string, string)>();
            foreach (var fact in parse.GetValue(facts) ?? [])
            {
                var equals = fact.IndexOf('=', StringComparison.Ordinal);
                if (equals <= 0)
                    throw new ReviewException(ReviewField.Fact, $"'{fact}' must be kind=value, e.g. people=2");
                pairs.Add((fact[..equals].Trim(), fact[(equals + 1)..].Trim()));
            }

            await queue.ConfirmAsync(parse.GetValue(id), User(parse, user), parse.GetValue(reason), parse.GetValue(category), pairs, ct);
            return $"incident {parse.GetValue(id)} confirmed";
        }, cancellationToken));
        return confirm;
    }

    private static Command Reject()
    {
        var id = IncidentArgument();
        var (user, reason) = (UserOption(), ReasonOption());
        var reject = new Command("reject", "Reject the incident as not what NewsWatch tracks (needs --reason)") { id, user, reason };
        reject.SetAction((parse, cancellationToken) => Decide(parse, async (queue, ct) =>
        {
            await queue.RejectAsync(parse.GetValue(id), User(parse, user), parse.GetValue(reason), ct);
            return $"incident {parse.GetValue(id)} rejected";
        }, cancellationToken));
        return reject;
    }

    private static Command Merge()
    {
        var id = IncidentArgument();
        var into = new Option<long>("--into") { Description = "The incident that receives the reports", Required = true };
        var (user, reason) = (UserOption(), ReasonOption());
        var merge = new Command("merge", "Merge this incident's reports into another incident") { id, into, user, reason };
        merge.SetAction((parse, cancellationToken) => Decide(parse, async (queue, ct) =>
        {
            await queue.MergeAsync(parse.GetValue(id), parse.GetValue(into), User(parse, user), parse.GetValue(reason), ct);
            return $"incident {parse.GetValue(id)} merged into {parse.GetValue(into)}";
        }, cancellationToken));
        return merge;
    }

    private static Command Split()
    {
        var report = ReportArgument();
        var (user, reason) = (UserOption(), ReasonOption());
        var split = new Command("split", "Take one report out of its incident into a new incident of its own") { report, user, reason };
        split.SetAction((parse, cancellationToken) => Decide(parse, async (queue, ct) =>
        {
            var created = await queue.SplitAsync(parse.GetValue(report)!, User(parse, user), parse.GetValue(reason), ct);
            return $"report {parse.GetValue(report)} split into new incident {created}";
        }, cancellationToken));
        return split;
    }

    private static Command Move()
    {
        var report = ReportArgument();
        var to = new Option<long>("--to") { Description = "The incident the report belongs to", Required = true };
        var (user, reason) = (UserOption(), ReasonOption());
        var move = new Command("move", "Move one report to another incident") { report, to, user, reason };
        move.SetAction((parse, cancellationToken) => Decide(parse, async (queue, ct) =>
        {
            await queue.MoveAsync(parse.GetValue(report)!, parse.GetValue(to), User(parse, user), parse.GetValue(reason), ct);
            return $"report {parse.GetValue(report)} moved to incident {parse.GetValue(to)}";
        }, cancellationToken));
        return move;
    }

    private static Task<int> Decide(ParseResult parse, Func<ReviewQueue, CancellationToken, Task<string>> action, CancellationToken cancellationToken) =>
        CliHost.RunAsync(parse, async (host, ct) =>
        {
            try
            {
                Console.Out.WriteLine(await action(host.Services.GetRequiredService<ReviewQueue>(), ct));
                return ExitCodes.Ok;
            }
            catch (ReviewException ex)
            {
                await Console.Error.WriteLineAsync($"error: {(ex.Field is { } field ? $"{Flag(field)} {ex.Message}" : ex.Message)}");
                return ExitCodes.BadUsage;
            }
        }, cancellationToken);

    private static string Flag(ReviewField field) => field switch
    {
        ReviewField.Category => "--category",
        ReviewField.Fact => "--fact",
        ReviewField.Reason => "--reason",
        ReviewField.Report => "report",
        _ => throw new ArgumentOutOfRangeException(nameof(field), field, null),
    };

    private static Argument<long> IncidentArgument() => new("id") { Description = "Incident id (see 'newswatch queue')" };

    private static Argument<string> ReportArgument() => new("report") { Description = "Report: its article id or its external id (both listed by 'newswatch incident show')" };

    private static Option<string?> UserOption() => new("--user") { Description = "Who decides (default: the operating-system user)" };

    private static Option<string?> ReasonOption() => new("--reason") { Description = "Why; kept in the audit log" };

    private static string User(ParseResult parse, Option<string?> user) =>
        parse.GetValue(user) is { Length: > 0 } name ? name.Trim() : Environment.UserName;
}
