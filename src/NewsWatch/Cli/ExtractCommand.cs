using System.CommandLine;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using NewsWatch.Http;
using NewsWatch.Extraction;
using NewsWatch.Sources;

namespace NewsWatch.Cli;

/// <summary>
/// <c>newswatch extract FILE_OR_URL [--json]</c> for one page, <c>newswatch extract --dir DIR --out FILE.jsonl</c>
/// for a folder of pages.
/// </summary>
internal static class ExtractCommand
{
    private static readonly JsonSerializerOptions JsonLine = new(Output.Json) { WriteIndented = false };

    private sealed record BatchLine(string Id, string? Title, string Text, string? Published, string? Author, string? Language);

    public static Command Create()
    {
        var target = new Argument<string?>("FILE_OR_URL") { Description = "An HTML file (.html or .html.gz) or an http(s) URL", Arity = ArgumentArity.ZeroOrOne };
        var json = CliHost.JsonOption();
        var directory = new Option<DirectoryInfo?>("--dir") { Description = "Extract every *.html and *.html.gz in this folder" };
        var output = new Option<FileInfo?>("--out") { Description = "With --dir: the JSON Lines file to write" };
        var selector = new Option<string?>("--selector") { Description = "CSS selector of the article body" };
        var command = new Command("extract", "Extract the article text and metadata of a page, or of every page in a folder") { target, json, directory, output, selector };
        command.Validators.Add(result =>
        {
            var hasTarget = result.GetValue(target) is not null;
            var hasDir = result.GetValue(directory) is not null;
            if (hasTarget == hasDir)
                result.AddError("give either FILE_OR_URL or --dir DIR.");
            else if (hasDir && result.GetValue(output) is null)
                result.AddError("--dir needs --out FILE.jsonl.");
        });
        command.SetAction(async (parse, cancellationToken) =>
        {
            var rules = parse.GetValue(selector) is { } css ? new ExtractionRules(css) : null;
            if (parse.GetValue(directory) is { } dir)
                return await ExtractFolderAsync(dir, parse.GetValue(output)!, rules, cancellationToken);
            return await ExtractOneAsync(parse, parse.GetValue(target)!, parse.GetValue(json), rules, cancellationToken);
        });
        return command;
    }

    private static async Task<int> ExtractOneAsync(ParseResult parse, string target, bool json, ExtractionRules? rules, CancellationToken cancellationToken)
    {
        ExtractedArticle article;
        if (Uri.TryCreate(target, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps))
        {
            var fetched = 0;
            article = null!;
            var code = await CliHost.RunAsync(parse, async (host, ct) =>
            {
                try
                {
                    var document = await host.Services.GetRequiredService<HttpFetcher>().GetAsync(url, null, null, "text/html, application/xhtml+xml;q=0.9, */*;q=0.3", ct);
                    if (!ExtractionStage.IsHtml(document.ContentType))
                    {
                        await Console.Error.WriteLineAsync($"error: {url} is not an HTML page ({document.ContentType})");
                        return ExitCodes.Failed;
                    }

                    article = ArticleExtractor.Extract(TextDecoding.Decode(document.Body, document.ContentType).Text, document.FinalUri, rules);
                    fetched = 1;
                    return ExitCodes.Ok;
                }
                catch (Exception ex) when (ex is FetchException or PageFormatException)
                {
                    await Console.Error.WriteLineAsync($"error: {url}: {ex.Message}");
                    return ExitCodes.Failed;
                }
            }, cancellationToken, migrate: false);
            if (fetched == 0)
                return code;
        }
        else
        {
            if (!File.Exists(target))
            {
                await Console.Error.WriteLineAsync($"error: FILE_OR_URL: '{target}' is neither an existing file nor an http(s) URL.");
                return ExitCodes.BadUsage;
            }

            try
            {
                article = ArticleExtractor.Extract(ReadPage(target), null, rules);
            }
            catch (PageFormatException ex)
            {
                await Console.Error.WriteLineAsync($"error: {target}: {ex.Message}");
                return ExitCodes.Failed;
            }
        }

        if (json)
        {
            Output.WriteJson(new
            {
                article.Title, article.Byline, article.PublishedAt, article.ModifiedAt, article.Language,
                article.CanonicalUrl, article.LeadImageUrl, article.IsArticle, article.Text,
            });
        }
        else
        {
            Console.Out.WriteLine(article.Title ?? "(no title)");
            if (article.PublishedAt is { } published)
                Console.Out.WriteLine(Output.Instant(published));
            Console.Out.WriteLine();
            Console.Out.WriteLine(string.Join(Environment.NewLine + Environment.NewLine, article.Paragraphs));
        }

        return ExitCodes.Ok;
    }

    private static async Task<int> ExtractFolderAsync(DirectoryInfo directory, FileInfo output, ExtractionRules? rules, CancellationToken cancellationToken)
    {
        if (!directory.Exists)
        {
            await Console.Error.WriteLineAsync($"error: --dir: folder '{directory.FullName}' does not exist.");
            return ExitCodes.BadUsage;
        }

        var files = directory.EnumerateFiles()
            .Where(f => f.Name.EndsWith(".html", StringComparison.OrdinalIgnoreCase) || f.Name.EndsWith(".html.gz", StringComparison.OrdinalIgnoreCase))
            .OrderBy(f => f.Name, StringComparer.Ordinal)
            .ToList();
        var lines = new string[files.Count];
        var failures = 0;
        // Pages are independent; extraction is CPU-bound.
        await Parallel.ForAsync(0, files.Count, new ParallelOptions { CancellationToken = cancellationToken }, (i, _) =>
        {
            var file = files[i];
            var id = file.Name.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? file.Name[..^".html.gz".Length] : file.Name[..^".html".Length];
            try
            {
                var article = ArticleExtractor.Extract(ReadPage(file.FullName), null, rules);
                lines[i] = JsonSerializer.Serialize(new BatchLine(id, article.Title, article.Text, article.PublishedAt?.ToString("O"), article.Byline, article.Language), JsonLine);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Interlocked.Increment(ref failures);
                Console.Error.WriteLine($"error: {file.Name}: {ex.Message}");
                lines[i] = JsonSerializer.Serialize(new BatchLine(id, null, "", null, null, null), JsonLine);
            }

            return ValueTask.CompletedTask;
        });

        output.Directory?.Create();
        await File.WriteAllLinesAsync(output.FullName, lines, new UTF8Encoding(false), cancellationToken);
        await Console.Error.WriteLineAsync($"{files.Count} pages, {failures} failed, written to {output.FullName}");
        return failures == 0 ? ExitCodes.Ok : ExitCodes.Failed;
    }

    /// <summary>Reads a saved page: gzip when named .gz, charset from BOM or meta, UTF-8 otherwise.</summary>
    public static string ReadPage(string path)
    {
        var bytes = File.ReadAllBytes(path);
        if (path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase))
            bytes = ExtractionStage.Gunzip(bytes);
        return TextDecoding.Decode(bytes, "text/html").Text;
    }
}
