using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly.Timeout;

namespace NewsWatch.Http;

/// <summary>A fetch that could not produce a document; the message is meant for the source's health row.</summary>
internal sealed class FetchException(string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>The HTTP status when the server answered with an error, null when there was no answer.</summary>
    public HttpStatusCode? Status { get; init; }

    /// <summary>How long the server asked us to wait (Retry-After of a 429 or 503) before asking again.</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>The private-address guard refused the destination: trying again will not help.</summary>
    public bool Refused { get; init; }
}

/// <summary>What came back from a GET: either a body or a 304 that changes nothing.</summary>
internal sealed record FetchedDocument(
    Uri RequestedUri,
    Uri FinalUri,
    HttpStatusCode Status,
    byte[] Body,
    string? ContentType,
    string? ETag,
    string? LastModified,
    Uri? ContentLocation)
{
    public bool NotModified => Status == HttpStatusCode.NotModified;
}

/// <summary>
/// The one HTTP client of the pipeline. Resilience (timeouts, retries honouring a short Retry-After) comes from the handler
/// pipeline, the private-address check of each request from <see cref="PrivateNetworkGuard"/>; this class follows redirects
/// one checked hop at a time and adds conditional GET, the size cap and the body's time budget, and error messages a person
/// can act on.
/// </summary>
internal sealed class HttpFetcher(HttpClient http, IOptions<HttpOptions> options, TimeProvider time, ILogger<HttpFetcher> logger)
{
    public async Task<FetchedDocument> GetAsync(Uri url, string? etag, string? lastModified, string accept, CancellationToken cancellationToken)
    {
        var httpOptions = options.Value;
        // A stored validator that cannot be sent would fail every request before it leaves: the request goes without it.
        etag = Sendable(etag, "stored ETag", url);
        lastModified = Sendable(lastModified, "stored Last-Modified", url);

        var current = url;
        for (var redirects = 0; ; redirects++)
        {
            var attempts = new AttemptCounter();
            using var response = await SendAsync(current, etag, lastModified, accept, attempts, cancellationToken);
            if (IsRedirect(response.StatusCode) && response.Headers.Location is { } location)
            {
                current = NextHop(current, location, redirects, httpOptions.MaxRedirects);
                continue;
            }

            if (response.StatusCode == HttpStatusCode.NotModified)
                return new FetchedDocument(url, current, response.StatusCode, [], null, etag, lastModified, null);

            if (!response.IsSuccessStatusCode)
            {
                var suffix = attempts.Count > 1 ? $" after {attempts.Count} attempts" : "";
                var retryAfter = response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable ? RetryAfter(response, time.GetUtcNow()) : null;
                var wait = retryAfter is { } after ? $" (retry after {after.TotalSeconds:0}s)" : "";
                throw new FetchException($"HTTP {(int)response.StatusCode} {response.ReasonPhrase}".TrimEnd() + suffix + wait)
                {
                    Status = response.StatusCode,
                    RetryAfter = retryAfter,
                };
            }

            var body = await ReadCappedAsync(response.Content, httpOptions, cancellationToken);
            return new FetchedDocument(
                url,
                current,
                response.StatusCode,
                body,
                response.Content.Headers.ContentType?.ToString(),
                Sendable(response.Headers.ETag?.ToString() ?? FirstHeader(response, "ETag"), "ETag", current),
                Sendable(FirstContentHeader(response.Content, "Last-Modified"), "Last-Modified", current),
                response.Content.Headers.ContentLocation is { } contentLocation ? new Uri(current, contentLocation) : null);
        }
    }

    /// <summary>One request, one hop: the guard judges its destination before it is sent.</summary>
    private async Task<HttpResponseMessage> SendAsync(Uri url, string? etag, string? lastModified, string accept, AttemptCounter attempts, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.TryAddWithoutValidation("Accept", accept);
        if (!string.IsNullOrEmpty(etag))
            request.Headers.TryAddWithoutValidation("If-None-Match", etag);
        if (!string.IsNullOrEmpty(lastModified))
            request.Headers.TryAddWithoutValidation("If-Modified-Since", lastModified);
        request.Options.Set(AttemptCounter.Key, attempts);

        var started = time.GetTimestamp();
        try
        {
            return await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw Describe(ex, url, attempts.Count, time.GetElapsedTime(started));
        }
    }

    private static bool IsRedirect(HttpStatusCode status) =>
        status is HttpStatusCode.MultipleChoices or HttpStatusCode.MovedPermanently or HttpStatusCode.Found or HttpStatusCode.SeeOther
            or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect;

    private static Uri NextHop(Uri current, Uri location, int redirects, int maxRedirects)
    {
        var next = new Uri(current, location);
        if (redirects >= maxRedirects)
            throw new FetchException($"too many redirects (more than {maxRedirects}; the next was to {next})");
        if (next.Scheme != Uri.UriSchemeHttp && next.Scheme != Uri.UriSchemeHttps)
            throw new FetchException($"redirected to {next}, which is not an http or https address");
        if (current.Scheme == Uri.UriSchemeHttps && next.Scheme == Uri.UriSchemeHttp)
            throw new FetchException($"redirected from https to plain http ({next}), which is not followed");
        return next;
    }

