using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace NewsWatch.Http;

/// <summary>
/// What a polite crawler owes each host: robots.txt fetched, cached and obeyed, and a minimum delay
/// between requests to it.
/// </summary>
internal sealed class HostPoliteness(HttpFetcher fetcher, IOptions<ArticlesOptions> articles, IOptions<HttpOptions> http, TimeProvider time, ILogger<HostPoliteness> logger)
{
    /// <summary>How long an unreachable robots.txt is believed unreachable before it is asked for again.</summary>
    private static readonly TimeSpan UnreachableRobotsRetry = TimeSpan.FromMinutes(10);

    private readonly ConcurrentDictionary<string, RobotsAnswer> _robots = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, HostSlot> _slots = new(StringComparer.OrdinalIgnoreCase);

    private sealed class HostSlot
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);
        public DateTimeOffset LastRequest { get; set; } = DateTimeOffset.MinValue;
    }

    /// <summary>A host's robots.txt as last read: its rules, or why it could not be read; trusted until it expires.</summary>
    private sealed record RobotsAnswer(RobotsRules? Rules, FetchException? Unreachable, DateTimeOffset Expires);

    /// <summary>
    /// Whether robots.txt lets us fetch <paramref name="url"/>. Throws <see cref="FetchException"/> when robots.txt cannot be
    /// read for now (RFC 9309: unreachable means "try again later", not "never"), so the page is retried like any failed
    /// fetch, and when the guard refuses the host, so the page is recorded as refused, not as disallowed.
    /// </summary>
    public async Task<bool> IsAllowedAsync(Uri url, CancellationToken cancellationToken)
    {
        var key = url.GetLeftPart(UriPartial.Authority);
        if (!_robots.TryGetValue(key, out var answer) || answer.Expires <= time.GetUtcNow())
        {
            answer = await FetchRobotsAsync(new Uri(key + "/robots.txt"), cancellationToken);
            _robots[key] = answer;
        }

        if (answer.Unreachable is { } failure)
            throw new FetchException(failure.Message, failure) { Status = failure.Status, RetryAfter = failure.RetryAfter };
        return answer.Rules!.IsAllowed(url);
    }

    /// <summary>Runs <paramref name="request"/> when the host's minimum delay since its last request has passed.</summary>
    public async Task<T> ThrottledAsync<T>(Uri url, Func<CancellationToken, Task<T>> request, CancellationToken cancellationToken)
    {
        var slot = _slots.GetOrAdd(url.Authority, _ => new HostSlot());
        await slot.Gate.WaitAsync(cancellationToken);
        try
        {
            var wait = slot.LastRequest + articles.Value.MinHostDelay - time.GetUtcNow();
            if (wait > TimeSpan.Zero)
                await Task.Delay(wait, time, cancellationToken);
            return await request(cancellationToken);
        }
        finally
        {
            slot.LastRequest = time.GetUtcNow();
            slot.Gate.Release();
        }
    }

    private async Task<RobotsAnswer> FetchRobotsAsync(Uri robotsUrl, CancellationToken cancellationToken)
    {
        var trustUntil = time.GetUtcNow() + articles.Value.RobotsCacheDuration;
        try
        {
            var document = await ThrottledAsync(robotsUrl, ct => fetcher.GetAsync(robotsUrl, null, null, "text/plain", ct), cancellationToken);
            return new RobotsAnswer(RobotsRules.Parse(Encoding.UTF8.GetString(document.Body), http.Value.UserAgent), null, trustUntil);
        }
        catch (FetchException ex) when (ex.Status is { } status && (int)status is >= 400 and < 500 && status != HttpStatusCode.TooManyRequests)
        {
            // No robots.txt (or not ours to read): everything is allowed.
            return new RobotsAnswer(RobotsRules.AllowAll, null, trustUntil);
        }
        catch (FetchException ex) when (!ex.Refused)
        {
            // Unreachable (no answer, 5xx, 429): the host's pages wait and are asked for again after a short while.
            logger.LogWarning("robots.txt at {Url} could not be read, so its site is not crawled for now: {Error}", robotsUrl, ex.Message);
            var unreachable = new FetchException($"robots.txt could not be read ({ex.Message}); the page waits until it can be", ex)
            {
                Status = ex.Status,
                RetryAfter = ex.RetryAfter,
            };
            var retryAfter = TimeSpan.FromTicks(Math.Min(articles.Value.RobotsCacheDuration.Ticks, UnreachableRobotsRetry.Ticks));
            return new RobotsAnswer(null, unreachable, time.GetUtcNow() + retryAfter);
        }
    }
}
