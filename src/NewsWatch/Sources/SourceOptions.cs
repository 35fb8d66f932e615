using Microsoft.Extensions.Options;

namespace NewsWatch.Sources;

/// <summary>The "NewsWatch:Sources" list: every feed that is polled.</summary>
internal sealed class SourceList : List<SourceOptions>
{
    public const string Section = "NewsWatch:Sources";

    public SourceOptions? Find(string name) =>
        this.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase));
}

/// <summary>One entry of "NewsWatch:Sources".</summary>
internal sealed class SourceOptions
{
    public string Name { get; set; } = "";

    public string FeedUrl { get; set; } = "";

    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(15);

    public bool Enabled { get; set; } = true;

    /// <summary>Fetch each new item's page and extract its text; otherwise the feed summary is all there is.</summary>
    public bool FetchArticles { get; set; }

    /// <summary>CSS selector of the article body, for sites the generic extraction gets wrong.</summary>
    public string? ContentSelector { get; set; }

    /// <summary>CSS selectors of elements removed before extraction.</summary>
    public List<string> RemoveSelectors { get; set; } = [];
}

/// <summary>The "NewsWatch:Scheduling" section.</summary>
internal sealed class SourceSchedulingOptions
{
    public const string Section = "NewsWatch:Scheduling";

    /// <summary>Each source's first poll is delayed by a random share of this, so sources do not all fire together.</summary>
    public TimeSpan StartJitter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A failing source waits its interval doubled per consecutive failure, up to this.</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromHours(6);

    /// <summary>How long a stop waits for polls in flight to finish.</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromMinutes(2);
}

internal sealed class SourceListValidator : IValidateOptions<SourceList>
{
    public static readonly TimeSpan MinimumInterval = TimeSpan.FromMinutes(1);

    public ValidateOptionsResult Validate(string? name, SourceList sources)
    {
        var errors = new List<string>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < sources.Count; i++)
        {
            var source = sources[i];
            var key = $"{SourceList.Section}:{i}";
            if (string.IsNullOrWhiteSpace(source.Name))
                errors.Add($"{key}:Name must not be empty.");
            else if (!seen.Add(source.Name.Trim()))
                errors.Add($"{key}:Name '{source.Name}' is used by another source; names must be unique.");

            if (!Uri.TryCreate(source.FeedUrl, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
                errors.Add($"{key}:FeedUrl '{source.FeedUrl}' is not an absolute http or https URL.");

            if (source.ContentSelector is { } selector && !IsValidSelector(selector))
                errors.Add($"{key}:ContentSelector '{selector}' is not a valid CSS selector.");
            for (var r = 0; r < source.RemoveSelectors.Count; r++)
            {
                if (!IsValidSelector(source.RemoveSelectors[r]))
                    errors.Add($"{key}:RemoveSelectors:{r} '{source.RemoveSelectors[r]}' is not a valid CSS selector.");
            }

            if (source.Interval < MinimumInterval)
                errors.Add($"{key}:Interval {source.Interval} is shorter than the polite minimum of {MinimumInterval}.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static bool IsValidSelector(string selector) =>
        !string.IsNullOrWhiteSpace(selector) && new AngleSharp.Css.Parser.CssSelectorParser().ParseSelector(selector) is not null;
}

internal sealed class SchedulingOptionsValidator : IValidateOptions<SourceSchedulingOptions>
{
    public ValidateOptionsResult Validate(string? name, SourceSchedulingOptions scheduling)
    {
        var errors = new List<string>();
        const string key = SourceSchedulingOptions.Section;
        if (scheduling.StartJitter < TimeSpan.Zero)
            errors.Add($"{key}:StartJitter must not be negative (was {scheduling.StartJitter}).");
        if (scheduling.MaxBackoff < TimeSpan.Zero)
            errors.Add($"{key}:MaxBackoff must not be negative (was {scheduling.MaxBackoff}).");
        if (scheduling.ShutdownTimeout <= TimeSpan.Zero)
            errors.Add($"{key}:ShutdownTimeout must be positive (was {scheduling.ShutdownTimeout}).");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
