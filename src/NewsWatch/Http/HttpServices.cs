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
                return new SocketsHttpHandler
                {
                    AutomaticDecompression = DecompressionMethods.All,
                    AllowAutoRedirect = http.MaxRedirects > 0,
                    MaxAutomaticRedirections = Math.Max(http.MaxRedirects, 1),
                    // Requests to one host beyond this wait for a free connection.
                    MaxConnectionsPerServer = http.MaxConcurrentRequestsPerHost,
                    ConnectCallback = sp.GetRequiredService<PrivateNetworkGuard>().ConnectAsync,
                    PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                    UseCookies = false,
                };
            })
            .AddStandardResilienceHandler()
            .Configure((HttpStandardResilienceOptions resilience, IServiceProvider sp) =>
            {
                var http = sp.GetRequiredService<IOptions<HttpOptions>>().Value;
                resilience.AttemptTimeout.Timeout = http.AttemptTimeout;
                resilience.TotalRequestTimeout.Timeout = http.TotalTimeout;
                // Polly needs at least one retry attempt configured; zero retries is expressed by handling nothing.
                resilience.Retry.MaxRetryAttempts = Math.Max(http.MaxRetries, 1);
                resilience.Retry.Delay = http.RetryBaseDelay;
                resilience.Retry.UseJitter = true;
                resilience.Retry.BackoffType = DelayBackoffType.Exponential;
                resilience.Retry.ShouldRetryAfterHeader = true;
                // A refused private address will not become public on a second try.
                resilience.Retry.ShouldHandle = args => ValueTask.FromResult(
                    http.MaxRetries > 0 && HttpClientResiliencePredicates.IsTransient(args.Outcome) && !IsRefusal(args.Outcome.Exception));
                resilience.CircuitBreaker.ShouldHandle = args => ValueTask.FromResult(
                    HttpClientResiliencePredicates.IsTransient(args.Outcome) && !IsRefusal(args.Outcome.Exception));
                // Feeds are polled a few times an hour: a host must fail most of a handful of requests to be paused.
                resilience.CircuitBreaker.MinimumThroughput = 6;
                resilience.CircuitBreaker.FailureRatio = 0.5;
                resilience.CircuitBreaker.BreakDuration = TimeSpan.FromMinutes(1);
                resilience.CircuitBreaker.SamplingDuration = TimeSpan.FromTicks(Math.Max(TimeSpan.FromSeconds(30).Ticks, http.AttemptTimeout.Ticks * 2));
            })
            .SelectPipelineByAuthority();
        // Inside the resilience handler, so it counts each attempt.
        services.AddTransient<AttemptCounter.Handler>();
        services.AddHttpClient<HttpFetcher>().AddHttpMessageHandler<AttemptCounter.Handler>();
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
