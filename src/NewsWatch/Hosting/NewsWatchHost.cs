using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using NewsWatch.Classification;
using NewsWatch.Extraction;
using NewsWatch.Http;
using NewsWatch.Incidents;
using NewsWatch.Pipeline;
using NewsWatch.Web;
using Microsoft.AspNetCore.Builder;
using NewsWatch.Review;
using NewsWatch.Sources;
using NewsWatch.Storage;

namespace NewsWatch.Hosting;

/// <summary>What every command is started with: the global --config and --db options.</summary>
internal sealed record HostSettings(string? ConfigFile, string? DatabasePath);

/// <summary>The composition root: every door (CLI verbs, the worker, the tests, a web host) builds its services here.</summary>
internal static class NewsWatchHost
{
    public const string ShippedConfigFile = "appsettings.json";

    /// <summary>The options each folder binds from its own section, checked one by one so that one bad section hides no other's errors.</summary>
    public static readonly Type[] SectionOptions =
    [
        typeof(StorageOptions), typeof(HttpOptions), typeof(ArticlesOptions), typeof(SourceList), typeof(SourceSchedulingOptions),
        typeof(ClassificationOptions), typeof(IncidentOptions), typeof(PipelineOptions), typeof(WebOptions),
    ];

    /// <summary>
    /// A web application builder for the commands that serve the site (`run` with Web:Enabled, `serve`), with the same configuration
    /// and services as every other command, and Kestrel.
    /// </summary>
    public static WebApplicationBuilder CreateWebBuilder(HostSettings settings)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions
        {
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT") ?? Environments.Production,
        });
        builder.AddNewsWatch(settings);
        builder.AddWeb();
        return builder;
    }

    /// <summary>A host builder for a command, configured from the shipped or the operator's file.</summary>
    public static HostApplicationBuilder CreateBuilder(HostSettings settings)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings
        {
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT") ?? Environments.Production,
        });
        builder.AddNewsWatch(settings);
        return builder;
    }

    /// <summary>
    /// Adds the configuration files, logging, the clock and every folder's services and options (each bound and validated by the
    /// folder itself). Works on any host builder, a web application's included.
    /// </summary>
    public static TBuilder AddNewsWatch<TBuilder>(this TBuilder builder, HostSettings settings)
        where TBuilder : IHostApplicationBuilder
    {
        var configFile = ResolveConfigFile(settings.ConfigFile);
        try
        {
            builder.Configuration.AddJsonFile(configFile, optional: settings.ConfigFile is null, reloadOnChange: false);
        }
        catch (InvalidDataException ex)
        {
            throw ConfigurationCheck.Unreadable(configFile, ex);
        }

        builder.Configuration.AddEnvironmentVariables();
        if (settings.DatabasePath is not null)
            builder.Configuration.AddInMemoryCollection([new($"{StorageOptions.Section}:Database", settings.DatabasePath)]);

        AddDefaultLogLevels(builder.Logging);
        // Added after the defaults, so that a file's "Logging" section overrides them category by category.
        builder.Logging.AddConfiguration(builder.Configuration.GetSection("Logging"));
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "yyyy-MM-dd HH:mm:ss ";
            o.UseUtcTimestamp = true;
        });
        // Logs go to stderr so that stdout carries only what a command prints (tables, JSON).
        builder.Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);

        builder.Services.AddSingleton(TimeProvider.System);
        // The whole section once more, so that `config` can print it; ConfigurationCheck refuses misspelt keys before it binds.
        builder.Services.AddOptions<NewsWatchOptions>().BindConfiguration(NewsWatchOptions.Section);

        builder.Services
            .AddStorage()
            .AddHttp()
            .AddSources()
            .AddExtraction()
            .AddClassification()
            .AddIncidents()
            .AddReview()
            .AddPipeline()
            .AddWebServices();
        return builder;
    }

    /// <summary>
    /// The shipped log levels, in code so that an operator's file without a "Logging" section keeps them: the HTTP client,
    /// its resilience pipeline and the scheduler log every request and retry at Information, which the worker's own lines report better.
    /// </summary>
    private static void AddDefaultLogLevels(ILoggingBuilder logging)
    {
        logging.SetMinimumLevel(LogLevel.Information);
        logging.AddFilter("Microsoft", LogLevel.Warning);
        logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Information);
        logging.AddFilter("Microsoft.Extensions.Http", LogLevel.Warning);
        logging.AddFilter("System.Net.Http.HttpClient", LogLevel.Warning);
        logging.AddFilter("Polly", LogLevel.Critical);
        logging.AddFilter("Quartz", LogLevel.Warning);
        logging.AddFilter("NewsWatch", LogLevel.Information);
    }

    /// <summary>The operator's file replaces the shipped one whole, so its source list is never merged with ours.</summary>
    private static string ResolveConfigFile(string? configFile)
    {
        if (configFile is null)
            return Path.Combine(AppContext.BaseDirectory, ShippedConfigFile);

        var path = Path.GetFullPath(configFile);
        if (!File.Exists(path))
            throw new ConfigurationException($"--config: file '{configFile}' does not exist.");
        return path;
    }
}
