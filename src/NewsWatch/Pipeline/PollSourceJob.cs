using Microsoft.Extensions.Options;
using NewsWatch.Sources;
using Quartz;

namespace NewsWatch.Pipeline;

/// <summary>The scheduled poll of one source, then a pass of the pipeline. One job per source, never two runs of it at once.</summary>
[DisallowConcurrentExecution]
internal sealed class PollSourceJob(SourcePoller poller, ArticlePipeline pipeline, IOptionsMonitor<SourceList> sources) : IJob
{
    public const string Group = "sources";
    public const string SourceKey = "source";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var name = context.MergedJobDataMap.GetString(SourceKey);
        var source = name is null ? null : sources.CurrentValue.Find(name);
        // A source removed from the configuration is unscheduled at the next start; until then its job does nothing.
        if (source is null || !source.Enabled)
            return;
        await poller.PollAsync(source, respectBackoff: true, cancellationToken);
        // Pages that failed earlier may be due for another try even when the feed is unchanged.
        await pipeline.AdvanceAfterPollAsync(cancellationToken);
    }
}
