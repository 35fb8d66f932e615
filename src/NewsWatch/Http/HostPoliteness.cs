using System.Collections.Concurrent;
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
    private readonly ConcurrentDictionary<string, (RobotsRules Rules, DateTimeOffset Expires)> _robots = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, HostSlot> _slots = new(StringComparer.OrdinalIgnoreCase);

    private sealed class HostSlot
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);
        public DateTimeOffset LastRequest { get; set; } = DateTimeOffset.MinValue;
    }

    public async Task<bool> IsAllowedAsync(Uri url, CancellationToken cancellationToken)
    {
        var key = url.GetLeftPart(UriPartial.Authority);
        if (!_robots.TryGetValue(key, out var cached) || cached.Expires <= time.GetUtcNow())
        {
            var (rules, trustFor) = await FetchRobotsAsync(new Uri(key + "/robots.txt"), cancellationToken);
            cached = (rules, time.GetUtcNow() + trustFor);
            _robots[key] = cached;
        }

        return cached.Rules.IsAllowed(url);
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

    private async Task<(RobotsRules Rules, TimeSpan TrustFor)> FetchRobotsAsync(Uri robotsUrl, CancellationToken cancellationToken)
    {
        var trustFor = articles.Value.RobotsCacheDuration;
        try
        {
            var document = await ThrottledAsync(robotsUrl, ct => fetcher.GetAsync(robotsUrl, null, null, "text/plain", ct), cancellationToken);
            return (RobotsRules.Parse(Encoding.UTF8.GetString(document.Body), http.Value.UserAgent), trustFor);
        }
        catch (FetchException ex) when (ex.Status is { } status && (int)status is >= 400 and < 500)
        {
            // No robots.txt (or not ours to read): everything is allowed.
            return (RobotsRules.AllowAll, trustFor);
        }
        catch (FetchException ex)
        {
            // RFC 9309: an unreachable robots.txt means the whole site is off limits, but only until it is back.
            logger.LogWarning("robots.txt at {Url} could not be read, so its site is not crawled for now: {Error}", robotsUrl, ex.Message);
            return (RobotsRules.DisallowAll, TimeSpan.FromTicks(Math.Min(trustFor.Ticks, TimeSpan.FromMinutes(10).Ticks)));
        }
    }
}
