using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NewsWatch.Http;
using NewsWatch.Storage;
using Quartz;

namespace NewsWatch.Extraction;

/// <summary>Daily: drops raw pages older than the retention period; their extracted text stays.</summary>
[DisallowConcurrentExecution]
internal sealed class PruneRawHtmlJob(ArticlePageStore pages, IOptions<ArticlesOptions> options, TimeProvider time, ILogger<PruneRawHtmlJob> logger) : IJob
{
    public static readonly JobKey Key = new("prune-raw-html", "maintenance");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var cutoff = time.GetUtcNow() - options.Value.RawHtmlRetention;
        var pruned = await pages.PruneRawHtmlAsync(cutoff, cancellationToken);
        if (pruned > 0)
            logger.LogInformation("Dropped the raw HTML of {Count} pages fetched before {Cutoff:u}", pruned, cutoff);
    }
}