    /// <summary>How long a response asks to be left alone (Retry-After as seconds or as a date), null when it does not say.</summary>
    public static TimeSpan? RetryAfter(HttpResponseMessage response, DateTimeOffset now) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta < TimeSpan.Zero ? TimeSpan.Zero : delta,
        { Date: { } date } => date > now ? date - now : TimeSpan.Zero,
        _ => null,
    };

    /// <summary>A validator as it can be sent back in a request header (printable ASCII), else null with a log line.</summary>
    private string? Sendable(string? validator, string what, Uri url)
    {
        if (string.IsNullOrEmpty(validator) || validator.All(c => c is >= ' ' and <= '~' or '\t'))
            return validator;
        logger.LogWarning("Dropped the {What} of {Url}: a validator with characters other than printable ASCII cannot be sent back", what, url);
        return null;
    }

    private async Task<byte[]> ReadCappedAsync(HttpContent content, HttpOptions httpOptions, CancellationToken cancellationToken)
    {
        var max = httpOptions.MaxResponseBytes;
        // Content-Length is only trusted to refuse early; the decompressed stream is what is counted.
        if (content.Headers.ContentLength > max && content.Headers.ContentEncoding.Count == 0)
            throw new FetchException($"response exceeded {FormatSize(max)} (Content-Length {content.Headers.ContentLength})");

        // The body has its own budget: a server that dribbles bytes must not hold the request for long.
        using var budget = new CancellationTokenSource(httpOptions.BodyTimeout, time);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, budget.Token);
        try
        {
            await using var stream = await content.ReadAsStreamAsync(timeout.Token);
            using var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while ((read = await stream.ReadAsync(chunk, timeout.Token)) > 0)
            {
                if (buffer.Length + read > max)
                    throw new FetchException($"response exceeded {FormatSize(max)}");
                buffer.Write(chunk, 0, read);
            }

            return buffer.ToArray();
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new FetchException($"reading the response body took longer than {httpOptions.BodyTimeout.TotalSeconds:0.#}s");
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException)
        {
            throw new FetchException($"the connection failed while reading the response: {ex.Message}", ex);
        }
    }

    private static FetchException Describe(Exception ex, Uri url, int attempts, TimeSpan elapsed)
    {
        var after = attempts > 1 ? $" after {attempts} attempts" : "";
        var refused = FindInner<PrivateNetworkRefusedException>(ex);
        if (refused is not null)
            return new FetchException(refused.Message, ex) { Refused = true };

        return ex switch
        {
            FetchException fetch => fetch,
            TimeoutRejectedException => new FetchException($"timed out{after} ({elapsed.TotalSeconds:0.#}s in all)", ex),
            HttpRequestException http when http.HttpRequestError == HttpRequestError.NameResolutionError =>
                new FetchException($"host {url.Host} could not be resolved{after}", ex),
            HttpRequestException http when http.HttpRequestError == HttpRequestError.ConnectionError =>
                new FetchException($"could not connect to {url.Host}{after}: {Innermost(ex).Message}", ex),
            HttpRequestException http => new FetchException($"request failed{after}: {Innermost(http).Message}", ex),
            _ => new FetchException($"request failed{after}: {ex.Message}", ex),
        };
    }

    private static T? FindInner<T>(Exception? ex) where T : Exception
    {
        for (; ex is not null; ex = ex.InnerException)
        {
            if (ex is T found)
                return found;
        }

        return null;
    }

    private static Exception Innermost(Exception ex)
    {
        while (ex.InnerException is not null)
            ex = ex.InnerException;
        return ex;
    }

    private static string? FirstHeader(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    private static string? FirstContentHeader(HttpContent content, string name) =>
        content.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    public static string FormatSize(long bytes) => bytes switch
    {
        >= 1024 * 1024 when bytes % (1024 * 1024) == 0 => $"{bytes / (1024 * 1024)} MB",
        >= 1024 * 1024 => $"{bytes / (1024.0 * 1024):0.#} MB",
        >= 1024 => $"{bytes / 1024.0:0.#} KB",
        _ => $"{bytes} bytes",
    };
}

/// <summary>Counts the attempts the resilience pipeline made for one request, so errors can say how many.</summary>
internal sealed class AttemptCounter
{
    public static readonly HttpRequestOptionsKey<AttemptCounter> Key = new("NewsWatch.Attempts");

    private int _count;

    public int Count => _count;

    public void Increment() => Interlocked.Increment(ref _count);

    /// <summary>Sits inside the resilience handler, so it runs once per attempt.</summary>
    public sealed class Handler : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Options.TryGetValue(Key, out var counter))
                counter.Increment();
            return base.SendAsync(request, cancellationToken);
        }
    }
}
