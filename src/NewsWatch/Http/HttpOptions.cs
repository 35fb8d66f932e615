using Microsoft.Extensions.Options;

namespace NewsWatch.Http;

/// <summary>The "NewsWatch:Http" section: how every request leaves the process.</summary>
internal sealed class HttpOptions
{
    public const string Section = "NewsWatch:Http";

    public string UserAgent { get; set; } = "NewsWatch/1.0 (+https://github.com/newswatch/newswatch)";

    /// <summary>Loopback, private and link-local addresses are refused unless this is set (fixtures, intranet feeds).</summary>
    public bool AllowPrivateNetworks { get; set; }

    /// <summary>
    /// Hosts allowed to be private while others are not, e.g. one intranet feed: "host:port" ("intranet.local:8080",
    /// "[fd00::5]:8443"), or a bare host for ports 80 and 443 only. Names and addresses as written in URLs.
    /// </summary>
    public List<string> AllowedPrivateHosts { get; set; } = [];

    /// <summary>Hard cap on a response body after decompression.</summary>
    public long MaxResponseBytes { get; set; } = 5 * 1024 * 1024;

    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(20);

    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(90);

    /// <summary>How long a response's body may take to arrive once its headers have, so that a server dribbling bytes cannot hold a request.</summary>
    public TimeSpan BodyTimeout { get; set; } = TimeSpan.FromSeconds(30);

    public int MaxRetries { get; set; } = 2;

    /// <summary>
    /// A 429 or 503 whose Retry-After is at most this is waited out and retried within the request; a longer one is reported
    /// at once, and the source's next poll (or the page's next attempt) waits for it instead.
    /// </summary>
    public TimeSpan MaxRetryAfterWait { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(2);

    public int MaxConcurrentRequestsPerHost { get; set; } = 2;

    public int MaxRedirects { get; set; } = 5;
}

/// <summary>The "NewsWatch:Articles" section: fetching and keeping article pages.</summary>
internal sealed class ArticlesOptions
{
    public const string Section = "NewsWatch:Articles";

    /// <summary>Least time between two requests to one host, robots.txt included.</summary>
    public TimeSpan MinHostDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long robots.txt answers are trusted before being fetched again.</summary>
    public TimeSpan RobotsCacheDuration { get; set; } = TimeSpan.FromHours(12);

    /// <summary>A page that keeps failing is given up after this many attempts; its feed summary stands in.</summary>
    public int MaxFetchAttempts { get; set; } = 4;

    /// <summary>Wait before the first retry of a failed page; doubled for each later one.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Raw HTML is kept compressed this long so extraction can be re-run without refetching.</summary>
    public TimeSpan RawHtmlRetention { get; set; } = TimeSpan.FromDays(90);
}

internal sealed class HttpOptionsValidator : IValidateOptions<HttpOptions>
{
    public ValidateOptionsResult Validate(string? name, HttpOptions http)
    {
        var errors = new List<string>();
        const string key = HttpOptions.Section;
        if (string.IsNullOrWhiteSpace(http.UserAgent))
            errors.Add($"{key}:UserAgent must not be empty.");
        if (http.MaxResponseBytes < 1024)
            errors.Add($"{key}:MaxResponseBytes must be at least 1024 (was {http.MaxResponseBytes}).");
        if (http.AttemptTimeout <= TimeSpan.Zero)
            errors.Add($"{key}:AttemptTimeout must be positive (was {http.AttemptTimeout}).");
        if (http.TotalTimeout <= http.AttemptTimeout)
            errors.Add($"{key}:TotalTimeout ({http.TotalTimeout}) must be longer than {key}:AttemptTimeout ({http.AttemptTimeout}).");
        if (http.BodyTimeout <= TimeSpan.Zero)
            errors.Add($"{key}:BodyTimeout must be positive (was {http.BodyTimeout}).");
        if (http.MaxRetryAfterWait < TimeSpan.Zero || http.MaxRetryAfterWait >= http.TotalTimeout)
            errors.Add($"{key}:MaxRetryAfterWait must be at least 0 and shorter than {key}:TotalTimeout ({http.TotalTimeout}) (was {http.MaxRetryAfterWait}).");
        for (var i = 0; i < http.AllowedPrivateHosts.Count; i++)
        {
            if (!PrivateNetworkGuard.TryParseAllowedHost(http.AllowedPrivateHosts[i], out _, out _))
                errors.Add($"{key}:AllowedPrivateHosts:{i} '{http.AllowedPrivateHosts[i]}' is not a host or host:port (e.g. intranet.local:8080, 10.0.0.5, [fd00::5]:8443).");
        }

        if (http.MaxRetries is < 0 or > 10)
            errors.Add($"{key}:MaxRetries must be between 0 and 10 (was {http.MaxRetries}).");
        if (http.RetryBaseDelay < TimeSpan.Zero)
            errors.Add($"{key}:RetryBaseDelay must not be negative (was {http.RetryBaseDelay}).");
        if (http.MaxConcurrentRequestsPerHost is < 1 or > 64)
            errors.Add($"{key}:MaxConcurrentRequestsPerHost must be between 1 and 64 (was {http.MaxConcurrentRequestsPerHost}).");
        if (http.MaxRedirects is < 0 or > 20)
            errors.Add($"{key}:MaxRedirects must be between 0 and 20 (was {http.MaxRedirects}).");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

internal sealed class ArticlesOptionsValidator : IValidateOptions<ArticlesOptions>
{
    public ValidateOptionsResult Validate(string? name, ArticlesOptions articles)
    {
        var errors = new List<string>();
        const string key = ArticlesOptions.Section;
        if (articles.MinHostDelay < TimeSpan.Zero)
            errors.Add($"{key}:MinHostDelay must not be negative (was {articles.MinHostDelay}).");
        if (articles.RobotsCacheDuration < TimeSpan.Zero)
            errors.Add($"{key}:RobotsCacheDuration must not be negative (was {articles.RobotsCacheDuration}).");
        if (articles.MaxFetchAttempts is < 1 or > 20)
            errors.Add($"{key}:MaxFetchAttempts must be between 1 and 20 (was {articles.MaxFetchAttempts}).");
        if (articles.RetryDelay < TimeSpan.Zero)
            errors.Add($"{key}:RetryDelay must not be negative (was {articles.RetryDelay}).");
        if (articles.RawHtmlRetention < TimeSpan.Zero)
            errors.Add($"{key}:RawHtmlRetention must not be negative (was {articles.RawHtmlRetention}).");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
