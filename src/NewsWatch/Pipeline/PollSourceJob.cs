using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NewsWatch.Sources;
using Quartz;

namespace NewsWatch.Pipeline;

/// <summary>
/// The scheduled poll of one source. One job per source, never two runs of it at once. It only polls, then asks for a pass of
/// the pipeline, which runs as a job of its own: pages never hold up a poll.
/// </summary>
[DisallowConcurrentExecution]
internal sealed class PollSourceJob(SourcePoller poller, IOptionsMonitor<SourceList> sources, IHostApplicationLifetime lifetime, ILogger<PollSourceJob> logger) : IJob
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

        // A stop cancels the request and its retries at once; the poll is interrupted, not failed, and runs again after the next start.
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lifetime.ApplicationStopping);
        try
        {
            await poller.PollAsync(source, respectBackoff: true, stopping.Token);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            logger.LogInformation("Poll of {Source} interrupted by the stop", source.Name);
            return;
        }

        await context.Scheduler.TriggerJob(AdvancePipelineJob.Key, stopping.Token);
    }
}
