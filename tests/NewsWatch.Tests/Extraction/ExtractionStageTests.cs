using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using NewsWatch.Http;
using NewsWatch.Sources;
using NewsWatch.Storage;
using NewsWatch.Tests.Support;

namespace NewsWatch.Tests.Extraction;

/// <summary>Article pages fetched during a poll: politeness, failures, and what is stored.</summary>
public sealed class ExtractionStageTests : IAsyncLifetime
{
    private const string Page = BorderWire.Page;

    // Requests are timed on this clock; a test that waits installs it in the application and advances it.
    private readonly TestClock _clock = new();
    private FixtureServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await FixtureServer.StartAsync(_clock);

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    private string Feed(params string[] paths) => BorderWire.Feed(paths.Select(_server.Url));

    private Task<TestApp> AppAsync(Action<JsonObject>? configure = null, Action<IServiceCollection>? services = null) =>
        TestApp.StartAsync([("Wire", _server.Url("/feed.xml"))], config =>
            {
                config["Sources"]![0]!["FetchArticles"] = true;
                config["Articles"] = new JsonObject { ["MinHostDelay"] = "00:00:00", ["RetryDelay"] = "00:00:00" };
                configure?.Invoke(config);
            },
            services);

    private static async Task<ArticlePageRow?> PageOf(TestApp app, string guid)
    {
        var article = (await app.Articles.ListAsync(null, 100)).Single(a => a.Guid == guid);
        return await app.Services.GetRequiredService<ArticlePageStore>().FindAsync(article.Id);
    }

    [Fact]
    public async Task New_items_get_their_page_fetched_extracted_and_kept_for_reextraction()
    {
        _server.MapText("/feed.xml", Feed("/news/1"));
        _server.MapText("/news/1", Page, "text/html; charset=utf-8");
        await using var app = await AppAsync();

        await app.PollAsync("Wire");

        var page = await PageOf(app, "g0");
        Assert.Equal("fetched", page!.Status);
        Assert.Contains("waded across the Tumen river", page.Text);
        Assert.True(page.HasRawHtml);
        Assert.Equal("grouped", (await app.Articles.ListAsync(null, 1)).Single().Stage);
    }

    [Fact]
    public async Task Raw_html_past_its_retention_is_dropped_and_the_extracted_text_kept()
    {
        _server.MapText("/feed.xml", Feed("/news/1"));
        _server.MapText("/news/1", Page, "text/html");
        await using var app = await AppAsync();
        await app.PollAsync("Wire");

        var pruned = await app.Services.GetRequiredService<ArticlePageStore>().PruneRawHtmlAsync(DateTimeOffset.UtcNow.AddMinutes(1));

        Assert.Equal(1, pruned);
        var page = await PageOf(app, "g0");
        Assert.False(page!.HasRawHtml);
        Assert.Contains("Tumen", page.Text);
    }

    [Fact]
    public async Task Page_disallowed_by_robots_txt_is_not_fetched_and_recorded_as_such()
    {
        _server.MapText("/robots.txt", "User-agent: *\nDisallow: /private/\n", "text/plain");
        _server.MapText("/feed.xml", Feed("/private/1", "/news/2"));
        _server.MapText("/private/1", Page, "text/html");
        _server.MapText("/news/2", Page, "text/html");
        await using var app = await AppAsync();

        await app.PollAsync("Wire");

        Assert.Equal(("disallowed", "robots.txt disallows this page"), ((await PageOf(app, "g0"))!.Status, (await PageOf(app, "g0"))!.Error));
        Assert.Equal("fetched", (await PageOf(app, "g1"))!.Status);
        Assert.Equal(0, _server.CountRequests("/private/1"));
        Assert.Equal(1, _server.CountRequests("/robots.txt"));
    }

    [Fact]
    public async Task Non_html_page_is_recorded_and_skipped()
    {
        _server.MapText("/feed.xml", Feed("/files/report.pdf"));
        _server.MapContent("/files/report.pdf", [0x25, 0x50, 0x44, 0x46], "application/pdf");
        await using var app = await AppAsync();

        await app.PollAsync("Wire");

        var page = await PageOf(app, "g0");
        Assert.Equal("not-html", page!.Status);
        Assert.Equal("not an HTML page (application/pdf)", page.Error);
    }

    [Fact]
    public async Task Page_of_200000_nested_divs_is_recorded_as_failed_for_its_depth_and_the_next_page_is_extracted()
    {
        _server.MapText("/feed.xml", Feed("/deep/1", "/news/2"));
        _server.MapText("/deep/1", DeepPageTests.PageNested(200_000), "text/html; charset=utf-8");
        _server.MapText("/news/2", Page, "text/html");
        await using var app = await AppAsync();

        await app.PollAsync("Wire");

        var deep = await PageOf(app, "g0");
        Assert.Equal("failed", deep!.Status);
        Assert.StartsWith($"extraction failed: the page nests elements more than {NewsWatch.Extraction.HtmlNesting.MaxDepth} deep", deep.Error, StringComparison.Ordinal);
        Assert.Equal("fetched", (await PageOf(app, "g1"))!.Status);
    }

