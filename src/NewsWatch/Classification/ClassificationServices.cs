using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NewsWatch.Hosting;

namespace NewsWatch.Classification;

internal static class ClassificationServices
{
    public static IServiceCollection AddClassification(this IServiceCollection services)
    {
        // Loaded on first use: commands that never classify do not pay for the model.
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<NewsWatchOptions>>().Value.Classification;
            return TextClassifier.Load(options.ResolveModelPath(), options.CandidateThreshold);
        });
        services.AddSingleton<ClassifierTrainer>();
        return services;
    }
}
