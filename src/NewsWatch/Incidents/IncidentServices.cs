using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NewsWatch.Hosting;

namespace NewsWatch.Incidents;

internal static class IncidentServices
{
    public static IServiceCollection AddIncidents(this IServiceCollection services)
    {
        // Loaded on first use, like the classifier: commands that never group do not read them.
        services.AddSingleton(sp => Gazetteer.Load(sp.GetRequiredService<IOptions<NewsWatchOptions>>().Value.Incidents.ResolveGazetteerPath()));
        services.AddSingleton(sp => TermWeights.FromCorpusDirectory(sp.GetRequiredService<IOptions<NewsWatchOptions>>().Value.Incidents.ResolveTermCorpusPath()));
        services.AddSingleton(sp => new IncidentMatcher(sp.GetRequiredService<IOptions<NewsWatchOptions>>().Value.Incidents));
        services.AddSingleton<FactExtractor>();
        services.AddSingleton<IncidentGrouper>();
        return services;
    }
}
