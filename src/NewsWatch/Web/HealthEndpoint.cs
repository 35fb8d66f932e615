using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using NewsWatch.Storage;

namespace NewsWatch.Web;

/// <summary>What a monitor or a load balancer asks, without signing in: is the database reachable, when was the last poll, how long is the queue.</summary>
internal sealed record HealthDocument(string Status, bool Database, DateTimeOffset? LastPollAt, long? PendingIncidents, string? Error);

internal static class HealthEndpoint
{
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/healthz", async (SourceStore sources, IncidentStore incidents, ILoggerFactory loggers, CancellationToken cancellationToken) =>
        {
            try
            {
                var lastPollAt = await sources.LastPolledAtAsync(cancellationToken);
                var pending = await incidents.CountAsync(IncidentStatuses.Pending, cancellationToken);
                return Results.Json(new HealthDocument("ok", true, lastPollAt, pending, null), WebJson.Options);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                loggers.CreateLogger(typeof(HealthEndpoint)).LogWarning(ex, "Health check: the database cannot be reached");
                return Results.Json(new HealthDocument("unavailable", false, null, null, ex.Message), WebJson.Options, statusCode: StatusCodes.Status503ServiceUnavailable);
            }
        });
        return routes;
    }
}
