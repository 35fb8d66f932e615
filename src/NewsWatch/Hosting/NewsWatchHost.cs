using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace NewsWatch.Hosting;

/// <summary>What every command is started with: the global --config and --db options.</summary>
internal sealed record HostSettings(string? ConfigFile, string? DatabasePath);

/// <summary>A configuration the process cannot start with; the CLI turns it into exit code 2.</summary>
internal sealed class ConfigurationException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>Builds the host every command runs in, from the shipped or the operator's configuration.</summary>
internal static class NewsWatchHost
{
    public const string ShippedConfigFile = "appsettings.json";

    public static HostApplicationBuilder CreateBuilder(HostSettings settings)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings
        {
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT") ?? Environments.Production,
        });

        builder.Configuration.AddJsonFile(ResolveConfigFile(settings.ConfigFile), optional: settings.ConfigFile is null, reloadOnChange: false);
        builder.Configuration.AddEnvironmentVariables();
        if (settings.DatabasePath is not null)
            builder.Configuration.AddInMemoryCollection([new($"{NewsWatchOptions.Section}:Database", settings.DatabasePath)]);

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
        builder.Services.AddOptions<NewsWatchOptions>()
            .BindConfiguration(NewsWatchOptions.Section, o => o.ErrorOnUnknownConfiguration = true)
            .ValidateOnStart();
        builder.Services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<NewsWatchOptions>, NewsWatchOptionsValidator>();
        return builder;
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
