using Microsoft.Extensions.Options;

namespace NewsWatch.Incidents;

/// <summary>The "NewsWatch:Incidents" section: how candidate reports are grouped into incidents.</summary>
internal sealed class IncidentOptions
{
    public const string Section = "NewsWatch:Incidents";

    /// <summary>Places and routes with their spellings; a relative path is looked up beside the executable, then in the working directory.</summary>
    public string GazetteerPath { get; set; } = "models/gazetteer.json";

    /// <summary>Folder of *.jsonl reports from which word weights (inverse document frequency) are computed.</summary>
    public string TermCorpusPath { get; set; } = "models/training";

    /// <summary>A report joins the best-matching incident when its match score reaches this; otherwise it opens a new incident.</summary>
    public double AttachScore { get; set; } = 0.2;

    /// <summary>Estimated word-shingle overlap above which a report is a copy of one already grouped.</summary>
    public double CopyOverlap { get; set; } = 0.85;

    /// <summary>Copies are recognised within this time of the incident's latest report.</summary>
    public TimeSpan CopyWindow { get; set; } = TimeSpan.FromDays(30);

    /// <summary>A report published this long after an incident's first report is a follow-up rather than an update.</summary>
    public TimeSpan FollowUpAfter { get; set; } = TimeSpan.FromDays(14);

    /// <summary>How far apart in event date a report and an incident may be when they share a place, a word or a fingerprint band.</summary>
    public TimeSpan MatchWindow { get; set; } = TimeSpan.FromDays(90);

    /// <summary>How far apart they may be when they name the same person (interviews and trials come years later).</summary>
    public TimeSpan NameWindow { get; set; } = TimeSpan.FromDays(3 * 366);

    /// <summary>At most this many incidents, those sharing the most keys, are scored against each report.</summary>
    public int MaxCandidates { get; set; } = 12;

    public string ResolveGazetteerPath() => ConfiguredPath.Resolve(GazetteerPath);

    public string ResolveTermCorpusPath() => ConfiguredPath.Resolve(TermCorpusPath);
}

internal sealed class IncidentOptionsValidator : IValidateOptions<IncidentOptions>
{
    public ValidateOptionsResult Validate(string? name, IncidentOptions incidents)
    {
        var errors = new List<string>();
        const string key = IncidentOptions.Section;
        if (incidents.AttachScore is <= 0 or > 2)
            errors.Add($"{key}:AttachScore must be above 0 and at most 2 (was {incidents.AttachScore}).");
        if (incidents.CopyOverlap is <= 0 or > 1)
            errors.Add($"{key}:CopyOverlap must be above 0 and at most 1 (was {incidents.CopyOverlap}).");
        if (incidents.CopyWindow <= TimeSpan.Zero)
            errors.Add($"{key}:CopyWindow must be positive (was {incidents.CopyWindow}).");
        if (incidents.FollowUpAfter <= TimeSpan.Zero)
            errors.Add($"{key}:FollowUpAfter must be positive (was {incidents.FollowUpAfter}).");
        if (incidents.MatchWindow < TimeSpan.FromDays(1))
            errors.Add($"{key}:MatchWindow must be at least one day (was {incidents.MatchWindow}).");
        if (incidents.NameWindow < incidents.MatchWindow)
            errors.Add($"{key}:NameWindow ({incidents.NameWindow}) must not be shorter than {key}:MatchWindow ({incidents.MatchWindow}).");
        if (incidents.MaxCandidates is < 1 or > 1000)
            errors.Add($"{key}:MaxCandidates must be between 1 and 1000 (was {incidents.MaxCandidates}).");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
