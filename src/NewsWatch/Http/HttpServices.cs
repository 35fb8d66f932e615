using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using NewsWatch.Http;
using Polly;

namespace NewsWatch.Http;

internal static class HttpServices
{
    /// <summary>The one way out to the network: a typed client with its resilience pipeline, the private-address guard and per-host politeness.</summary>
    public static IServiceCollection AddHttp(this IServiceCollection services)
    {
        services.AddOptions<HttpOptions>().BindConfiguration(HttpOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<HttpOptions>, HttpOptionsValidator>();
        services.AddOptions<ArticlesOptions>().BindConfiguration(ArticlesOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ArticlesOptions>, ArticlesOptionsValidator>();
        services.AddSingleton<PrivateNetworkGuard>();
        services.AddSingleton<HostPoliteness>();

        services.AddHttpClient<HttpFetcher>((sp, client) =>
            {
                var http = sp.GetRequiredService<IOptions<HttpOptions>>().Value;
                client.DefaultRequestHeaders.UserAgent.ParseAdd(http.UserAgent);
                // The resilience pipeline owns every timeout.
                client.Timeout = Timeout.InfiniteTimeSpan;
            })
            .ConfigurePrimaryHttpMessageHandler(sp =>
            {
                var http = sp.GetRequiredService<IOptions<HttpOptions>>().Value;
                var guard = sp.GetRequiredService<PrivateNetworkGuard>();
                var handler = new SocketsHttpHandler
                {
                    AutomaticDecompression = DecompressionMethods.All,
                    // HttpFetcher follows redirects itself, so that each hop is a request the guard judges before it is sent.
                    AllowAutoRedirect = false,
                    // Requests to one host beyond this wait for a free connection.
                    MaxConnectionsPerServer = http.MaxConcurrentRequestsPerHost,
                    PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                    UseCookies = false,
                };
                // The standard proxy settings (http_proxy, https_proxy, all_proxy, no_proxy) apply as in any .NET program;
                // the guard is told the proxy so that it connects to it while judging the destination behind it.
                handler.ConnectCallback = (context, ct) => guard.ConnectAsync(context, handler.UseProxy ? handler.Proxy ?? HttpClient.DefaultProxy : null, ct);
                return handler;
            })
            // No circuit breaker: it would pause every source and page of a host for the failures of some; a failing source
            // backs off on its own row and a failing page waits on its own.
            .AddResilienceHandler("fetch", (pipeline, context) =>
            {
                var http = context.ServiceProvider.GetRequiredService<IOptions<HttpOptions>>().Value;
                var time = context.ServiceProvider.GetRequiredService<TimeProvider>();
                pipeline
                    .AddTimeout(new HttpTimeoutStrategyOptions { Name = "TotalTimeout", Timeout = http.TotalTimeout })
                    .AddRetry(new HttpRetryStrategyOptions
                    {
                        // Polly needs at least one retry attempt configured; zero retries is expressed by handling nothing.
                        MaxRetryAttempts = Math.Max(http.MaxRetries, 1),
                        Delay = http.RetryBaseDelay,
                        UseJitter = true,
                        BackoffType = DelayBackoffType.Exponential,
                        ShouldRetryAfterHeader = true,
                        // A refused private address will not become public on a second try, and a long Retry-After is the
                        // next poll's to wait, not this request's.
                        ShouldHandle = args => ValueTask.FromResult(
                            http.MaxRetries > 0
                            && HttpClientResiliencePredicates.IsTransient(args.Outcome)
                            && !IsRefusal(args.Outcome.Exception)
                            && !(args.Outcome.Result is { } response && HttpFetcher.RetryAfter(response, time.GetUtcNow()) > http.MaxRetryAfterWait)),
                    })
                    .AddTimeout(new HttpTimeoutStrategyOptions { Name = "AttemptTimeout", Timeout = http.AttemptTimeout });
            });
        // Inside the resilience handler, so that they run once per attempt: the attempt count, then the destination's check.
        services.AddTransient<AttemptCounter.Handler>();
        services.AddTransient<PrivateNetworkGuard.Handler>();
        services.AddHttpClient<HttpFetcher>()
            .AddHttpMessageHandler<AttemptCounter.Handler>()
            .AddHttpMessageHandler<PrivateNetworkGuard.Handler>();
        return services;
    }

    private static bool IsRefusal(Exception? ex)
    {
        for (; ex is not null; ex = ex.InnerException)
        {
            if (ex is PrivateNetworkRefusedException)
                return true;
        }

        return false;
    }
}
