using System.CommandLine;
using NewsWatch.Web;
using Microsoft.AspNetCore.Builder;
using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using NewsWatch.Classification;
using NewsWatch.Hosting;
using NewsWatch.Incidents;
using NewsWatch.Sources;
using NewsWatch.Storage;

namespace NewsWatch.Cli;

/// <summary>Exit codes every verb shares.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;
    public const int Failed = 1;
    public const int BadUsage = 2;
}

/// <summary>The global options, and the host a verb runs its work in.</summary>
internal static class CliHost
{
    public static readonly Option<string?> ConfigOption = new("--config")
    {
        Description = "Configuration file to use instead of the shipped appsettings.json",
        Recursive = true,
    };

    public static readonly Option<string?> DbOption = new("--db")
    {
        Description = "SQLite database file (overrides NewsWatch:Database)",
        Recursive = true,
    };

    public static Option<bool> JsonOption() => new("--json") { Description = "Print JSON instead of a table" };

    /// <summary>
    /// Builds the host, validates the configuration, checks and migrates the database and runs <paramref name="body"/>;
    /// a configuration problem prints what is wrong and exits with code 2. Only a verb that <paramref name="createsDatabase"/>
    /// may start on a database file that does not exist yet; for the others a missing file is a wrong path. A verb that
    /// <paramref name="serves"/> the site (when its configuration says so) runs in a web application, Kestrel included.
    /// </summary>
    public static async Task<int> RunAsync(
        ParseResult parse,
        Func<IHost, CancellationToken, Task<int>> body,
        CancellationToken cancellationToken,
        Action<IHostApplicationBuilder>? configure = null,
        bool migrate = true,
        bool createsDatabase = false,
        Func<IConfiguration, bool>? serves = null)
    {
        try
        {
            var settings = new HostSettings(parse.GetValue(ConfigOption), parse.GetValue(DbOption));
            IHostApplicationBuilder builder = NewsWatchHost.CreateBuilder(settings);
            if (serves is not null && serves(builder.Configuration))
                builder = NewsWatchHost.CreateWebBuilder(settings);
            configure?.Invoke(builder);
            using var host = builder is WebApplicationBuilder web ? web.Build().MapWeb() : ((HostApplicationBuilder)builder).Build();
            var options = ReadOptions(host.Services);
            try
            {
                if (migrate)
                    await PrepareDatabaseAsync(host.Services, createsDatabase, cancellationToken);
                return await body(host, cancellationToken);
            }
            catch (IOException ex) when (ex.Message.StartsWith("Failed to bind", StringComparison.Ordinal))
            {
                // Kestrel could not listen: another process has the port, or the address is not this machine's.
                throw new ConfigurationException($"{WebOptions.Section}:Urls: {ex.Message}", ex);
            }
            catch (DatabaseUnavailableException ex)
            {
                throw new ConfigurationException($"{NewsWatchOptions.Section}:Database: cannot use '{options.Database}': {ex.Message}", ex);
            }
        }
        catch (ConfigurationException ex)
        {
            await Console.Error.WriteLineAsync($"error: {ex.Message}");
            return ExitCodes.BadUsage;
        }
        catch (InvalidDataException ex)
        {
            // A configuration file that is not valid JSON.
            await Console.Error.WriteLineAsync($"error: {ex.Message} {ex.InnerException?.Message}".TrimEnd());
            return ExitCodes.BadUsage;
        }
    }

    /// <summary>
    /// Refuses a database file that is missing (unless the verb <paramref name="creates"/> it) or damaged, before anything is
    /// written to it, then applies the migrations it lacks; returns those.
    /// </summary>
    public static async Task<IReadOnlyList<Migrator.Migration>> PrepareDatabaseAsync(IServiceProvider services, bool creates, CancellationToken cancellationToken)
    {
        var path = services.GetRequiredService<Database>().FilePath;
        if (File.Exists(path))
        {
            // Checks the structure of every page but not the indexes' content: seconds on a large archive, not minutes (README).
            var problems = await DatabaseMaintenance.CheckAsync(path, QuickCheckLimit, cancellationToken);
            if (problems.Count > 0)
                throw new ConfigurationException(DamagedMessage(path, problems));
        }
        else if (!creates && !Directory.Exists(path))
        {
            throw new ConfigurationException($"{NewsWatchOptions.Section}:Database: '{path}' does not exist; `newswatch db migrate` creates it (check --db or the configuration).");
        }

        return await services.GetRequiredService<Migrator>().MigrateAsync(cancellationToken);
    }

