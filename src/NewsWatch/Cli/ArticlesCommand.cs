using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using NewsWatch.Storage;

namespace NewsWatch.Cli;

/// <summary><c>newswatch articles [--source NAME] [--limit N] [--json]</c>: the newest stored items.</summary>
internal static class ArticlesCommand
{
    private sealed record ArticleListing(long Id, string Source, string? Url, string Guid, string Title, string Summary, DateTimeOffset PublishedAt, DateTimeOffset FirstSeenAt);

    public static Command Create()
    {
        var source = new Option<string?>("--source") { Description = "Only items this source published" };
        var limit = new Option<int>("--limit") { Description = "How many items, newest first", DefaultValueFactory = _ => 50 };
        limit.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 1 or > 100_000)
                r.AddError("--limit must be between 1 and 100000.");
        });
        var json = CliHost.JsonOption();
        var command = new Command("articles", "List stored articles, newest first") { source, limit, json };
        command.SetAction((parse, cancellationToken) => CliHost.RunAsync(parse, async (host, ct) =>
        {
            var name = parse.GetValue(source);
            if (name is not null)
                name = CliHost.RequireSource(CliHost.ReadOptions(host.Services), name).Name;
            var rows = await host.Services.GetRequiredService<ArticleStore>().ListAsync(name, parse.GetValue(limit), ct);
            var listing = rows.Select(r => new ArticleListing(r.Id, r.Source, r.Url, r.Guid, r.Title, r.Summary, r.PublishedAt, r.FirstSeenAt)).ToList();

            if (parse.GetValue(json))
                Output.WriteJson(listing);
            else
                Output.WriteTable(["ID", "PUBLISHED", "SOURCE", "TITLE", "URL"],
                    rows.Select(r => new[] { r.Id.ToString(), Output.Instant(r.PublishedAt) + (r.PublishedAtEstimated ? "~" : ""), r.Source, r.Title, r.Url }));
            return ExitCodes.Ok;
        }, cancellationToken));
        return command;
    }
}
