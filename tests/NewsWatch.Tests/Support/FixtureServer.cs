using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace NewsWatch.Tests.Support;

/// <summary>A real Kestrel server on 127.0.0.1 with a random port, serving whatever each test maps.</summary>
internal sealed class FixtureServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, RequestDelegate> _routes = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private readonly TimeProvider _clock;

    public sealed record RecordedRequest(string Path, string? IfNoneMatch, string? IfModifiedSince, string? UserAgent, DateTimeOffset At);

    private FixtureServer(WebApplication app, TimeProvider clock)
    {
        _app = app;
        _clock = clock;
    }

    public Uri BaseUri { get; private set; } = null!;

    public IReadOnlyList<RecordedRequest> Requests => _requests.ToArray();

    /// <param name="clock">The clock requests are timed on: the application's fake clock when a test drives one.</param>
    public static async Task<FixtureServer> StartAsync(TimeProvider? clock = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var server = new FixtureServer(app, clock ?? TimeProvider.System);
        app.Run(server.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseUri = new Uri(address);
        return server;
    }

    public Uri Url(string path) => new(BaseUri, path);

    public void Map(string path, RequestDelegate handler) => _routes[path] = handler;

    /// <summary>Serves fixed bytes with an optional ETag, answering 304 to a matching If-None-Match.</summary>
    public void MapContent(string path, byte[] body, string contentType, string? etag = null, string? contentEncoding = null) =>
        Map(path, async context =>
        {
            if (etag is not null)
            {
                context.Response.Headers.ETag = etag;
                if (context.Request.Headers.IfNoneMatch.ToString() == etag)
                {
                    context.Response.StatusCode = StatusCodes.Status304NotModified;
                    return;
                }
            }

            context.Response.ContentType = contentType;
            if (contentEncoding is not null)
                context.Response.Headers.ContentEncoding = contentEncoding;
            await context.Response.Body.WriteAsync(body);
        });

    public void MapText(string path, string body, string contentType = "application/rss+xml; charset=utf-8", string? etag = null) =>
        MapContent(path, System.Text.Encoding.UTF8.GetBytes(body), contentType, etag);

    public void MapFixture(string path, string fixtureName, string contentType = "application/rss+xml", string? etag = null) =>
        MapContent(path, Fixtures.Bytes(fixtureName), contentType, etag);

    public int CountRequests(string path) => _requests.Count(r => r.Path == path);

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value + context.Request.QueryString.Value;
        _requests.Enqueue(new RecordedRequest(
            context.Request.Path.Value ?? "",
            NullIfEmpty(context.Request.Headers.IfNoneMatch.ToString()),
            NullIfEmpty(context.Request.Headers.IfModifiedSince.ToString()),
            NullIfEmpty(context.Request.Headers.UserAgent.ToString()),
            _clock.GetUtcNow()));

        if (_routes.TryGetValue(path, out var handler) || _routes.TryGetValue(context.Request.Path.Value ?? "", out handler))
        {
            await handler(context);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status404NotFound;
    }

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