    [Theory]
    [InlineData("text/html; charset=utf-8")]
    [InlineData(null)]
    public async Task Binary_body_labelled_html_or_unlabelled_is_recorded_as_not_an_article_and_not_stored(string? contentType)
    {
        byte[] jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 0x4A, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x48, 0x00, 0x48, 0x00, 0x00];
        _server.MapText("/feed.xml", Feed("/photo/1", "/news/2"));
        _server.Map("/photo/1", async context =>
        {
            if (contentType is not null)
                context.Response.ContentType = contentType;
            await context.Response.Body.WriteAsync(jpeg);
        });
        _server.MapText("/news/2", Page, "text/html");
        await using var app = await AppAsync();

        await app.PollAsync("Wire");

        var photo = await PageOf(app, "g0");
        Assert.Equal("not-article", photo!.Status);
        Assert.Equal($"not an article ({contentType ?? "no content type"}): a NUL byte at offset 4: binary data, not text", photo.Error);
        Assert.False(photo.HasRawHtml);
        Assert.Null(photo.Text);
        Assert.Equal("Summary 0", (await app.Articles.ListAsync(null, 10)).Single(a => a.Guid == "g0").Summary);
        Assert.Equal("fetched", (await PageOf(app, "g1"))!.Status);
    }

    [Fact]
    public async Task Euc_kr_page_declared_utf8_is_decoded_as_euc_kr_and_recorded_as_wrongly_declared()
    {
        const string korean = """
            <html lang="ko"><head><meta charset="euc-kr"><title>접경지역 소식</title></head><body><div id="article">
            <p>군 당국은 12일 새벽 북한 주민 두 명이 소형 목선을 타고 서해 북방한계선을 넘어왔다고 밝혔다.</p>
            <p>당국은 이들이 귀순 의사를 밝혔으며, 관계 기관이 합동으로 정확한 경위를 조사하고 있다고 설명했다.</p>
            </div></body></html>
            """;
        System.Text.Encoding.RegisterProvider(System.Text.CodePagesEncodingProvider.Instance);
        _server.MapText("/feed.xml", Feed("/ko/1"));
        _server.MapContent("/ko/1", System.Text.Encoding.GetEncoding(949).GetBytes(korean), "text/html; charset=utf-8");
        await using var app = await AppAsync();

        await app.PollAsync("Wire");

        var page = await PageOf(app, "g0");
        Assert.Equal("wrongly-declared", page!.Status);
        Assert.Equal("declared utf-8 (http) but is not UTF-8; decoded as euc-kr, named by its <meta>", page.Error);
        Assert.Contains("북한 주민 두 명이", page.Text, StringComparison.Ordinal);
        Assert.DoesNotContain('\uFFFD', page.Text!);
        Assert.True(page.HasRawHtml);
    }

    [Fact]
    public async Task Failing_page_is_retried_on_later_polls_and_given_up_after_the_bound_without_blocking_others()
    {
        _server.MapText("/feed.xml", Feed("/down/1", "/news/2"));
        _server.Map("/down/1", context =>
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return Task.CompletedTask;
        });
        _server.MapText("/news/2", Page, "text/html");
        await using var app = await AppAsync(c =>
        {
            c["Articles"]!["MaxFetchAttempts"] = 2;
            c["Http"]!["MaxRetries"] = 0;
        });

        await app.PollAsync("Wire");
        var afterFirst = await PageOf(app, "g0");
        await app.PollAsync("Wire");
        var afterSecond = await PageOf(app, "g0");

        Assert.Equal(("retrying", 1), (afterFirst!.Status, afterFirst.Attempts));
        Assert.Equal("fetched", (await PageOf(app, "g1"))!.Status);
        Assert.Equal(("failed", 2), (afterSecond!.Status, afterSecond.Attempts));
        Assert.Equal("HTTP 503 Service Unavailable (attempt 2)", afterSecond.Error);
        Assert.Equal(2, _server.CountRequests("/down/1"));
    }

    [Fact]
    public async Task Redirect_to_a_private_address_is_refused_at_that_hop()
    {
        _server.MapText("/feed.xml", Feed("/moved/1"));
        _server.Map("/moved/1", context =>
        {
            context.Response.StatusCode = StatusCodes.Status302Found;
            context.Response.Headers.Location = "http://10.255.255.1/internal/admin";
            return Task.CompletedTask;
        });
        await using var app = await AppAsync(c =>
        {
            c["Http"]!["AllowPrivateNetworks"] = false;
            c["Http"]!["AllowedPrivateHosts"] = new JsonArray(_server.BaseUri.Authority);
            c["Articles"]!["MaxFetchAttempts"] = 1;
        });

        await app.PollAsync("Wire");

        var page = await PageOf(app, "g0");
        Assert.Equal("failed", page!.Status);
        Assert.StartsWith("refused to connect to 10.255.255.1: it resolves to the private address 10.255.255.1", page.Error);
    }

    [Fact]
    public async Task Slow_page_times_out_and_is_left_for_a_later_poll()
    {
        _server.MapText("/feed.xml", Feed("/slow/1", "/news/2"));
        var slowRequested = new SemaphoreSlim(0);
        _server.Map("/slow/1", async context =>
        {
            slowRequested.Release();
            await Task.Delay(Timeout.InfiniteTimeSpan, context.RequestAborted);
        });
        _server.MapText("/news/2", Page, "text/html");
        await using var app = await AppAsync(c =>
            {
                c["Http"]!["AttemptTimeout"] = "00:00:00.300";
                c["Http"]!["TotalTimeout"] = "00:00:03";
                c["Http"]!["MaxRetryAfterWait"] = "00:00:01";
                c["Http"]!["MaxRetries"] = 0;
            },
            services => services.AddSingleton<TimeProvider>(_clock));

        // The slow page waits at the server until the clock has passed its timeout; the clock stands still for the other page.
        var poll = app.PollAsync("Wire");
        try
        {
            Assert.True(await slowRequested.WaitAsync(TimeSpan.FromMinutes(1)), "the slow page was never requested");
            _clock.Advance(TimeSpan.FromMilliseconds(300));
            await poll;
        }
        finally
        {
            await _clock.RunOutAsync(poll);
        }

        var slow = await PageOf(app, "g0");
        Assert.Equal("retrying", slow!.Status);
        Assert.StartsWith("timed out", slow.Error);
        Assert.Equal("fetched", (await PageOf(app, "g1"))!.Status);
    }

    [Fact]
    public async Task Missing_page_is_given_up_at_once()
    {
        _server.MapText("/feed.xml", Feed("/gone/1"));
        await using var app = await AppAsync();

        await app.PollAsync("Wire");

        Assert.Equal("failed", (await PageOf(app, "g0"))!.Status);
    }

    [Fact]
    public async Task Requests_to_one_host_are_spaced_by_the_minimum_delay()
    {
        _server.MapText("/feed.xml", Feed("/news/1", "/news/2", "/news/3"));
        foreach (var path in new[] { "/news/1", "/news/2", "/news/3" })
            _server.MapText(path, Page, "text/html");
        await using var app = await AppAsync(c => c["Articles"]!["MinHostDelay"] = "00:00:00.300", services => services.AddSingleton<TimeProvider>(_clock));
        bool ToTheHost(FixtureServer.RecordedRequest r) => r.Path.StartsWith("/news/", StringComparison.Ordinal) || r.Path == "/robots.txt";

        // robots.txt goes out at once; each page then waits for the delay, and goes out only when the clock has moved on by it.
        var poll = app.PollAsync("Wire");
        try
        {
            for (var sent = 1; sent <= 3; sent++)
            {
                var wait = await _clock.NextWaitAsync(w => w <= TimeSpan.FromSeconds(1), poll);

                Assert.Equal(TimeSpan.FromMilliseconds(300), wait);
                Assert.Equal(sent, _server.Requests.Count(ToTheHost));
                _clock.Advance(wait);
            }

            await poll;
        }
        finally
        {
            await _clock.RunOutAsync(poll);
        }

        var requests = _server.Requests.Where(ToTheHost).ToList();
        Assert.Equal(4, requests.Count);
        Assert.Equal("/robots.txt", requests[0].Path);
        for (var i = 1; i < requests.Count; i++)
            Assert.Equal(TimeSpan.FromMilliseconds(300), requests[i].At - requests[i - 1].At);
        Assert.All(await app.Articles.ListAsync(null, 10), a => Assert.Equal("grouped", a.Stage));
    }

    [Fact]
    public async Task Sources_without_fetch_articles_keep_only_the_feed_summary()
    {
        _server.MapText("/feed.xml", Feed("/news/1"));
        _server.MapText("/news/1", Page, "text/html");
        await using var app = await AppAsync(c => c["Sources"]![0]!["FetchArticles"] = false);

        await app.PollAsync("Wire");

        Assert.Null(await PageOf(app, "g0"));
        Assert.Equal(0, _server.CountRequests("/news/1"));
    }

    [Theory]
    [InlineData("10.1.2.3", true)]
    [InlineData("172.20.0.5", true)]
    [InlineData("192.168.1.1", true)]
    [InlineData("169.254.169.254", true)]
    [InlineData("127.0.0.1", true)]
    [InlineData("::1", true)]
    [InlineData("fe80::1", true)]
    [InlineData("fd00::7", true)]
    [InlineData("::ffff:10.0.0.1", true)]
    [InlineData("203.246.112.10", false)]
    [InlineData("2606:4700::1111", false)]
    public void Private_link_local_and_loopback_addresses_are_recognised(string address, bool isPrivate)
    {
        Assert.Equal(isPrivate, PrivateNetworkGuard.IsPrivate(IPAddress.Parse(address)));
    }
}
