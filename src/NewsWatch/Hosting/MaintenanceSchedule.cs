using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using NewsWatch.Classification;
using NewsWatch.Extraction;
using Quartz;

namespace NewsWatch.Hosting;

/// <summary>
/// At start, schedules the worker's housekeeping: dropping old raw pages daily, and retraining the classifier when
/// <c>Classification:Retrain:Enabled</c> is set (its job is removed when it is not, so a persistent job store forgets it).
/// </summary>
internal sealed class MaintenanceSchedule(ISchedulerFactory schedulerFactory, IOptions<ClassificationOptions> classification, TimeProvider time) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var scheduler = await schedulerFactory.GetScheduler(cancellationToken);
        var now = time.GetUtcNow();

        await ScheduleAsync(scheduler, JobBuilder.Create<PruneRawHtmlJob>().WithIdentity(PruneRawHtmlJob.Key).Build(), now.AddMinutes(5), TimeSpan.FromDays(1), cancellationToken);

        var retrain = classification.Value.Retrain;
        if (retrain.Enabled)
            await ScheduleAsync(scheduler, JobBuilder.Create<RetrainModelJob>().WithIdentity(RetrainModelJob.Key).Build(), RetrainModelJob.FirstRun(classification.Value, now), retrain.Interval, cancellationToken);
        else
            await scheduler.DeleteJob(RetrainModelJob.Key, cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static async Task ScheduleAsync(IScheduler scheduler, IJobDetail detail, DateTimeOffset firstRun, TimeSpan interval, CancellationToken cancellationToken)
    {
        var trigger = TriggerBuilder.Create()
            .WithIdentity(detail.Key.Name, detail.Key.Group)
            .ForJob(detail)
            .StartAt(firstRun)
            .WithSimpleSchedule(s => s.WithInterval(interval).RepeatForever())
            .Build();
        await scheduler.ScheduleJob(detail, [trigger], new ScheduleJobOptions { Replace = true }, cancellationToken);
    }
}
