using Microsoft.Extensions.Hosting;
using Quartz;

namespace NewsWatch.Pipeline;

/// <summary>
/// A pass of the pipeline, run on its own interval and right after every poll, so that no poll ever waits on pages. Never two
/// at once: a pass asked for while one runs follows it.
/// </summary>
[DisallowConcurrentExecution]
internal sealed class AdvancePipelineJob(ArticlePipeline pipeline, IHostApplicationLifetime lifetime) : IJob
{
    public static readonly JobKey Key = new("advance", "pipeline");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        // A stop cancels the pass at once; pages in flight are left for the next start.
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lifetime.ApplicationStopping);
        await pipeline.AdvanceAfterPollAsync(stopping.Token);
    }
}