    /// <summary>How many of quick_check's findings a start reports; one is enough to refuse.</summary>
    private const int QuickCheckLimit = 1;

    public static string DamagedMessage(string path, IReadOnlyList<string> problems) =>
        $"{NewsWatchOptions.Section}:Database: '{path}' is damaged ({string.Join("; ", problems)}); nothing was written to it. "
        + "Stop every newswatch process using it, move the file aside together with its -wal and -shm files, and copy a backup "
        + "made with `newswatch db backup FILE` in its place; `newswatch db check` lists the problems.";

    /// <summary>
    /// The whole configuration, after every folder's options have been bound and validated. Every problem is listed at once,
    /// with the file it came from: unknown keys and values of the wrong type (<see cref="ConfigurationCheck"/>), then each
    /// section's validator.
    /// </summary>
    public static NewsWatchOptions ReadOptions(IServiceProvider services)
    {
        var configuration = services.GetRequiredService<IConfiguration>();
        var problems = ConfigurationCheck.Problems(configuration).ToList();
        var checkedProblems = problems.Count;
        foreach (var type in NewsWatchHost.SectionOptions)
        {
            var accessor = typeof(IOptions<>).MakeGenericType(type);
            try
            {
                accessor.GetProperty(nameof(IOptions<object>.Value))!.GetValue(services.GetRequiredService(accessor));
            }
            catch (TargetInvocationException ex) when (ex.InnerException is OptionsValidationException invalid)
            {
                problems.AddRange(invalid.Failures);
            }
            catch (TargetInvocationException ex) when (ex.InnerException is InvalidOperationException failed)
            {
                // A value the binder cannot convert; the check above has said so in the operator's words.
                if (checkedProblems == 0)
                    problems.Add(failed.InnerException?.Message ?? failed.Message);
            }
        }

        if (problems.Count == 0)
        {
            try
            {
                services.GetRequiredService<IStartupValidator>().Validate();
            }
            catch (Exception ex) when (ex is OptionsValidationException or AggregateException)
            {
                problems.AddRange((ex is AggregateException all ? all.InnerExceptions : [ex])
                    .SelectMany(e => e is OptionsValidationException invalid ? invalid.Failures : [e.Message]));
            }
        }

        if (problems.Count > 0)
        {
            // A section read while another is validated (the HTTP resilience options read the Http section) fails twice.
            var lines = problems.Distinct().Select(p => "  " + p);
            throw new ConfigurationException(
                $"invalid configuration in {ConfigurationCheck.Origin(configuration)}:" + Environment.NewLine + string.Join(Environment.NewLine, lines));
        }

        return services.GetRequiredService<IOptions<NewsWatchOptions>>().Value;
    }

    /// <summary>Loads the classifier now, so that a missing or unreadable model stops the command before any work.</summary>
    public static TextClassifier RequireClassifier(IServiceProvider services)
    {
        try
        {
            return services.GetRequiredService<TextClassifier>();
        }
        catch (Exception ex) when (ex is FileNotFoundException or InvalidDataException or InvalidOperationException or FormatException)
        {
            throw new ConfigurationException($"{NewsWatchOptions.Section}:Classification:ModelPath: {ex.Message}", ex);
        }
    }

    /// <summary>Loads the gazetteer and word weights now, so that a missing file stops the command before any work.</summary>
    public static void RequireIncidents(IServiceProvider services)
    {
        try
        {
            services.GetRequiredService<Gazetteer>();
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or System.Text.Json.JsonException)
        {
            throw new ConfigurationException($"{NewsWatchOptions.Section}:Incidents:GazetteerPath: {ex.Message}", ex);
        }

        try
        {
            services.GetRequiredService<TermWeights>();
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or System.Text.Json.JsonException)
        {
            throw new ConfigurationException($"{NewsWatchOptions.Section}:Incidents:TermCorpusPath: {ex.Message}", ex);
        }
    }

    public static SourceOptions RequireSource(NewsWatchOptions options, string name) =>
        options.Sources.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ConfigurationException($"--source: no source named '{name}'. Configured: {string.Join(", ", options.Sources.Select(s => s.Name))}.");
}
