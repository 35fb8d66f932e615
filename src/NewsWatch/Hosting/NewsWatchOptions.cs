using NewsWatch.Classification;
using NewsWatch.Http;
using NewsWatch.Incidents;
using NewsWatch.Pipeline;
using NewsWatch.Web;
using NewsWatch.Sources;
using NewsWatch.Storage;

namespace NewsWatch.Hosting;

/// <summary>
/// The whole "NewsWatch" section, made of the sections each folder binds and validates for itself. Bound once more as a
/// whole so that a misspelt key anywhere is an error, and so that <c>newswatch config</c> prints everything.
/// </summary>
internal sealed class NewsWatchOptions
{
    public const string Section = "NewsWatch";

    public string Database { get; set; } = StorageOptions.DefaultDatabase;

    public HttpOptions Http { get; set; } = new();

    public SourceSchedulingOptions Scheduling { get; set; } = new();

    public ArticlesOptions Articles { get; set; } = new();

    public ClassificationOptions Classification { get; set; } = new();

    public IncidentOptions Incidents { get; set; } = new();

    public PipelineOptions Pipeline { get; set; } = new();

    public WebOptions Web { get; set; } = new();

    public List<SourceOptions> Sources { get; set; } = [];
}
