using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace NewsWatch.Incidents;

internal static class IncidentServices
{
    public static IServiceCollection AddIncidents(this IServiceCollection services)
    {
        services.AddOptions<IncidentOptions>().BindConfiguration(IncidentOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<IncidentOptions>, IncidentOptionsValidator>();
        // Loaded on first use, like the classifier: commands that never group do not read them.
        services.AddSingleton(sp => Gazetteer.Load(sp.GetRequiredService<IOptions<IncidentOptions>>().Value.ResolveGazetteerPath()));
        services.AddSingleton(sp => TermWeights.FromCorpusDirectory(sp.GetRequiredService<IOptions<IncidentOptions>>().Value.ResolveTermCorpusPath()));
        services.AddSingleton(sp => new IncidentMatcher(sp.GetRequiredService<IOptions<IncidentOptions>>().Value));
        services.AddSingleton<FactExtractor>();
        services.AddSingleton<IncidentGrouper>();
        return services;
    }
}
