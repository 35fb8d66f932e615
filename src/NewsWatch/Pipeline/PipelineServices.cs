using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace NewsWatch.Pipeline;

internal static class PipelineServices
{
    public static IServiceCollection AddPipeline(this IServiceCollection services)
    {
        services.AddOptions<PipelineOptions>().BindConfiguration(PipelineOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<PipelineOptions>, PipelineOptionsValidator>();
        services.AddSingleton<ArticlePipeline>();
        services.AddSingleton<ArchiveReplay>();
        services.AddTransient<PollSourceJob>();
        services.AddTransient<AdvancePipelineJob>();
        return services;
    }
}
