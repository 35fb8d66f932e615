using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace NewsWatch.Sources;

internal static class SourcesServices
{
    public static IServiceCollection AddSources(this IServiceCollection services)
    {
        services.AddOptions<SourceList>().BindConfiguration(SourceList.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SourceList>, SourceListValidator>();
        services.AddOptions<SourceSchedulingOptions>().BindConfiguration(SourceSchedulingOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SourceSchedulingOptions>, SchedulingOptionsValidator>();
        services.AddSingleton<SourcePoller>();
        return services;
    }
}
