using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NewsWatch.Classification;
using NewsWatch.Extraction;
using NewsWatch.Sources;
using Quartz;

namespace NewsWatch.Hosting;

internal static class WorkerServices
{
    /// <summary>The scheduled worker: Quartz with one poll job per source, run as a Windows or systemd service when started as one.</summary>
    public static HostApplicationBuilder AddWorker(this HostApplicationBuilder builder)
    {
        var scheduling = new SchedulingOptions();
        builder.Configuration.GetSection($"{NewsWatchOptions.Section}:Scheduling").Bind(scheduling);
        var classification = new ClassificationOptions();
        builder.Configuration.GetSection($"{NewsWatchOptions.Section}:Classification").Bind(classification);

        builder.Services.AddWindowsService(o => o.ServiceName = "NewsWatch");
        builder.Services.AddSystemd();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = scheduling.ShutdownTimeout);

        builder.Services.AddQuartz(q =>
        {
            q.UseDefaultThreadPool(4);
            q.UseTimeProvider(TimeProvider.System);
            q.AddJob<PruneRawHtmlJob>(j => j.WithIdentity(PruneRawHtmlJob.Key));
            q.AddTrigger(t => t.ForJob(PruneRawHtmlJob.Key).StartAt(DateTimeOffset.UtcNow.AddMinutes(5)).WithSimpleSchedule(s => s.WithInterval(TimeSpan.FromDays(1)).RepeatForever()));
            if (classification.Retrain.Enabled)
            {
                q.AddJob<RetrainModelJob>(j => j.WithIdentity(RetrainModelJob.Key));
                q.AddTrigger(t => t.ForJob(RetrainModelJob.Key).StartAt(RetrainModelJob.FirstRun(classification, DateTimeOffset.UtcNow))
                    .WithSimpleSchedule(s => s.WithInterval(classification.Retrain.Interval).RepeatForever()));
            }
        });
        // Registered before Quartz's own hosted service so jobs are in place when the scheduler starts.
        builder.Services.AddHostedService<SourceSchedule>();
        builder.Services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        return builder;
    }
}
