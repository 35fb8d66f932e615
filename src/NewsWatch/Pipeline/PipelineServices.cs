using Microsoft.Extensions.DependencyInjection;

namespace NewsWatch.Pipeline;

internal static class PipelineServices
{
    public static IServiceCollection AddPipeline(this IServiceCollection services)
    {
        services.AddSingleton<ArticlePipeline>();
        services.AddSingleton<ArchiveReplay>();
        services.AddTransient<PollSourceJob>();
        return services;
    }
}
