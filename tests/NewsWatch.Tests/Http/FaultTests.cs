using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http;
using NewsWatch.Http;
using NewsWatch.Storage;
using NewsWatch.Tests.Support;

namespace NewsWatch.Tests.Http;

/// <summary>What broke when a hostile or broken server was put in front of the fetcher, kept fixed.</summary>
public sealed class FaultTests : IAsyncLifetime
{
    private const string Page = BorderWire.Page;

    private readonly TestClock _clock = new();
    private FixtureServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await FixtureServer.StartAsync(_clock);

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    private static string Feed(params string[] links) => BorderWire.Feed(links.Select(l => new Uri(l)));

    /// <summary>The fetcher's handler sends everything through <paramref name="proxy"/>, as http_proxy would, without touching the process's environment.</summary>
    private static Action<IServiceCollection> ThroughProxy(FixtureServer proxy) =>
        services => services.Configure<HttpClientFactoryOptions>(nameof(HttpFetcher), o =>
            o.HttpMessageHandlerBuilderActions.Add(b => ((SocketsHttpHandler)b.PrimaryHandler).Proxy = new WebProxy(proxy.BaseUri)));

    private static Action<JsonObject> NoPrivateNetworks(params string[] allowed) => config =>
    {
        config["Http"]!["AllowPrivateNetworks"] = false;
        config["Http"]!["AllowedPrivateHosts"] = new JsonArray(allowed.Select(a => (JsonNode)a).ToArray());
    };

    private static async Task<ArticlePageRow?> PageOf(TestApp app, string guid)
    {
        var article = (await app.Articles.ListAsync(null, 100)).Single(a => a.Guid == guid);
        return await app.Services.GetRequiredService<ArticlePageStore>().FindAsync(article.Id);
    }

    // 1. A proxy switched the private-address guard off: it judged the proxy's address, not the destination's.

    [Theory]
    [InlineData("http://169.254.169.254/latest/meta-data/", "169.254.169.254")]
    [InlineData("http://10.0.0.1/feed.xml", "10.0.0.1")]
    [InlineData("http://[64:ff9b::a9fe:a9fe]/latest/meta-data/", "64:ff9b::a9fe:a9fe")]
    public async Task Private_destination_through_a_proxy_is_refused_before_anything_reaches_the_proxy(string feedUrl, string address)
    {
        _server.MapFixture("/feed.xml", "rss20.xml");
        _server.MapText("/latest/meta-data/", "secret", "text/plain");
        await using var app = await TestApp.StartAsync([("metadata", new Uri(feedUrl))], NoPrivateNetworks(), ThroughProxy(_server));

        var result = await app.PollAsync("metadata");

        Assert.Equal("failed", result.Status);
        Assert.StartsWith($"refused to connect to {address}: it resolves to the private address {address}", result.Error);
        Assert.Empty(_server.Requests);
        Assert.Equal(0, await app.Articles.CountAsync());
    }

    [Fact]
    public async Task Public_destination_goes_through_the_configured_proxy_even_when_the_proxy_is_private()
    {
        _server.MapFixture("/feed.xml", "rss20.xml");
        // 192.0.2.10 (TEST-NET-1) is public to the guard and reached by nothing here but the proxy.
        await using var app = await TestApp.StartAsync([("public", new Uri("http://192.0.2.10/feed.xml"))], NoPrivateNetworks(), ThroughProxy(_server));

        var result = await app.PollAsync("public");

        Assert.Equal(("ok", 3), (result.Status, result.NewItems));
        Assert.Equal("/feed.xml", Assert.Single(_server.Requests).Path);
    }

    [Fact]
    public async Task Redirect_to_a_private_address_through_a_proxy_is_refused_before_that_hop_is_sent()
    {
        _server.Map("/feed.xml", context =>
        {
            context.Response.StatusCode = StatusCodes.Status302Found;
            context.Response.Headers.Location = "http://169.254.169.254/latest/meta-data/";
            return Task.CompletedTask;
        });
        _server.MapText("/latest/meta-data/", "secret", "text/plain");
        await using var app = await TestApp.StartAsync([("public", new Uri("http://192.0.2.10/feed.xml"))], NoPrivateNetworks(), ThroughProxy(_server));

        var result = await app.PollAsync("public");

        Assert.StartsWith("refused to connect to 169.254.169.254: it resolves to the private address 169.254.169.254", result.Error);
        Assert.Equal(["/feed.xml"], _server.Requests.Select(r => r.Path));
    }

