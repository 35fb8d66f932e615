using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using NewsWatch.Extraction;
using NewsWatch.Sources;
using NewsWatch.Storage;

namespace NewsWatch.Cli;

/// <summary><c>newswatch reextract [--source NAME]</c>: run extraction again over the stored raw pages, without refetching.</summary>
internal static class ReextractCommand
{
    public static Command Create()
    {
        var source = new Option<string?>("--source") { Description = "Only pages of this source" };
        var command = new Command("reextract", "Re-run extraction over stored raw pages (after the extractor improves)") { source };
        command.SetAction((parse, cancellationToken) => CliHost.RunAsync(parse, async (host, ct) =>
        {
            var options = CliHost.ReadOptions(host.Services);
            var name = parse.GetValue(source);
            if (name is not null)
                name = CliHost.RequireSource(options, name).Name;
            var pages = host.Services.GetRequiredService<ArticlePageStore>();
            var time = host.Services.GetRequiredService<TimeProvider>();
            var stored = await pages.ListStoredPagesAsync(name, ct);
            var done = 0;
            foreach (var page in stored)
            {
                var rules = options.FindSource(page.SourceName) is { } configured ? ArticleProcessor.Rules(configured) : null;
                var html = TextDecoding.Decode(ArticleProcessor.Gunzip(page.HtmlGz), page.ContentType).Text;
                var article = ArticleExtractor.Extract(html, page.FinalUrl is null ? null : new Uri(page.FinalUrl), rules);
                await pages.UpdateExtractionAsync(page.ArticleId, article, time.GetUtcNow(), ct);
                done++;
            }

            Console.Out.WriteLine($"re-extracted {done} stored pages");
            return ExitCodes.Ok;
        }, cancellationToken));
        return command;
    }
}
