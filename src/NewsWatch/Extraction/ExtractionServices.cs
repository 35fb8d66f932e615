using Microsoft.Extensions.DependencyInjection;

namespace NewsWatch.Extraction;

internal static class ExtractionServices
{
    public static IServiceCollection AddExtraction(this IServiceCollection services)
    {
        services.AddSingleton<ExtractionStage>();
        services.AddTransient<PruneRawHtmlJob>();
        return services;
    }
}