    [Fact]
    public async Task Redirects_are_followed_hop_by_hop_to_the_final_address()
    {
        _server.Map("/old.xml", context =>
        {
            context.Response.StatusCode = StatusCodes.Status301MovedPermanently;
            context.Response.Headers.Location = "/moved.xml";
            return Task.CompletedTask;
        });
        _server.Map("/moved.xml", context =>
        {
            context.Response.StatusCode = StatusCodes.Status307TemporaryRedirect;
            context.Response.Headers.Location = "/desk/feed.xml";
            return Task.CompletedTask;
        });
        _server.MapFixture("/desk/feed.xml", "relative-links.xml");
        await using var app = await TestApp.StartAsync([("moved", _server.Url("/old.xml"))], NoPrivateNetworks(_server.BaseUri.Authority));

        var result = await app.PollAsync("moved");

        Assert.Equal("ok", result.Status);
        Assert.Equal(["/old.xml", "/moved.xml", "/desk/feed.xml"], _server.Requests.Select(r => r.Path));
        // Relative links resolve against the final address.
        Assert.Contains(await app.Articles.ListAsync(null, 10), a => a.Url == _server.Url("/desk/articles/2").ToString());
    }

    [Fact]
    public async Task More_redirects_than_the_limit_fail_naming_the_limit()
    {
        _server.Map("/loop.xml", context =>
        {
            context.Response.StatusCode = StatusCodes.Status302Found;
            context.Response.Headers.Location = "/loop.xml";
            return Task.CompletedTask;
        });
        await using var app = await TestApp.StartAsync([("loop", _server.Url("/loop.xml"))], config => config["Http"]!["MaxRedirects"] = 2);

        var result = await app.PollAsync("loop");

        Assert.StartsWith("too many redirects (more than 2; the next was to ", result.Error);
        Assert.Equal(3, _server.CountRequests("/loop.xml"));
    }

    // 2. NAT64, 6to4 and IPv4-compatible addresses carry an IPv4 address, which is what is judged; allowed private hosts name a port.

    [Theory]
    [InlineData("64:ff9b::a00:1", true)]          // NAT64 of 10.0.0.1
    [InlineData("64:ff9b::a9fe:a9fe", true)]      // NAT64 of 169.254.169.254
    [InlineData("64:ff9b::7f00:1", true)]         // NAT64 of 127.0.0.1
    [InlineData("64:ff9b::808:808", false)]       // NAT64 of 8.8.8.8
    [InlineData("64:ff9b:1::808:808", true)]      // local-use NAT64
    [InlineData("2002:a00:1::1", true)]           // 6to4 of 10.0.0.1
    [InlineData("2002:c0a8:101::1", true)]        // 6to4 of 192.168.1.1
    [InlineData("2002:808:808::1", false)]        // 6to4 of 8.8.8.8
    [InlineData("::10.0.0.1", true)]              // IPv4-compatible
    [InlineData("::169.254.169.254", true)]
    [InlineData("::8.8.8.8", false)]
    [InlineData("2001:0:4136:e378:8000:63bf:f5ff:fffe", true)]  // Teredo, client 10.0.0.1
    [InlineData("2001:0:4136:e378:8000:63bf:f7f7:f7f7", false)] // Teredo, client 8.8.8.8
    [InlineData("2606:4700::1111", false)]
    public void Addresses_embedding_an_ipv4_address_are_judged_by_it(string address, bool isPrivate)
    {
        Assert.Equal(isPrivate, PrivateNetworkGuard.IsPrivate(IPAddress.Parse(address)));
    }

    [Fact]
    public async Task Nat64_address_embedding_loopback_is_refused()
    {
        _server.MapFixture("/feed.xml", "rss20.xml");
        await using var app = await TestApp.StartAsync([("nat64", new Uri($"http://[64:ff9b::7f00:1]:{_server.BaseUri.Port}/feed.xml"))], NoPrivateNetworks());

        var result = await app.PollAsync("nat64");

        Assert.StartsWith("refused to connect to 64:ff9b::7f00:1: it resolves to the private address 64:ff9b::7f00:1", result.Error);
    }

