using Microsoft.Extensions.Options;
using NewsWatch.Hosting;
using Quartz;

namespace NewsWatch.Sources;

/// <summary>The scheduled poll of one source. One job per source, never two runs of it at once.</summary>
[DisallowConcurrentExecution]
internal sealed class PollSourceJob(SourcePoller poller, IOptionsMonitor<NewsWatchOptions> options) : IJob
{
    public const string Group = "sources";
    public const string SourceKey = "source";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var name = context.MergedJobDataMap.GetString(SourceKey);
        var source = name is null ? null : options.CurrentValue.FindSource(name);
        // A source removed from the configuration is unscheduled at the next start; until then its job does nothing.
        if (source is null || !source.Enabled)
            return;
        await poller.PollAsync(source, respectBackoff: true, cancellationToken);
    }
}
