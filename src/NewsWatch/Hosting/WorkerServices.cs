using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using NewsWatch.Pipeline;
using NewsWatch.Sources;
using Quartz;

namespace NewsWatch.Hosting;

internal static class WorkerServices
{
    /// <summary>The scheduled worker: Quartz with one poll job per source, run as a Windows or systemd service when started as one.</summary>
    public static TBuilder AddWorker<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddWindowsService(o => o.ServiceName = "NewsWatch");
        builder.Services.AddSystemd();
        builder.Services.AddOptions<HostOptions>()
            .Configure<IOptions<SourceSchedulingOptions>>((host, scheduling) => host.ShutdownTimeout = scheduling.Value.ShutdownTimeout);

        // Quartz runs on the container's TimeProvider. Jobs and their triggers are put in place by the schedules below, from
        // the validated options, when the host starts.
        builder.Services.AddQuartz(q => q.UseDefaultThreadPool(4));
        // Registered before Quartz's own hosted service so jobs are in place when the scheduler starts.
        builder.Services.AddHostedService<SourceSchedule>();
        builder.Services.AddHostedService<MaintenanceSchedule>();
        builder.Services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        return builder;
    }
}
