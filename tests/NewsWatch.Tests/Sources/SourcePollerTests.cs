using System.IO.Compression;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using NewsWatch.Sources;
using NewsWatch.Tests.Support;

namespace NewsWatch.Tests.Sources;

public sealed class SourcePollerTests : IAsyncLifetime
{
    // Requests are timed on this clock; a test that waits installs it in the application and advances it.
    private readonly TestClock _clock = new();
    private FixtureServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await FixtureServer.StartAsync(_clock);

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    private Task<TestApp> AppAsync(params string[] paths) =>
        TestApp.StartAsync(paths.Select(p => (p.Trim('/'), _server.Url(p))));

    [Fact]
    public async Task Rss20_items_are_stored_with_canonical_links_plain_text_and_utc_times()
    {
        _server.MapFixture("/rss20.xml", "rss20.xml");
        await using var app = await AppAsync("/rss20.xml");

        var result = await app.PollAsync("rss20.xml");

        Assert.Equal(new PollResult("rss20.xml", "ok", 3, 0, null), result);
        var articles = (await app.Articles.ListAsync(null, 10)).OrderBy(a => a.Guid).ToList();
        Assert.Equal(["wire-1001", "wire-1002", "wire-1003"], articles.Select(a => a.Guid));

        var first = articles[0];
        Assert.Equal("https://wire.example.com/news/1001?id=1001", first.Url);
        Assert.Equal(new DateTimeOffset(2024, 8, 6, 0, 30, 0, TimeSpan.Zero), first.PublishedAt);
        Assert.False(first.PublishedAtEstimated);
        Assert.Equal("A North Korean soldier walked across the Military Demarcation Line early Tuesday, the Joint Chiefs of Staff said.", first.Summary);

        Assert.Equal("Border guard \"defects\" across Yalu \u2014 report", articles[1].Title);
        Assert.Equal("A North Korean border guard fled across the frozen river, sources said & officials declined to comment.", articles[1].Summary);

        var undated = articles[2];
        Assert.True(undated.PublishedAtEstimated);
        Assert.Equal(undated.FirstSeenAt, undated.PublishedAt);
    }

    [Fact]
    public async Task Atom_entries_resolve_links_against_xml_base_and_fall_back_to_id()
    {
        _server.MapFixture("/atom.xml", "atom.xml", "application/atom+xml");
        await using var app = await AppAsync("/atom.xml");

        var result = await app.PollAsync("atom.xml");

        Assert.Equal(2, result.NewItems);
        var articles = (await app.Articles.ListAsync(null, 10)).OrderByDescending(a => a.PublishedAt).ToList();
        Assert.Equal("https://analysis.example.org/notes/2024/09/deserters-hyesan", articles[0].Url);
        Assert.Equal("Two soldiers desert unit near Hyesan", articles[0].Title);
        Assert.Equal(new DateTimeOffset(2024, 9, 2, 2, 15, 0, TimeSpan.Zero), articles[0].PublishedAt);
        Assert.Equal("Two soldiers left their post with rifles, local sources say.", articles[0].Summary);
        Assert.Equal("https://analysis.example.org/notes/2024/08/kaesong-barracks", articles[1].Url);
    }

    [Fact]
    public async Task Rss10_rdf_items_are_stored_with_dublin_core_dates()
    {
        _server.MapFixture("/rss10.rdf", "rss10.rdf", "application/rdf+xml");
        await using var app = await AppAsync("/rss10.rdf");

        var result = await app.PollAsync("rss10.rdf");

        Assert.Equal(2, result.NewItems);
        var articles = (await app.Articles.ListAsync(null, 10)).OrderBy(a => a.Url).ToList();
        Assert.Equal(new DateTimeOffset(2024, 10, 11, 1, 0, 0, TimeSpan.Zero), articles[0].PublishedAt);
        Assert.Equal(new DateTimeOffset(2024, 10, 12, 0, 0, 0, TimeSpan.Zero), articles[1].PublishedAt);
        Assert.Equal("https://digest.example.net/items/501", articles[0].Guid);
    }

    [Fact]
    public async Task Unchanged_feed_with_etag_is_answered_304_and_adds_nothing()
    {
        _server.MapFixture("/etag.xml", "rss20.xml", etag: "\"v1\"");
        await using var app = await AppAsync("/etag.xml");

        var first = await app.PollAsync("etag.xml");
        var second = await app.PollAsync("etag.xml");

        Assert.Equal(("ok", 3), (first.Status, first.NewItems));
        Assert.Equal(new PollResult("etag.xml", "not-modified", 0, 0, null), second);
        Assert.Equal("\"v1\"", _server.Requests.Last().IfNoneMatch);
        Assert.Equal(3, await app.Articles.CountAsync());
        var row = await app.SourceRows.FindAsync("etag.xml");
        Assert.Equal("\"v1\"", row!.Etag);
        Assert.NotNull(row.LastSuccessAt);
    }

