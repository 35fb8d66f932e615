using Microsoft.Extensions.DependencyInjection;

namespace NewsWatch.Storage;

internal static class StorageServices
{
    public static IServiceCollection AddStorage(this IServiceCollection services)
    {
        services.AddSingleton<Database>();
        services.AddSingleton<Migrator>();
        services.AddSingleton<SourceStore>();
        services.AddSingleton<ArticleStore>();
        services.AddSingleton<ArticlePageStore>();
        services.AddSingleton<ClassificationStore>();
        services.AddSingleton<IncidentStore>();
        services.AddSingleton<ReviewStore>();
        return services;
    }
}