    [Theory]
    [InlineData("127.0.0.1:{port}", "ok")]
    [InlineData("127.0.0.1", "failed")]
    [InlineData("127.0.0.1:{other}", "failed")]
    public async Task Allowed_private_host_is_allowed_on_its_port_only(string entry, string status)
    {
        _server.MapFixture("/feed.xml", "rss20.xml");
        var port = _server.BaseUri.Port;
        var allowed = entry.Replace("{port}", port.ToString()).Replace("{other}", (port == 65535 ? port - 1 : port + 1).ToString());
        await using var app = await TestApp.StartAsync([("intranet", _server.Url("/feed.xml"))], NoPrivateNetworks(allowed));

        var result = await app.PollAsync("intranet");

        Assert.Equal(status, result.Status);
        Assert.Equal(status == "ok" ? 1 : 0, _server.CountRequests("/feed.xml"));
    }

    [Theory]
    [InlineData("intranet.local", "intranet.local", 80, true)]
    [InlineData("intranet.local", "intranet.local", 443, true)]
    [InlineData("intranet.local", "intranet.local", 8080, false)]
    [InlineData("intranet.local:8080", "INTRANET.local", 8080, true)]
    [InlineData("intranet.local:8080", "intranet.local", 80, false)]
    [InlineData("10.0.0.5:81", "10.0.0.5", 81, true)]
    [InlineData("[fd00::5]:8443", "fd00::5", 8443, true)]
    [InlineData("fd00::5", "fd00::5", 443, true)]
    [InlineData("fd00::5", "fd00::5", 8443, false)]
    public void Allowed_private_host_entries_name_a_host_and_a_port(string entry, string host, int port, bool allowed)
    {
        Assert.Equal(allowed, PrivateNetworkGuard.IsAllowedPrivateHost([entry], host, port));
    }

    [Fact]
    public void Malformed_allowed_private_hosts_and_timeouts_are_named_by_the_validator()
    {
        var result = new HttpOptionsValidator().Validate(null, new HttpOptions
        {
            AllowedPrivateHosts = ["intranet.local:8080", "http://intranet.local/", "intranet.local:0", " spaced"],
            BodyTimeout = TimeSpan.Zero,
            MaxRetryAfterWait = TimeSpan.FromHours(1),
        });

        Assert.Equal(
            [
                "NewsWatch:Http:BodyTimeout must be positive (was 00:00:00).",
                "NewsWatch:Http:MaxRetryAfterWait must be at least 0 and shorter than NewsWatch:Http:TotalTimeout (00:01:30) (was 01:00:00).",
                "NewsWatch:Http:AllowedPrivateHosts:1 'http://intranet.local/' is not a host or host:port (e.g. intranet.local:8080, 10.0.0.5, [fd00::5]:8443).",
                "NewsWatch:Http:AllowedPrivateHosts:2 'intranet.local:0' is not a host or host:port (e.g. intranet.local:8080, 10.0.0.5, [fd00::5]:8443).",
                "NewsWatch:Http:AllowedPrivateHosts:3 ' spaced' is not a host or host:port (e.g. intranet.local:8080, 10.0.0.5, [fd00::5]:8443).",
            ],
            result.Failures!);
    }

    // 4. One non-ASCII byte in an ETag or Last-Modified stopped a source for good.

