using System.IO.Compression;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NewsWatch.Http;
using NewsWatch.Sources;
using NewsWatch.Storage;

namespace NewsWatch.Extraction;

/// <summary>
/// The extraction stage for one article: its page fetched with robots.txt and the host's delay respected, non-HTML and
/// disallowed pages recorded as such, failures retried later and given up after a bound, and the text extracted. Each
/// article is committed on its own, so one bad page never holds up the rest.
/// </summary>
internal sealed class ExtractionStage(
    HttpFetcher fetcher,
    HostPoliteness politeness,
    ArticlePageStore pages,
    IOptions<ArticlesOptions> options,
    TimeProvider time,
    ILogger<ExtractionStage> logger)
{
    private const string PageAccept = "text/html, application/xhtml+xml;q=0.9, */*;q=0.3";

    private static readonly TimeSpan MaxRetryAfter = TimeSpan.FromDays(1);

    /// <summary>Discovered articles of the given sources whose page is due to be fetched, newest first.</summary>
    public Task<IReadOnlyList<DuePage>> ListDueAsync(IReadOnlyCollection<string> sourceNames, int limit, CancellationToken cancellationToken) =>
        pages.ListDueAsync(sourceNames, time.GetUtcNow(), limit, cancellationToken);

    /// <summary>Fetches and extracts one page; returns the status it ended in.</summary>
    public async Task<string> ExtractAsync(DuePage page, ExtractionRules? rules, CancellationToken cancellationToken)
    {
        if (page.Url is null || !Uri.TryCreate(page.Url, UriKind.Absolute, out var url))
        {
            await pages.RecordUnfetchableAsync(page.ArticleId, PageStatuses.Failed, "the item has no link to fetch", time.GetUtcNow(), cancellationToken);
            return PageStatuses.Failed;
        }

        FetchedDocument document;
        try
        {
            if (!await politeness.IsAllowedAsync(url, cancellationToken))
            {
                await pages.RecordUnfetchableAsync(page.ArticleId, PageStatuses.Disallowed, "robots.txt disallows this page", time.GetUtcNow(), cancellationToken);
                return PageStatuses.Disallowed;
            }

            document = await politeness.ThrottledAsync(url, ct => fetcher.GetAsync(url, null, null, PageAccept, ct), cancellationToken);
        }
        catch (FetchException ex)
        {
            return await RecordFetchFailureAsync(page, url, ex, cancellationToken);
        }

        if (!IsHtml(document.ContentType))
        {
            await pages.RecordUnfetchableAsync(page.ArticleId, PageStatuses.NotHtml, $"not an HTML page ({document.ContentType ?? "no content type"})", time.GetUtcNow(), cancellationToken);
            return PageStatuses.NotHtml;
        }

        if (TextDecoding.WhyNotText(document.Body) is { } binary)
        {
            // Stored and classified, a picture or a PDF behind a text/html label would be an article of noise.
            logger.LogWarning("{Url} is not an article page: {Reason}", url, binary);
            await pages.RecordUnfetchableAsync(page.ArticleId, PageStatuses.NotArticle, $"not an article ({document.ContentType ?? "no content type"}): {binary}", time.GetUtcNow(), cancellationToken);
            return PageStatuses.NotArticle;
        }

        PageText text;
        string? wrongDeclaration;
        try
        {
            (text, wrongDeclaration) = Extract(document.Body, document.ContentType, document.FinalUri, rules);
        }
        catch (Exception ex) when (ex is not OperationCanceledException && ex is not OutOfMemoryException)
        {
            // A page the extractor cannot handle is this article's failure, not the source's.
            logger.LogError(ex, "Extracting {Url} failed", url);
            await pages.RecordUnfetchableAsync(page.ArticleId, PageStatuses.Failed, $"extraction failed: {ex.Message}", time.GetUtcNow(), cancellationToken);
            return PageStatuses.Failed;
        }

        await pages.RecordExtractedAsync(page.ArticleId, document.FinalUri.AbsoluteUri, document.ContentType, Gzip(document.Body), text, time.GetUtcNow(), cancellationToken, wrongDeclaration);
        if (wrongDeclaration is not null)
        {
            logger.LogWarning("{Url} is wrongly declared: {Error}", url, wrongDeclaration);
            return PageStatuses.WronglyDeclared;
        }

        logger.LogDebug("Extracted {Url}", url);
        return PageStatuses.Fetched;
    }

    /// <summary>Extracts a stored raw page again, without fetching it (after the extractor improved).</summary>
    public async Task ReextractAsync(StoredPage page, ExtractionRules? rules, CancellationToken cancellationToken)
    {
        var (text, _) = Extract(Gunzip(page.HtmlGz), page.ContentType, page.FinalUrl is null ? null : new Uri(page.FinalUrl), rules);
        await pages.UpdateExtractionAsync(page.ArticleId, text, time.GetUtcNow(), cancellationToken);
    }

    private async Task<string> RecordFetchFailureAsync(DuePage page, Uri url, FetchException ex, CancellationToken cancellationToken)
    {
        var attempts = page.Attempts + 1;
        // A private address refused by the guard will not become public on a later try.
        var permanent = ex.Refused || ex.Status is System.Net.HttpStatusCode.NotFound or System.Net.HttpStatusCode.Gone or System.Net.HttpStatusCode.Forbidden;
        if (permanent || attempts >= options.Value.MaxFetchAttempts)
        {
            await pages.RecordUnfetchableAsync(page.ArticleId, PageStatuses.Failed, $"{ex.Message} (attempt {attempts})", time.GetUtcNow(), cancellationToken);
            logger.LogWarning("Gave up fetching {Url} after {Attempts} attempts: {Error}", url, attempts, ex.Message);
            return PageStatuses.Failed;
        }

        var wait = TimeSpan.FromTicks(options.Value.RetryDelay.Ticks * (1L << Math.Min(attempts - 1, 16)));
        // A server that asked for time (Retry-After) gets it, up to a day.
        if (ex.RetryAfter is { } retryAfter && retryAfter > wait)
            wait = retryAfter < MaxRetryAfter ? retryAfter : MaxRetryAfter;
        await pages.RecordRetryAsync(page.ArticleId, ex.Message, time.GetUtcNow() + wait, cancellationToken);
        logger.LogInformation("Fetching {Url} failed, retrying after {Wait}: {Error}", url, wait, ex.Message);
        return PageStatuses.Retrying;
    }

    /// <returns>The page's text, and what was wrong with its declared charset when it was.</returns>
    private static (PageText Text, string? WrongDeclaration) Extract(byte[] body, string? contentType, Uri? url, ExtractionRules? rules)
    {
        var decoded = TextDecoding.Decode(body, contentType);
        var article = ArticleExtractor.Extract(decoded.Text, url, rules);
        var found = decoded.Source switch
        {
            TextDecoding.SourceMeta => "named by its <meta>",
            TextDecoding.SourceXmlDeclaration => "named by its XML declaration",
            _ => "guessed from its bytes",
        };
        var wrong = decoded.WrongDeclaration is { } declared ? $"declared {declared} but is not UTF-8; decoded as {decoded.EncodingName}, {found}" : null;
        return (new PageText(article.Title, article.Byline, article.Text, article.Language, article.CanonicalUrl, article.LeadImageUrl,
            article.PublishedAt, article.ModifiedAt, article.IsArticle), wrong);
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
