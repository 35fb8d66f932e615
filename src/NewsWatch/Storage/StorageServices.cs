using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace NewsWatch.Storage;

internal static class StorageServices
{
    public static IServiceCollection AddStorage(this IServiceCollection services)
    {
        services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<StorageOptions>, StorageOptionsValidator>();
        services.AddSingleton<Database>();
        services.AddSingleton<Migrator>();
        services.AddSingleton<SourceStore>();
        services.AddSingleton<ArticleStore>();
        services.AddSingleton<ArticlePageStore>();
        services.AddSingleton<ClassificationStore>();
        services.AddSingleton<IncidentStore>();
        services.AddSingleton<ReviewStore>();
        services.AddSingleton<UserStore>();
        return services;
    }
}