    [Fact]
    public async Task Etag_with_non_ascii_bytes_is_dropped_and_the_source_keeps_polling()
    {
        var body = Fixtures.Bytes("rss20.xml");
        await using var raw = RawHttpServer.Start(_ => Concat(
            "HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nETag: \"caf"u8.ToArray(), [0xC3, 0xA9],
            "\"\r\nLast-Modified: Tue, 01 Dec 2026 06:00:00 GMT"u8.ToArray(), [0xFF],
            Encoding.ASCII.GetBytes($"\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n"), body));
        await using var app = await TestApp.StartAsync([("raw", raw.Url("/feed.xml"))]);

        var first = await app.PollAsync("raw");
        var second = await app.PollAsync("raw");

        Assert.Equal(("ok", 3), (first.Status, first.NewItems));
        Assert.Equal(("ok", 3), (second.Status, second.SeenItems));
        var row = await app.SourceRows.FindAsync("raw");
        Assert.Null(row!.Etag);
        Assert.Null(row.LastModified);
        Assert.DoesNotContain("If-None-Match", raw.RequestHeads[1], StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Source_with_a_stored_non_ascii_validator_recovers_on_its_next_poll()
    {
        _server.MapFixture("/feed.xml", "rss20.xml", etag: "\"v2\"");
        await using var app = await TestApp.StartAsync([("stuck", _server.Url("/feed.xml"))]);
        // As an earlier version stored it.
        var stored = await app.SourceRows.EnsureAsync("stuck", _server.Url("/feed.xml").ToString(), DateTimeOffset.UtcNow);
        await app.SourceRows.RecordSuccessAsync(stored.Id, DateTimeOffset.UtcNow, "\"café\"", "Tue, 01 Dec 2026 06:00:00 GMT\u00ff");

        var result = await app.PollAsync("stuck");

        Assert.Equal(("ok", 3), (result.Status, result.NewItems));
        var request = Assert.Single(_server.Requests);
        Assert.Null(request.IfNoneMatch);
        Assert.Null(request.IfModifiedSince);
        var row = await app.SourceRows.FindAsync("stuck");
        Assert.Equal("\"v2\"", row!.Etag);
    }

    // 6. The per-host circuit breaker let failing feeds and pages on a host fail the healthy ones beside them.

    [Fact]
    public async Task Failing_feeds_on_a_host_do_not_fail_healthy_feeds_on_the_same_host()
    {
        foreach (var path in new[] { "/a.xml", "/b.xml", "/c.xml" })
        {
            _server.Map(path, context =>
            {
                context.Response.StatusCode = StatusCodes.Status500InternalServerError;
                return Task.CompletedTask;
            });
        }

        _server.MapFixture("/healthy.xml", "rss20.xml");
        await using var app = await TestApp.StartAsync(new[] { "a.xml", "b.xml", "c.xml", "healthy.xml" }.Select(p => (p, _server.Url("/" + p))));

        for (var round = 0; round < 2; round++)
        {
            foreach (var failing in new[] { "a.xml", "b.xml", "c.xml" })
                Assert.Equal("HTTP 500 Internal Server Error after 3 attempts", (await app.PollAsync(failing)).Error);
        }

        var healthy = await app.PollAsync("healthy.xml");

        Assert.Equal(("ok", 3), (healthy.Status, healthy.NewItems));
    }

    [Fact]
    public async Task Failing_pages_of_one_source_do_not_defer_another_sources_pages_on_the_same_host()
    {
        _server.MapText("/broken.xml", Feed(Enumerable.Range(1, 4).Select(i => _server.Url($"/broken/{i}").ToString()).ToArray()));
        _server.MapText("/healthy.xml", Feed(_server.Url("/news/1").ToString()));
        for (var i = 1; i <= 4; i++)
        {
            _server.Map($"/broken/{i}", context =>
            {
                context.Response.StatusCode = StatusCodes.Status500InternalServerError;
                return Task.CompletedTask;
            });
        }

        _server.MapText("/news/1", Page, "text/html");
        await using var app = await TestApp.StartAsync([("broken", _server.Url("/broken.xml")), ("healthy", _server.Url("/healthy.xml"))], config =>
        {
            config["Sources"]![0]!["FetchArticles"] = true;
            config["Sources"]![1]!["FetchArticles"] = true;
            config["Articles"] = new JsonObject { ["MinHostDelay"] = "00:00:00", ["RetryDelay"] = "00:00:00" };
        });

        await app.PollAsync("broken");
        var brokenPages = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => PageOf(app, $"g{i}")));
        await app.PollAsync("healthy");

        Assert.All(brokenPages, p => Assert.Equal("HTTP 500 Internal Server Error after 3 attempts", p!.Error));
        var healthyArticle = (await app.Articles.ListAsync("healthy", 10)).Single();
        var healthyPage = await app.Services.GetRequiredService<ArticlePageStore>().FindAsync(healthyArticle.Id);
        Assert.Equal("fetched", healthyPage!.Status);
    }

    // 8. A robots.txt that could not be read marked a host's pages disallowed for good.

    [Fact]
    public async Task Robots_txt_answering_503_leaves_pages_waiting_and_they_are_fetched_once_it_answers()
    {
        var robotsDown = true;
        _server.Map("/robots.txt", async context =>
        {
            if (robotsDown)
            {
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                return;
            }

            context.Response.ContentType = "text/plain";
            await context.Response.WriteAsync("User-agent: *\nDisallow: /private/\n");
        });
        _server.MapText("/feed.xml", Feed(_server.Url("/news/1").ToString()));
        _server.MapText("/news/1", Page, "text/html");
        await using var app = await RobotsAppAsync();

        await app.PollAsync("Wire");
        var waiting = await PageOf(app, "g0");
        robotsDown = false;
        await app.PollAsync("Wire");
        var fetched = await PageOf(app, "g0");

        Assert.Equal("retrying", waiting!.Status);
        Assert.Equal("robots.txt could not be read (HTTP 503 Service Unavailable); the page waits until it can be", waiting.Error);
        Assert.Equal("fetched", fetched!.Status);
        Assert.Equal(1, _server.CountRequests("/news/1"));
    }

