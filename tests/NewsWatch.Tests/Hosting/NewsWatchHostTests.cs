using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NewsWatch.Cli;
using NewsWatch.Hosting;
using NewsWatch.Http;
using NewsWatch.Incidents;
using NewsWatch.Pipeline;
using NewsWatch.Review;
using NewsWatch.Storage;
using NewsWatch.Tests.Support;

namespace NewsWatch.Tests.Hosting;

/// <summary>The composition root every door shares: the CLI's host builder, a web application's, the tests'.</summary>
public sealed class NewsWatchHostTests : IDisposable
{
    private readonly string _directory = TempDirectory.Create();

    public void Dispose() => TempDirectory.Delete(_directory);

    private string Config(Action<System.Text.Json.Nodes.JsonObject>? configure = null)
    {
        var path = Path.Combine(_directory, "newswatch.json");
        File.WriteAllText(path, TestApp.Configuration(_directory, [("Wire", new Uri("https://wire.example.com/feed.xml"))], configure));
        return path;
    }

    [Fact]
    public async Task A_web_application_gets_the_same_services_and_options_from_the_composition_root()
    {
        var builder = WebApplication.CreateBuilder();
        builder.AddNewsWatch(new HostSettings(Config(c => c["Incidents"] = new System.Text.Json.Nodes.JsonObject { ["MaxCandidates"] = 7 }), null));
        await using var app = builder.Build();

        await app.Services.GetRequiredService<Migrator>().MigrateAsync(TestContext.Current.CancellationToken);
        Assert.NotNull(app.Services.GetRequiredService<ArticlePipeline>());
        Assert.Empty(await app.Services.GetRequiredService<ReviewQueue>().ListAsync(null, 10, TestContext.Current.CancellationToken));
        Assert.Equal(7, app.Services.GetRequiredService<IOptions<IncidentOptions>>().Value.MaxCandidates);
        Assert.Equal(Path.Combine(_directory, "newswatch.db"), app.Services.GetRequiredService<Database>().FilePath);
    }

    [Fact]
    public void Each_folder_binds_its_own_section_and_the_whole_is_still_printed_by_config()
    {
        using var host = NewsWatchHost.CreateBuilder(new HostSettings(Config(c => c["Http"]!["MaxRedirects"] = 3), null)).Build();

        Assert.Equal(3, host.Services.GetRequiredService<IOptions<HttpOptions>>().Value.MaxRedirects);
        Assert.Equal(3, CliHost.ReadOptions(host.Services).Http.MaxRedirects);
        Assert.Equal("Wire", Assert.Single(CliHost.ReadOptions(host.Services).Sources).Name);
    }

    [Fact]
    public void Every_invalid_key_of_every_section_is_named_once()
    {
        using var host = NewsWatchHost.CreateBuilder(new HostSettings(Config(c =>
        {
            c["Http"]!["MaxRetries"] = 99;
            c["Incidents"] = new System.Text.Json.Nodes.JsonObject { ["AttachScore"] = 5 };
            c["Sources"]![0]!["Interval"] = "00:00:10";
        }), null)).Build();

        var error = Assert.Throws<ConfigurationException>(() => CliHost.ReadOptions(host.Services));

        string[] expected =
        [
            "NewsWatch:Http:MaxRetries must be between 0 and 10 (was 99).",
            "NewsWatch:Incidents:AttachScore must be above 0 and at most 2 (was 5).",
            "NewsWatch:Sources:0:Interval 00:00:10 is shorter than the polite minimum of 00:01:00.",
        ];
        var lines = error.Message.Split(Environment.NewLine).Skip(1).Select(l => l.Trim()).Order().ToArray();
        Assert.Equal(expected, lines);
    }

    [Fact]
    public void A_misspelt_key_anywhere_in_the_section_is_refused()
    {
        using var host = NewsWatchHost.CreateBuilder(new HostSettings(Config(c => c["Htp"] = new System.Text.Json.Nodes.JsonObject()), null)).Build();

        var error = Assert.Throws<ConfigurationException>(() => CliHost.ReadOptions(host.Services));

        Assert.Contains("Htp", error.Message);
    }

    [Fact]
    public void Every_section_with_a_validator_is_listed_so_that_its_problems_are_reported_with_the_others()
    {
        var validated = typeof(NewsWatchHost).Assembly.GetTypes()
            .SelectMany(t => t.GetInterfaces())
            .Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IValidateOptions<>))
            .Select(i => i.GetGenericArguments()[0])
            .Distinct();

        Assert.Empty(validated.Except(NewsWatchHost.SectionOptions));
    }
}