    [Fact]
    public async Task Unchanged_feed_without_validators_polled_twice_adds_nothing()
    {
        _server.MapFixture("/plain.xml", "rss20.xml");
        await using var app = await AppAsync("/plain.xml");

        await app.PollAsync("plain.xml");
        var second = await app.PollAsync("plain.xml");

        Assert.Equal(new PollResult("plain.xml", "ok", 0, 3, null), second);
        Assert.Equal(3, await app.Articles.CountAsync());
    }

    [Fact]
    public async Task Service_unavailable_once_is_retried_and_succeeds()
    {
        var calls = 0;
        _server.Map("/flaky.xml", async context =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                return;
            }

            context.Response.ContentType = "application/rss+xml";
            await context.Response.Body.WriteAsync(Fixtures.Bytes("rss20.xml"));
        });
        await using var app = await AppAsync("/flaky.xml");

        var result = await app.PollAsync("flaky.xml");

        Assert.Equal(("ok", 3), (result.Status, result.NewItems));
        Assert.Equal(2, calls);
    }

    [Fact]
    public async Task Persistent_503_fails_with_attempt_count_and_backoff_grows_with_each_failure()
    {
        _server.Map("/down.xml", context =>
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return Task.CompletedTask;
        });
        await using var app = await AppAsync("/down.xml");

        var first = await app.PollAsync("down.xml");
        var afterFirst = await app.SourceRows.FindAsync("down.xml");
        var second = await app.PollAsync("down.xml");
        var afterSecond = await app.SourceRows.FindAsync("down.xml");

        Assert.Equal(new PollResult("down.xml", "failed", 0, 0, "HTTP 503 Service Unavailable after 3 attempts"), first);
        Assert.Equal("failed", second.Status);
        Assert.Equal(3 * 2, _server.CountRequests("/down.xml"));
        Assert.Equal(1, afterFirst!.ConsecutiveFailures);
        Assert.Equal(2, afterSecond!.ConsecutiveFailures);
        Assert.Equal("HTTP 503 Service Unavailable after 3 attempts", afterSecond.LastError);
        Assert.Null(afterSecond.LastSuccessAt);
        var firstWait = afterFirst.NextPollAfter!.Value - afterFirst.LastPolledAt!.Value;
        var secondWait = afterSecond.NextPollAfter!.Value - afterSecond.LastPolledAt!.Value;
        Assert.Equal(TimeSpan.FromMinutes(1), firstWait);
        Assert.Equal(TimeSpan.FromMinutes(2), secondWait);
    }

    [Fact]
    public async Task Scheduled_poll_of_a_failing_source_waits_out_its_backoff()
    {
        _server.Map("/down.xml", context =>
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        });
        await using var app = await AppAsync("/down.xml");
        await app.PollAsync("down.xml");

        var scheduled = await app.Poller.PollAsync(app.Source("down.xml"), respectBackoff: true, CancellationToken.None);

        Assert.Equal("backing-off", scheduled.Status);
        Assert.Equal("HTTP 404 Not Found", scheduled.Error);
        Assert.Equal(1, _server.CountRequests("/down.xml"));
    }

    [Fact]
    public async Task Too_many_requests_with_retry_after_is_waited_out()
    {
        var calls = 0;
        _server.Map("/limited.xml", async context =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                context.Response.Headers.RetryAfter = "1";
                return;
            }

            context.Response.ContentType = "application/rss+xml";
            await context.Response.Body.WriteAsync(Fixtures.Bytes("rss20.xml"));
        });
        // Timeouts far longer than the Retry-After, so that the one short wait is the one the server asked for.
        await using var app = await TestApp.StartAsync([("limited.xml", _server.Url("/limited.xml"))], config =>
            {
                config["Http"]!["AttemptTimeout"] = "00:00:30";
                config["Http"]!["TotalTimeout"] = "00:01:00";
            },
            services => services.AddSingleton<TimeProvider>(_clock));

        var poll = app.PollAsync("limited.xml");
        try
        {
            var wait = await _clock.NextWaitAsync(w => w < TimeSpan.FromSeconds(30), poll);

            Assert.Equal(TimeSpan.FromSeconds(1), wait);
            Assert.Equal(1, _server.CountRequests("/limited.xml"));
            _clock.Advance(wait);
            Assert.Equal("ok", (await poll).Status);
        }
        finally
        {
            await _clock.RunOutAsync(poll);
        }

        var requests = _server.Requests.Where(r => r.Path == "/limited.xml").ToList();
        Assert.Equal(2, requests.Count);
        Assert.Equal(TimeSpan.FromSeconds(1), requests[1].At - requests[0].At);
    }

    [Fact]
    public async Task Feed_that_never_answers_times_out_with_a_clear_error()
    {
        var arrived = new SemaphoreSlim(0);
        _server.Map("/slow.xml", async context =>
        {
            arrived.Release();
            await Task.Delay(Timeout.InfiniteTimeSpan, context.RequestAborted);
        });
        await using var app = await TestApp.StartAsync([("slow", _server.Url("/slow.xml"))], config =>
            {
                config["Http"]!["AttemptTimeout"] = "00:00:00.300";
                config["Http"]!["TotalTimeout"] = "00:00:05";
                config["Http"]!["MaxRetryAfterWait"] = "00:00:01";
                config["Http"]!["MaxRetries"] = 1;
                config["Http"]!["RetryBaseDelay"] = "00:00:00";
            },
            services => services.AddSingleton<TimeProvider>(_clock));

        // Each attempt waits at the server until the clock has passed its timeout.
        var poll = app.PollAsync("slow");
        PollResult result;
        try
        {
            for (var attempt = 1; attempt <= 2; attempt++)
            {
                Assert.True(await arrived.WaitAsync(TimeSpan.FromMinutes(1)), $"attempt {attempt} never reached the server");
                _clock.Advance(TimeSpan.FromMilliseconds(300));
            }

            result = await poll;
        }
        finally
        {
            await _clock.RunOutAsync(poll);
        }

        Assert.Equal("failed", result.Status);
        Assert.StartsWith("timed out after 2 attempts", result.Error);
    }

    [Fact]
    public async Task Oversized_body_is_refused_naming_the_limit()
    {
        var big = Encoding.UTF8.GetBytes("<rss version=\"2.0\"><channel><title>x</title>" + new string(' ', 200_000) + "</channel></rss>");
        _server.MapContent("/big.xml", big, "application/rss+xml");
        await using var app = await TestApp.StartAsync([("big", _server.Url("/big.xml"))], config => config["Http"]!["MaxResponseBytes"] = 65536);

        var result = await app.PollAsync("big");

        Assert.Equal("failed", result.Status);
        Assert.StartsWith("response exceeded 64 KB", result.Error);
    }

    [Fact]
    public async Task Gzip_body_is_decompressed()
    {
        _server.MapContent("/gz.xml", Gzip(Fixtures.Bytes("rss20.xml")), "application/rss+xml", contentEncoding: "gzip");
        await using var app = await AppAsync("/gz.xml");

        var result = await app.PollAsync("gz.xml");

        Assert.Equal(("ok", 3), (result.Status, result.NewItems));
    }

    [Fact]
    public async Task Decompressed_size_counts_against_the_cap()
    {
        var bomb = Gzip(Encoding.UTF8.GetBytes("<rss version=\"2.0\"><channel>" + new string('a', 2_000_000) + "</channel></rss>"));
        Assert.True(bomb.Length < 65536);
        _server.MapContent("/bomb.xml", bomb, "application/rss+xml", contentEncoding: "gzip");
        await using var app = await TestApp.StartAsync([("bomb", _server.Url("/bomb.xml"))], config => config["Http"]!["MaxResponseBytes"] = 65536);

        var result = await app.PollAsync("bomb");

        Assert.Equal("failed", result.Status);
        Assert.StartsWith("response exceeded 64 KB", result.Error);
    }

    [Fact]
    public async Task Malformed_xml_fails_its_source_with_line_and_column_while_others_succeed()
    {
        _server.MapFixture("/malformed.xml", "malformed.xml");
        _server.MapFixture("/rss20.xml", "rss20.xml");
        await using var app = await AppAsync("/malformed.xml", "/rss20.xml");

        var broken = await app.PollAsync("malformed.xml");
        var healthy = await app.PollAsync("rss20.xml");

        Assert.Equal("failed", broken.Status);
        Assert.Matches(@"^feed is not well-formed XML at line 8, column \d+: ", broken.Error);
        Assert.Equal("ok", healthy.Status);
        Assert.Equal(broken.Error, (await app.SourceRows.FindAsync("malformed.xml"))!.LastError);
    }

    [Fact]
    public async Task Bare_ampersands_and_html_entities_are_recovered()
    {
        _server.MapFixture("/recoverable.xml", "recoverable.xml");
        await using var app = await AppAsync("/recoverable.xml");

        var result = await app.PollAsync("recoverable.xml");

        Assert.Equal(("ok", 1), (result.Status, result.NewItems));
        var article = (await app.Articles.ListAsync(null, 1)).Single();
        Assert.Equal("Guards fled \u2014 officials confirm R&D unit link", article.Title);
        Assert.Equal("https://sloppy.example.com/story?a=1&b=2", article.Url);
    }

    [Fact]
    public async Task Euc_kr_feed_declared_in_its_prolog_is_decoded()
    {
        var encoding = CodePages("euc-kr");
        var xml = """
            <?xml version="1.0" encoding="EUC-KR"?>
            <rss version="2.0"><channel><title>국방 소식</title>
            <item><title>북한군 병사 1명 군사분계선 넘어 귀순</title><link>https://kr.example.com/a/1</link>
            <description>합참은 북한군 병사가 중부전선에서 귀순했다고 밝혔다.</description>
            <pubDate>Tue, 06 Aug 2024 09:30:00 +0900</pubDate></item></channel></rss>
            """;
        _server.MapContent("/euckr.xml", encoding.GetBytes(xml), "application/rss+xml");
        await using var app = await AppAsync("/euckr.xml");

        await app.PollAsync("euckr.xml");

        var article = (await app.Articles.ListAsync(null, 1)).Single();
        Assert.Equal("북한군 병사 1명 군사분계선 넘어 귀순", article.Title);
        Assert.Equal("합참은 북한군 병사가 중부전선에서 귀순했다고 밝혔다.", article.Summary);
    }

    [Fact]
    public async Task Relative_links_resolve_against_the_feed_address()
    {
        _server.MapFixture("/desk/feed.xml", "relative-links.xml");
        await using var app = await TestApp.StartAsync([("relative", _server.Url("/desk/feed.xml"))]);

        await app.PollAsync("relative");

        var urls = (await app.Articles.ListAsync(null, 10)).OrderBy(a => a.Guid).Select(a => a.Url).ToList();
        Assert.Equal([_server.Url("/articles/1").ToString(), _server.Url("/desk/articles/2").ToString(), "http://mirror.example.com/articles/3"], urls);
    }

    [Fact]
    public async Task Same_link_in_two_sources_is_stored_once_as_two_sightings()
    {
        _server.MapFixture("/wire.xml", "rss20.xml");
        _server.MapFixture("/partner.xml", "second-source.xml");
        await using var app = await AppAsync("/wire.xml", "/partner.xml");

        var wire = await app.PollAsync("wire.xml");
        var partner = await app.PollAsync("partner.xml");

        Assert.Equal((3, 0), (wire.NewItems, wire.SeenItems));
        Assert.Equal((1, 1), (partner.NewItems, partner.SeenItems));
        Assert.Equal(4, await app.Articles.CountAsync());
        var partnerListing = await app.Articles.ListAsync("partner.xml", 10);
        Assert.Equal(2, partnerListing.Count);
        Assert.Contains(partnerListing, a => a.Guid == "wire-1001" && a.Url == "https://wire.example.com/news/1001?id=1001");
    }

    [Fact]
    public async Task Loopback_address_is_refused_unless_private_networks_are_allowed()
    {
        _server.MapFixture("/rss20.xml", "rss20.xml");
        await using var app = await TestApp.StartAsync([("local", _server.Url("/rss20.xml"))], config => config["Http"]!["AllowPrivateNetworks"] = false);

        var result = await app.PollAsync("local");

        Assert.Equal("failed", result.Status);
        Assert.Equal("refused to connect to 127.0.0.1: it resolves to the private address 127.0.0.1 (set NewsWatch:Http:AllowPrivateNetworks to allow)", result.Error);
        Assert.Equal(0, _server.CountRequests("/rss20.xml"));
    }

    [Fact]
    public async Task Html_page_instead_of_a_feed_is_reported_as_such()
    {
        _server.MapText("/moved", "<!DOCTYPE html><html><head><title>Moved</title></head><body><p>Document moved<br></body></html>", "text/html");
        await using var app = await AppAsync("/moved");

        var result = await app.PollAsync("moved");

        Assert.Equal("the response is an HTML page, not a feed", result.Error);
    }

    [Fact]
    public async Task Requests_carry_the_configured_user_agent()
    {
        _server.MapFixture("/rss20.xml", "rss20.xml");
        await using var app = await TestApp.StartAsync([("ua", _server.Url("/rss20.xml"))], config => config["Http"]!["UserAgent"] = "NewsWatchTest/2.0");

        await app.PollAsync("ua");

        Assert.Equal("NewsWatchTest/2.0", _server.Requests.Single().UserAgent);
    }

    [Theory]
    [InlineData(1, 15)]
    [InlineData(2, 30)]
    [InlineData(3, 60)]
    [InlineData(10, 360)]
    public void Backoff_doubles_the_interval_per_failure_up_to_the_cap(int failures, int expectedMinutes)
    {
        var wait = SourcePoller.Backoff(TimeSpan.FromMinutes(15), failures, TimeSpan.FromHours(6));

        Assert.Equal(TimeSpan.FromMinutes(expectedMinutes), wait);
    }

    private static byte[] Gzip(byte[] bytes)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.SmallestSize))
            gzip.Write(bytes);
        return output.ToArray();
    }

    private static Encoding CodePages(string name)
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(name);
    }
}
