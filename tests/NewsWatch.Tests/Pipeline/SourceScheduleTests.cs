using NewsWatch.Pipeline;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NewsWatch.Classification;
using NewsWatch.Hosting;
using NewsWatch.Sources;
using NewsWatch.Storage;
using NewsWatch.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using Quartz;

namespace NewsWatch.Tests.Pipeline;

public sealed class SourceScheduleTests
{
    [Fact]
    public async Task Start_schedules_one_non_concurrent_job_per_enabled_source_and_drops_jobs_of_removed_sources()
    {
        var directory = TempDirectory.Create();
        try
        {
            var config = Path.Combine(directory, "newswatch.json");
            File.WriteAllText(config, TestApp.Configuration(directory,
                [("Yonhap", new Uri("https://en.yna.co.kr/RSS/nk.xml")), ("Daily NK", new Uri("https://www.dailynk.com/english/feed/")), ("Paused", new Uri("https://paused.example.com/feed"))],
                c => c["Sources"]![2]!["Enabled"] = false));
            var builder = NewsWatchHost.CreateBuilder(new HostSettings(config, null));
            builder.AddWorker();
            var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 6, 0, 0, TimeSpan.Zero));
            builder.Services.AddSingleton<TimeProvider>(clock);
            using var host = builder.Build();
            var scheduler = await host.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
            var stale = JobBuilder.Create<PollSourceJob>().WithIdentity("Removed outlet", PollSourceJob.Group).StoreDurably().Build();
            await scheduler.AddJob(stale, new AddJobOptions { Replace = true }, TestContext.Current.CancellationToken);

            await host.Services.GetServices<IHostedService>().OfType<SourceSchedule>().Single().StartAsync(TestContext.Current.CancellationToken);

            var keys = await scheduler.GetJobKeys(GroupMatcher<JobKey>.GroupEquals(PollSourceJob.Group), TestContext.Current.CancellationToken);
            Assert.Equal(["Daily NK", "Yonhap"], keys.Select(k => k.Name).Order());
            foreach (var key in keys)
            {
                var job = await scheduler.GetJobDetail(key, TestContext.Current.CancellationToken);
                Assert.True(job!.ConcurrentExecutionDisallowed);
                var trigger = (ISimpleTrigger)(await scheduler.GetTriggersOfJob(key, TestContext.Current.CancellationToken)).Single();
                Assert.Equal(TimeSpan.FromMinutes(1), trigger.RepeatInterval);
                Assert.InRange(trigger.StartTimeUtc, clock.GetUtcNow(), clock.GetUtcNow().AddMilliseconds(200));
            }
        }
        finally
        {
            TempDirectory.Delete(directory);
        }
    }
}
