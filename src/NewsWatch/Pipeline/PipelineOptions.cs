using Microsoft.Extensions.Options;

namespace NewsWatch.Pipeline;

/// <summary>The "NewsWatch:Pipeline" section: how stored articles are moved on between and after polls.</summary>
internal sealed class PipelineOptions
{
    public const string Section = "NewsWatch:Pipeline";

    /// <summary>A pass runs this often, besides right after each poll (pages due for a retry, a stop that left work behind).</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How long one pass may spend fetching pages. Pages not reached wait for the next pass, so a host whose pages dribble in
    /// costs at most this, never a poll.
    /// </summary>
    public TimeSpan PageBudget { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Hosts whose pages are fetched at once; one host's pages are always fetched one after another.</summary>
    public int MaxConcurrentHosts { get; set; } = 4;
}

internal sealed class PipelineOptionsValidator : IValidateOptions<PipelineOptions>
{
    public ValidateOptionsResult Validate(string? name, PipelineOptions pipeline)
    {
        var errors = new List<string>();
        const string key = PipelineOptions.Section;
        if (pipeline.Interval < TimeSpan.FromSeconds(10))
            errors.Add($"{key}:Interval must be at least 10 seconds (was {pipeline.Interval}).");
        if (pipeline.PageBudget < TimeSpan.FromSeconds(1))
            errors.Add($"{key}:PageBudget must be at least one second (was {pipeline.PageBudget}).");
        if (pipeline.MaxConcurrentHosts is < 1 or > 64)
            errors.Add($"{key}:MaxConcurrentHosts must be between 1 and 64 (was {pipeline.MaxConcurrentHosts}).");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
