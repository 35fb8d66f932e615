using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NewsWatch.Http;
using NewsWatch.Storage;

namespace NewsWatch.Sources;

/// <summary>The outcome of one poll, as printed by <c>newswatch poll</c>.</summary>
internal sealed record PollResult(string Source, string Status, int NewItems, int SeenItems, string? Error)
{
    public const string Ok = "ok";
    public const string NotModified = "not-modified";
    public const string Failed = "failed";
    public const string BackingOff = "backing-off";

    [System.Text.Json.Serialization.JsonIgnore]
    public bool Succeeded => Status is Ok or NotModified or BackingOff;
}

/// <summary>
/// Polls one source: fetch the feed (conditional GET), decode, parse, store each new item once, record the source's health.
/// What happens to the stored items next is the pipeline's business.
/// </summary>
internal sealed class SourcePoller(
    HttpFetcher fetcher,
    SourceStore sources,
    ArticleStore articles,
    IOptions<SourceSchedulingOptions> scheduling,
    TimeProvider time,
    ILogger<SourcePoller> logger)
{
    private const string FeedAccept = "application/rss+xml, application/atom+xml, application/rdf+xml;q=0.9, application/xml;q=0.8, text/xml;q=0.8, */*;q=0.5";

    /// <param name="respectBackoff">Scheduled polls wait out a failing source's backoff; a poll a person asked for does not.</param>
    public async Task<PollResult> PollAsync(SourceOptions source, bool respectBackoff, CancellationToken cancellationToken)
    {
        var row = await sources.EnsureAsync(source.Name, source.FeedUrl, time.GetUtcNow(), cancellationToken);
        if (respectBackoff && row.NextPollAfter is { } notBefore && notBefore > time.GetUtcNow())
        {
            logger.LogDebug("Skipping {Source} until {NotBefore} after {Failures} failures", source.Name, notBefore, row.ConsecutiveFailures);
            return new PollResult(source.Name, PollResult.BackingOff, 0, 0, row.LastError);
        }

        try
        {
            var document = await fetcher.GetAsync(new Uri(source.FeedUrl), row.Etag, row.LastModified, FeedAccept, cancellationToken);
            if (document.NotModified)
            {
                await sources.RecordSuccessAsync(row.Id, time.GetUtcNow(), row.Etag, row.LastModified, cancellationToken);
                logger.LogInformation("Polled {Source}: not modified", source.Name);
                return new PollResult(source.Name, PollResult.NotModified, 0, 0, null);
            }

            var text = TextDecoding.Decode(document.Body, document.ContentType);
            var feed = FeedParser.Parse(text.Text, document.ContentLocation ?? document.FinalUri);
            var entries = feed.Entries.Select(e => new NewArticle(e.Guid, e.Link, e.Title, e.Summary, e.PublishedAt)).ToList();
            var stored = await articles.StoreEntriesAsync(row.Id, entries, time.GetUtcNow(), cancellationToken);
            await sources.RecordSuccessAsync(row.Id, time.GetUtcNow(), document.ETag, document.LastModified, cancellationToken);
            logger.LogInformation("Polled {Source}: {NewItems} new, {SeenItems} seen ({Format}, {Encoding})",
                source.Name, stored.NewItems, stored.SeenItems, feed.Format, text.EncodingName);
            return new PollResult(source.Name, PollResult.Ok, stored.NewItems, stored.SeenItems, null);
        }
        catch (Exception ex) when (ex is FetchException or FeedFormatException)
        {
            return await RecordFailureAsync(source, row, ex.Message, ex, cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && ex is not OutOfMemoryException)
        {
            // Anything unexpected is still this source's failure: one broken feed never stops the others.
            return await RecordFailureAsync(source, row, $"unexpected error: {ex.Message}", ex, cancellationToken);
        }
    }

    private async Task<PollResult> RecordFailureAsync(SourceOptions source, SourceRow row, string error, Exception ex, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var wait = Backoff(source.Interval, row.ConsecutiveFailures + 1, scheduling.Value.MaxBackoff);
        // A server that asked for time (Retry-After of a 429 or 503) gets it, up to the longest backoff.
        if (ex is FetchException { RetryAfter: { } retryAfter } && retryAfter > wait)
            wait = retryAfter < scheduling.Value.MaxBackoff ? retryAfter : scheduling.Value.MaxBackoff;
        var nextPoll = now + wait;
        await sources.RecordFailureAsync(row.Id, now, error, nextPoll, cancellationToken);
        logger.LogWarning(ex is FetchException or FeedFormatException ? null : ex,
            "Poll of {Source} failed ({Failures} in a row, next scheduled poll after {NextPoll:u}): {Error}", source.Name, row.ConsecutiveFailures + 1, nextPoll, error);
        return new PollResult(source.Name, PollResult.Failed, 0, 0, error);
    }

    /// <summary>The interval doubled for each consecutive failure beyond the first, capped.</summary>
    public static TimeSpan Backoff(TimeSpan interval, int consecutiveFailures, TimeSpan max)
    {
        var factor = Math.Pow(2, Math.Clamp(consecutiveFailures - 1, 0, 30));
        var ticks = Math.Min(interval.Ticks * factor, max.Ticks);
        return TimeSpan.FromTicks((long)Math.Max(ticks, 0));
    }
}
