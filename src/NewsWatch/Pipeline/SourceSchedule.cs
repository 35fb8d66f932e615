using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NewsWatch.Sources;
using Quartz;

namespace NewsWatch.Pipeline;

/// <summary>
/// At start, makes the scheduler's poll jobs match the configured sources: one job per enabled source at its
/// interval, first run spread over the start jitter, and jobs of sources no longer configured deleted
/// (a persistent job store would otherwise keep polling them); and the pipeline's pass on its interval.
/// </summary>
internal sealed class SourceSchedule(
    ISchedulerFactory schedulerFactory,
    IOptions<SourceList> sources,
    IOptions<SourceSchedulingOptions> scheduling,
    IOptions<PipelineOptions> pipeline,
    TimeProvider time,
    ILogger<SourceSchedule> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var scheduler = await schedulerFactory.GetScheduler(cancellationToken);
        var configured = sources.Value.Where(s => s.Enabled).ToList();
        var wanted = configured.Select(s => new JobKey(s.Name, PollSourceJob.Group)).ToHashSet();

        var existing = await scheduler.GetJobKeys(GroupMatcher<JobKey>.GroupEquals(PollSourceJob.Group), cancellationToken);
        var stale = existing.Where(k => !wanted.Contains(k)).ToList();
        if (stale.Count > 0)
        {
            await scheduler.DeleteJobs(stale, cancellationToken);
            logger.LogInformation("Unscheduled {Count} sources no longer configured: {Sources}", stale.Count, string.Join(", ", stale.Select(k => k.Name)));
        }

        var jitter = scheduling.Value.StartJitter;
        foreach (var source in configured)
        {
            var job = JobBuilder.Create<PollSourceJob>()
                .WithIdentity(source.Name, PollSourceJob.Group)
                .UsingJobData(PollSourceJob.SourceKey, source.Name)
                .Build();
            var firstRun = time.GetUtcNow() + TimeSpan.FromTicks((long)(Random.Shared.NextDouble() * Math.Min(jitter.Ticks, source.Interval.Ticks)));
            var trigger = TriggerBuilder.Create()
                .WithIdentity(source.Name, PollSourceJob.Group)
                .ForJob(job)
                .StartAt(firstRun)
                .WithSimpleSchedule(s => s.WithInterval(source.Interval).RepeatForever().WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount))
                .Build();
            await scheduler.ScheduleJob(job, [trigger], new ScheduleJobOptions { Replace = true }, cancellationToken);
            logger.LogInformation("Scheduled {Source} every {Interval}, first at {FirstRun:u}", source.Name, source.Interval, firstRun);
        }

        // The pipeline's pass: after every poll (the poll job asks for it) and on its own interval for retries due meanwhile.
        var advance = JobBuilder.Create<AdvancePipelineJob>().WithIdentity(AdvancePipelineJob.Key).StoreDurably().Build();
        var interval = pipeline.Value.Interval;
        var every = TriggerBuilder.Create()
            .WithIdentity(AdvancePipelineJob.Key.Name, AdvancePipelineJob.Key.Group)
            .ForJob(advance)
            .StartAt(time.GetUtcNow() + interval)
            .WithSimpleSchedule(s => s.WithInterval(interval).RepeatForever().WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount))
            .Build();
        await scheduler.ScheduleJob(advance, [every], new ScheduleJobOptions { Replace = true }, cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
