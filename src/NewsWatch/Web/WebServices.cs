using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace NewsWatch.Web;

internal static class WebJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);
}

internal static class WebServices
{
    /// <summary>The site's options (bound and validated in every host, so that `config` prints them and a typo is caught anywhere) and its accounts.</summary>
    public static IServiceCollection AddWebServices(this IServiceCollection services)
    {
        services.AddOptions<WebOptions>().BindConfiguration(WebOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<WebOptions>, WebOptionsValidator>();
        services.AddSingleton<UserAccounts>();
        return services;
    }

    /// <summary>Kestrel and routing, on a web application builder that the composition root has filled.</summary>
    public static WebApplicationBuilder AddWeb(this WebApplicationBuilder builder)
    {
        builder.WebHost.UseKestrel();
        builder.Services.AddRouting();
        return builder;
    }

    public static WebApplication MapWeb(this WebApplication app)
    {
        var web = app.Services.GetRequiredService<IOptions<WebOptions>>().Value;
        foreach (var url in web.ParseUrls())
            app.Urls.Add(url.GetLeftPart(UriPartial.Authority));
        app.MapHealth();
        return app;
    }
}
