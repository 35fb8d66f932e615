using System.IO.Compression;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NewsWatch.Hosting;
using NewsWatch.Sources;
using NewsWatch.Storage;

namespace NewsWatch.Extraction;

/// <summary>
/// Takes a source's newly discovered articles through page fetching and extraction: robots.txt and the
/// host's delay respected, non-HTML and disallowed pages recorded as such, failures retried later and
/// given up after a bound, each article committed on its own so one bad page never holds up the rest.
/// </summary>
internal sealed class ArticleProcessor(
    HttpFetcher fetcher,
    HostPoliteness politeness,
    ArticlePageStore pages,
    IOptions<NewsWatchOptions> options,
    TimeProvider time,
    ILogger<ArticleProcessor> logger)
{
    private const string PageAccept = "text/html, application/xhtml+xml;q=0.9, */*;q=0.3";
    private const int BatchSize = 100;

    public sealed record Outcome(int Extracted, int Unfetchable, int Retrying);

    public async Task<Outcome> ProcessSourceAsync(SourceOptions source, long sourceId, CancellationToken cancellationToken)
    {
        if (!source.FetchArticles)
            return new Outcome(0, 0, 0);

        int extracted = 0, unfetchable = 0, retrying = 0;
        foreach (var page in await pages.ListDueAsync(sourceId, time.GetUtcNow(), BatchSize, cancellationToken))
        {
            switch (await ProcessAsync(page, source, cancellationToken))
            {
                case ArticlePageStore.Fetched: extracted++; break;
                case ArticlePageStore.Retrying: retrying++; break;
                default: unfetchable++; break;
            }
        }

        return new Outcome(extracted, unfetchable, retrying);
    }

    /// <summary>Returns the status the page ended in.</summary>
    private async Task<string> ProcessAsync(DuePage page, SourceOptions source, CancellationToken cancellationToken)
    {
        if (page.Url is null || !Uri.TryCreate(page.Url, UriKind.Absolute, out var url))
        {
            await pages.RecordUnfetchableAsync(page.ArticleId, ArticlePageStore.Failed, "the item has no link to fetch", time.GetUtcNow(), cancellationToken);
            return ArticlePageStore.Failed;
        }

        try
        {
            if (!await politeness.IsAllowedAsync(url, cancellationToken))
            {
                await pages.RecordUnfetchableAsync(page.ArticleId, ArticlePageStore.Disallowed, "robots.txt disallows this page", time.GetUtcNow(), cancellationToken);
                return ArticlePageStore.Disallowed;
            }

            var document = await politeness.ThrottledAsync(url, ct => fetcher.GetAsync(url, null, null, PageAccept, ct), cancellationToken);
            if (!IsHtml(document.ContentType))
            {
                await pages.RecordUnfetchableAsync(page.ArticleId, ArticlePageStore.NotHtml, $"not an HTML page ({document.ContentType ?? "no content type"})", time.GetUtcNow(), cancellationToken);
                return ArticlePageStore.NotHtml;
            }

            var text = TextDecoding.Decode(document.Body, document.ContentType);
            var article = ArticleExtractor.Extract(text.Text, document.FinalUri, Rules(source));
            await pages.RecordExtractedAsync(page.ArticleId, document.FinalUri.AbsoluteUri, document.ContentType, Gzip(document.Body), article, time.GetUtcNow(), cancellationToken);
            logger.LogDebug("Extracted {Url}: {Paragraphs} paragraphs", url, article.Paragraphs.Count);
            return ArticlePageStore.Fetched;
        }
        catch (FetchException ex)
        {
            var attempts = page.Attempts + 1;
            var permanent = ex.Status is System.Net.HttpStatusCode.NotFound or System.Net.HttpStatusCode.Gone or System.Net.HttpStatusCode.Forbidden;
            if (permanent || attempts >= options.Value.Articles.MaxFetchAttempts)
            {
                await pages.RecordUnfetchableAsync(page.ArticleId, ArticlePageStore.Failed, $"{ex.Message} (attempt {attempts})", time.GetUtcNow(), cancellationToken);
                logger.LogWarning("Gave up fetching {Url} after {Attempts} attempts: {Error}", url, attempts, ex.Message);
                return ArticlePageStore.Failed;
            }

            var wait = TimeSpan.FromTicks(options.Value.Articles.RetryDelay.Ticks * (1L << Math.Min(attempts - 1, 16)));
            await pages.RecordRetryAsync(page.ArticleId, ex.Message, time.GetUtcNow() + wait, cancellationToken);
            logger.LogInformation("Fetching {Url} failed, retrying after {Wait}: {Error}", url, wait, ex.Message);
            return ArticlePageStore.Retrying;
        }
        catch (Exception ex) when (ex is not OperationCanceledException && ex is not Microsoft.Data.Sqlite.SqliteException)
        {
            // A page the extractor cannot handle is this article's failure, not the source's.
            logger.LogError(ex, "Extracting {Url} failed", url);
            await pages.RecordUnfetchableAsync(page.ArticleId, ArticlePageStore.Failed, $"extraction failed: {ex.Message}", time.GetUtcNow(), cancellationToken);
            return ArticlePageStore.Failed;
        }
    }

    public static ExtractionRules? Rules(SourceOptions source) =>
        source.ContentSelector is null && source.RemoveSelectors.Count == 0 ? null : new ExtractionRules(source.ContentSelector, source.RemoveSelectors);

    public static bool IsHtml(string? contentType) =>
        contentType is null
        || contentType.StartsWith("text/html", StringComparison.OrdinalIgnoreCase)
        || contentType.StartsWith("application/xhtml", StringComparison.OrdinalIgnoreCase);

    public static byte[] Gzip(byte[] body)
    {
        using var output = new MemoryStream(body.Length / 4 + 64);
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
            gzip.Write(body);
        return output.ToArray();
    }

    public static byte[] Gunzip(byte[] compressed)
    {
        using var input = new GZipStream(new MemoryStream(compressed), CompressionMode.Decompress);
        using var output = new MemoryStream(compressed.Length * 4);
        input.CopyTo(output);
        return output.ToArray();
    }
}