    [Fact]
    public async Task Robots_txt_on_a_host_that_cannot_be_reached_leaves_the_page_to_retry_not_disallowed()
    {
        // A port nothing listens on: the connection is refused.
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var closedPort = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        _server.MapText("/feed.xml", Feed($"http://127.0.0.1:{closedPort}/news/1"));
        await using var app = await RobotsAppAsync();

        await app.PollAsync("Wire");

        var page = await PageOf(app, "g0");
        Assert.Equal("retrying", page!.Status);
        Assert.StartsWith("robots.txt could not be read (could not connect to 127.0.0.1", page.Error);
    }

    [Fact]
    public async Task Private_link_refused_by_the_guard_is_recorded_as_refused_not_disallowed()
    {
        _server.MapText("/feed.xml", Feed("http://10.255.255.1/internal/admin"));
        await using var app = await RobotsAppAsync(config => NoPrivateNetworks(_server.BaseUri.Authority)(config));

        await app.PollAsync("Wire");

        var page = await PageOf(app, "g0");
        Assert.Equal(("failed", 1), (page!.Status, page.Attempts));
        Assert.Equal("refused to connect to 10.255.255.1: it resolves to the private address 10.255.255.1 (set NewsWatch:Http:AllowPrivateNetworks to allow) (attempt 1)", page.Error);
    }

    private Task<TestApp> RobotsAppAsync(Action<JsonObject>? configure = null) =>
        TestApp.StartAsync([("Wire", _server.Url("/feed.xml"))], config =>
        {
            config["Sources"]![0]!["FetchArticles"] = true;
            config["Http"]!["MaxRetries"] = 0;
            // Nothing is trusted for long, so that the second poll asks for robots.txt again.
            config["Articles"] = new JsonObject { ["MinHostDelay"] = "00:00:00", ["RetryDelay"] = "00:00:00", ["RobotsCacheDuration"] = "00:00:00" };
            configure?.Invoke(config);
        });

    // 9. A Retry-After longer than the total timeout held the request until it timed out, and the next poll ignored it.

    [Fact]
    public async Task Long_retry_after_is_reported_at_once_and_the_next_scheduled_poll_waits_for_it()
    {
        _server.Map("/limited.xml", context =>
        {
            context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
            context.Response.Headers.RetryAfter = "3600";
            return Task.CompletedTask;
        });
        await using var app = await TestApp.StartAsync([("limited", _server.Url("/limited.xml"))]);

        var result = await app.PollAsync("limited");
        var scheduled = await app.Poller.PollAsync(app.Source("limited"), respectBackoff: true, CancellationToken.None);

        Assert.Equal("HTTP 429 Too Many Requests (retry after 3600s)", result.Error);
        Assert.Equal(1, _server.CountRequests("/limited.xml"));
        var row = await app.SourceRows.FindAsync("limited");
        Assert.Equal(TimeSpan.FromHours(1), row!.NextPollAfter - row.LastPolledAt);
        Assert.Equal("backing-off", scheduled.Status);
        Assert.Equal(1, _server.CountRequests("/limited.xml"));
    }

    [Fact]
    public async Task Retry_after_given_as_a_date_is_honoured_by_the_next_poll()
    {
        _server.Map("/down.xml", context =>
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            context.Response.Headers.RetryAfter = (_clock.GetUtcNow() + TimeSpan.FromHours(2)).ToString("R");
            return Task.CompletedTask;
        });
        await using var app = await TestApp.StartAsync([("down", _server.Url("/down.xml"))], services: s => s.AddSingleton<TimeProvider>(_clock));

        var result = await app.PollAsync("down");

