using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace NewsWatch.Classification;

internal static class ClassificationServices
{
    public static IServiceCollection AddClassification(this IServiceCollection services)
    {
        services.AddOptions<ClassificationOptions>().BindConfiguration(ClassificationOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ClassificationOptions>, ClassificationOptionsValidator>();
        // Loaded on first use: commands that never classify do not pay for the model. The holder lets a promoted
        // model replace it while the worker runs; resolving TextClassifier gives the one in use at that moment.
        services.AddSingleton<ClassifierHolder>();
        services.AddTransient(sp => sp.GetRequiredService<ClassifierHolder>().Current);
        services.AddSingleton<ClassifierTrainer>();
        services.AddSingleton<ModelRetrainer>();
        services.AddSingleton<ClassificationStage>();
        services.AddTransient<RetrainModelJob>();
        return services;
    }
}
