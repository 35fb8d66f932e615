using Microsoft.Extensions.Options;

namespace NewsWatch.Hosting;

/// <summary>Checks the whole configuration at start; every message names the offending key.</summary>
internal sealed class NewsWatchOptionsValidator : IValidateOptions<NewsWatchOptions>
{
    public static readonly TimeSpan MinimumInterval = TimeSpan.FromMinutes(1);

    public ValidateOptionsResult Validate(string? name, NewsWatchOptions options)
    {
        var errors = new List<string>();
        const string root = NewsWatchOptions.Section;

        if (string.IsNullOrWhiteSpace(options.Database))
            errors.Add($"{root}:Database must name a database file.");

        var http = options.Http;
        if (string.IsNullOrWhiteSpace(http.UserAgent))
            errors.Add($"{root}:Http:UserAgent must not be empty.");
        if (http.MaxResponseBytes < 1024)
            errors.Add($"{root}:Http:MaxResponseBytes must be at least 1024 (was {http.MaxResponseBytes}).");
        if (http.AttemptTimeout <= TimeSpan.Zero)
            errors.Add($"{root}:Http:AttemptTimeout must be positive (was {http.AttemptTimeout}).");
        if (http.TotalTimeout <= http.AttemptTimeout)
            errors.Add($"{root}:Http:TotalTimeout ({http.TotalTimeout}) must be longer than {root}:Http:AttemptTimeout ({http.AttemptTimeout}).");
        if (http.MaxRetries is < 0 or > 10)
            errors.Add($"{root}:Http:MaxRetries must be between 0 and 10 (was {http.MaxRetries}).");
        if (http.RetryBaseDelay < TimeSpan.Zero)
            errors.Add($"{root}:Http:RetryBaseDelay must not be negative (was {http.RetryBaseDelay}).");
        if (http.MaxConcurrentRequestsPerHost is < 1 or > 64)
            errors.Add($"{root}:Http:MaxConcurrentRequestsPerHost must be between 1 and 64 (was {http.MaxConcurrentRequestsPerHost}).");
        if (http.MaxRedirects is < 0 or > 20)
            errors.Add($"{root}:Http:MaxRedirects must be between 0 and 20 (was {http.MaxRedirects}).");

        var incidents = options.Incidents;
        if (incidents.AttachScore is <= 0 or > 2)
            errors.Add($"{root}:Incidents:AttachScore must be above 0 and at most 2 (was {incidents.AttachScore}).");
        if (incidents.CopyOverlap is <= 0 or > 1)
            errors.Add($"{root}:Incidents:CopyOverlap must be above 0 and at most 1 (was {incidents.CopyOverlap}).");
        if (incidents.CopyWindow <= TimeSpan.Zero)
            errors.Add($"{root}:Incidents:CopyWindow must be positive (was {incidents.CopyWindow}).");
        if (incidents.FollowUpAfter <= TimeSpan.Zero)
            errors.Add($"{root}:Incidents:FollowUpAfter must be positive (was {incidents.FollowUpAfter}).");
        if (incidents.MatchWindow < TimeSpan.FromDays(1))
            errors.Add($"{root}:Incidents:MatchWindow must be at least one day (was {incidents.MatchWindow}).");
        if (incidents.NameWindow < incidents.MatchWindow)
            errors.Add($"{root}:Incidents:NameWindow ({incidents.NameWindow}) must not be shorter than {root}:Incidents:MatchWindow ({incidents.MatchWindow}).");
        if (incidents.MaxCandidates is < 1 or > 1000)
            errors.Add($"{root}:Incidents:MaxCandidates must be between 1 and 1000 (was {incidents.MaxCandidates}).");

        var scheduling = options.Scheduling;
        if (scheduling.StartJitter < TimeSpan.Zero)
            errors.Add($"{root}:Scheduling:StartJitter must not be negative (was {scheduling.StartJitter}).");
        if (scheduling.MaxBackoff < TimeSpan.Zero)
            errors.Add($"{root}:Scheduling:MaxBackoff must not be negative (was {scheduling.MaxBackoff}).");
        if (scheduling.ShutdownTimeout <= TimeSpan.Zero)
            errors.Add($"{root}:Scheduling:ShutdownTimeout must be positive (was {scheduling.ShutdownTimeout}).");

        var articles = options.Articles;
        if (articles.MinHostDelay < TimeSpan.Zero)
            errors.Add($"{root}:Articles:MinHostDelay must not be negative (was {articles.MinHostDelay}).");
        if (articles.RobotsCacheDuration < TimeSpan.Zero)
            errors.Add($"{root}:Articles:RobotsCacheDuration must not be negative (was {articles.RobotsCacheDuration}).");
        if (articles.MaxFetchAttempts is < 1 or > 20)
            errors.Add($"{root}:Articles:MaxFetchAttempts must be between 1 and 20 (was {articles.MaxFetchAttempts}).");
        if (articles.RetryDelay < TimeSpan.Zero)
            errors.Add($"{root}:Articles:RetryDelay must not be negative (was {articles.RetryDelay}).");
        if (articles.RawHtmlRetention < TimeSpan.Zero)
            errors.Add($"{root}:Articles:RawHtmlRetention must not be negative (was {articles.RawHtmlRetention}).");

        var classification = options.Classification;
        if (string.IsNullOrWhiteSpace(classification.ModelPath))
            errors.Add($"{root}:Classification:ModelPath must name a model file.");
        if (classification.CandidateThreshold is <= 0 or > 1)
            errors.Add($"{root}:Classification:CandidateThreshold must be in (0, 1] (was {classification.CandidateThreshold}).");
        var retrain = classification.Retrain;
        if (retrain.Interval < TimeSpan.FromHours(1))
            errors.Add($"{root}:Classification:Retrain:Interval must be at least one hour (was {retrain.Interval}).");
        if (retrain.Enabled && string.IsNullOrWhiteSpace(retrain.TrainingPath))
            errors.Add($"{root}:Classification:Retrain:TrainingPath must name the folder of labelled *.jsonl files when Retrain:Enabled is true.");
        // Checked now rather than at the first retrain, which may be a week away.
        if (retrain.Enabled && (!retrain.ValidationPath.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase) || !File.Exists(retrain.ResolveValidationPath())))
            errors.Add($"{root}:Classification:Retrain:ValidationPath must name a labelled .jsonl file when Retrain:Enabled is true (was '{retrain.ValidationPath}').");

        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < options.Sources.Count; i++)
        {
            var source = options.Sources[i];
            var key = $"{root}:Sources:{i}";
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