        Assert.Equal("HTTP 503 Service Unavailable (retry after 7200s)", result.Error);
        Assert.Equal(_clock.GetUtcNow() + TimeSpan.FromHours(2), (await app.SourceRows.FindAsync("down"))!.NextPollAfter);
    }

    [Fact]
    public async Task Page_answering_503_with_a_long_retry_after_is_tried_again_only_after_it()
    {
        _server.MapText("/feed.xml", Feed(_server.Url("/busy/1").ToString()));
        _server.Map("/busy/1", context =>
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            context.Response.Headers.RetryAfter = "7200";
            return Task.CompletedTask;
        });
        await using var app = await TestApp.StartAsync([("Wire", _server.Url("/feed.xml"))], config =>
            {
                config["Sources"]![0]!["FetchArticles"] = true;
                config["Articles"] = new JsonObject { ["MinHostDelay"] = "00:00:00" };
            },
            s => s.AddSingleton<TimeProvider>(_clock));
        var pages = app.Services.GetRequiredService<ArticlePageStore>();

        await app.PollAsync("Wire");

        Assert.Equal(("retrying", "HTTP 503 Service Unavailable (retry after 7200s)"), ((await PageOf(app, "g0"))!.Status, (await PageOf(app, "g0"))!.Error));
        Assert.Equal(1, _server.CountRequests("/busy/1"));
        Assert.Empty(await pages.ListDueAsync(["Wire"], _clock.GetUtcNow() + TimeSpan.FromHours(2) - TimeSpan.FromSeconds(1), 10));
        Assert.Single(await pages.ListDueAsync(["Wire"], _clock.GetUtcNow() + TimeSpan.FromHours(2), 10));
    }

    // 3 (in part). A body dribbled byte by byte held its request for the whole total timeout.

    [Fact]
    public async Task Body_dribbling_bytes_is_cut_off_after_the_body_timeout()
    {
        _server.Map("/dribble.xml", async context =>
        {
            context.Response.ContentType = "application/rss+xml";
            await context.Response.WriteAsync("<rss version=\"2.0\"><channel>");
            await context.Response.Body.FlushAsync();
            await Task.Delay(Timeout.InfiniteTimeSpan, context.RequestAborted);
        });
        await using var app = await TestApp.StartAsync([("dribble", _server.Url("/dribble.xml"))],
            config => config["Http"]!["BodyTimeout"] = "00:00:07",
            services => services.AddSingleton<TimeProvider>(_clock));

        var poll = app.PollAsync("dribble");
        try
        {
            var wait = await _clock.NextWaitAsync(w => w == TimeSpan.FromSeconds(7), poll);
            _clock.Advance(wait);
            var result = await poll;

            Assert.Equal("failed", result.Status);
            Assert.Equal("reading the response body took longer than 7s", result.Error);
        }
        finally
        {
            await _clock.RunOutAsync(poll);
        }
    }

    private static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();

    /// <summary>A loopback server that answers every request with bytes Kestrel would refuse to send (bad headers).</summary>
    private sealed class RawHttpServer : IAsyncDisposable
    {
        private readonly TcpListener _listener;
        private readonly Func<string, byte[]> _respond;
        private readonly CancellationTokenSource _stop = new();
        private readonly List<string> _heads = [];
        private Task _loop = Task.CompletedTask;

        private RawHttpServer(TcpListener listener, Func<string, byte[]> respond)
        {
            _listener = listener;
            _respond = respond;
        }

        public IReadOnlyList<string> RequestHeads
        {
            get
            {
                lock (_heads)
                    return _heads.ToArray();
            }
        }

        public static RawHttpServer Start(Func<string, byte[]> respond)
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var server = new RawHttpServer(listener, respond);
            server._loop = server.AcceptAsync();
            return server;
        }

        public Uri Url(string path) => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}{path}");

        private async Task AcceptAsync()
        {
            while (!_stop.IsCancellationRequested)
            {
                TcpClient client;
                try
                {
                    client = await _listener.AcceptTcpClientAsync(_stop.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                using (client)
                {
                    var stream = client.GetStream();
                    var head = new StringBuilder();
                    var buffer = new byte[4096];
                    while (!head.ToString().Contains("\r\n\r\n"))
                    {
                        var read = await stream.ReadAsync(buffer, _stop.Token);
                        if (read == 0)
                            break;
                        head.Append(Encoding.Latin1.GetString(buffer, 0, read));
                    }

                    lock (_heads)
                        _heads.Add(head.ToString());
                    await stream.WriteAsync(_respond(head.ToString()), _stop.Token);
                }
            }
        }

        public async ValueTask DisposeAsync()
        {
            _stop.Cancel();
            _listener.Stop();
            try
            {
                await _loop;
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
            }
        }
    }
}
