using Microsoft.Extensions.Options;

namespace NewsWatch.Web;

/// <summary>The "NewsWatch:Web" section: the review site that `run` serves beside the worker and `serve` serves alone.</summary>
internal sealed class WebOptions
{
    public const string Section = "NewsWatch:Web";

    /// <summary>Whether `run` serves the site; `serve` always does.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Where the site listens, separated by ';'. Loopback by default: put a TLS proxy in front to serve it further.</summary>
    public string Urls { get; set; } = "http://127.0.0.1:5080";

    public IReadOnlyList<Uri> ParseUrls() =>
        Urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(u => new Uri(u)).ToList();
}

internal sealed class WebOptionsValidator : IValidateOptions<WebOptions>
{
    public ValidateOptionsResult Validate(string? name, WebOptions web)
    {
        var urls = web.Urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (urls.Length == 0)
            return ValidateOptionsResult.Fail($"{WebOptions.Section}:Urls must name at least one http or https URL.");
        var errors = urls
            .Where(u => !Uri.TryCreate(u, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps) || url.AbsolutePath != "/")
            .Select(u => $"{WebOptions.Section}:Urls '{u}' is not an http or https URL with a host and a port (e.g. http://127.0.0.1:5080).")
            .ToList();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
