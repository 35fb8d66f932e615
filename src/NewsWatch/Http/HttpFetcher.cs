using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.Options;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace NewsWatch.Http;

/// <summary>A fetch that could not produce a document; the message is meant for the source's health row.</summary>
internal sealed class FetchException(string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>The HTTP status when the server answered with an error, null when there was no answer.</summary>
    public HttpStatusCode? Status { get; init; }
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
/// The one HTTP client of the pipeline. Resilience (timeouts, retries honouring Retry-After, a circuit
/// breaker per host) comes from the handler pipeline; this class adds conditional GET, the size cap and
/// error messages a person can act on.
/// </summary>
internal sealed class HttpFetcher(HttpClient http, IOptions<HttpOptions> options)
{
    public async Task<FetchedDocument> GetAsync(Uri url, string? etag, string? lastModified, string accept, CancellationToken cancellationToken)
    {
        var httpOptions = options.Value;
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.TryAddWithoutValidation("Accept", accept);
        if (!string.IsNullOrEmpty(etag))
            request.Headers.TryAddWithoutValidation("If-None-Match", etag);
        if (!string.IsNullOrEmpty(lastModified))
            request.Headers.TryAddWithoutValidation("If-Modified-Since", lastModified);
        var attempts = new AttemptCounter();
        request.Options.Set(AttemptCounter.Key, attempts);

        var started = Stopwatch.GetTimestamp();
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw Describe(ex, url, attempts.Count, Stopwatch.GetElapsedTime(started));
        }

        using (response)
        {
            var finalUri = response.RequestMessage?.RequestUri ?? url;
            if (response.StatusCode == HttpStatusCode.NotModified)
                return new FetchedDocument(url, finalUri, response.StatusCode, [], null, etag, lastModified, null);

            if (!response.IsSuccessStatusCode)
            {
                var suffix = attempts.Count > 1 ? $" after {attempts.Count} attempts" : "";
                throw new FetchException($"HTTP {(int)response.StatusCode} {response.ReasonPhrase}{suffix}".TrimEnd()) { Status = response.StatusCode };
            }

            var body = await ReadCappedAsync(response.Content, httpOptions, cancellationToken);
            return new FetchedDocument(
                url,
                finalUri,
                response.StatusCode,
                body,
                response.Content.Headers.ContentType?.ToString(),
                response.Headers.ETag?.ToString() ?? FirstHeader(response, "ETag"),
                FirstContentHeader(response.Content, "Last-Modified"),
                response.Content.Headers.ContentLocation is { } location ? new Uri(finalUri, location) : null);
        }
    }

    private static async Task<byte[]> ReadCappedAsync(HttpContent content, HttpOptions httpOptions, CancellationToken cancellationToken)
    {
        var max = httpOptions.MaxResponseBytes;
        // Content-Length is only trusted to refuse early; the decompressed stream is what is counted.
        if (content.Headers.ContentLength > max && content.Headers.ContentEncoding.Count == 0)
            throw new FetchException($"response exceeded {FormatSize(max)} (Content-Length {content.Headers.ContentLength})");

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(httpOptions.TotalTimeout);
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
            throw new FetchException($"reading the response body took longer than {httpOptions.TotalTimeout.TotalSeconds:0.#}s");
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
            return new FetchException(refused.Message, ex);

        return ex switch
        {
            FetchException fetch => fetch,
            TimeoutRejectedException => new FetchException($"timed out{after} ({elapsed.TotalSeconds:0.#}s in all)", ex),
            BrokenCircuitException => new FetchException($"too many recent failures from {url.Host}; requests to it are paused for a while", ex),
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
