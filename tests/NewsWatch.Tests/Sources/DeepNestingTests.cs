using System.Text;
using NewsWatch.Sources;
using NewsWatch.Tests.Support;

namespace NewsWatch.Tests.Sources;

/// <summary>Feeds nested deep enough to take hours to read are refused for their depth, before they are parsed.</summary>
public sealed class DeepNestingTests : IAsyncLifetime
{
    private FixtureServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await FixtureServer.StartAsync();

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    /// <summary>An RSS feed whose one item's title holds <paramref name="depth"/> nested elements.</summary>
    internal static string FeedWithTitleNested(int depth, string element = "b")
    {
        var xml = new StringBuilder("<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel><title>Deep</title>\n<item><link>https://wire.example/deep</link><title>");
        for (var i = 0; i < depth; i++)
            xml.Append('<').Append(element).Append('>');
        xml.Append("Soldier defects");
        for (var i = 0; i < depth; i++)
            xml.Append("</").Append(element).Append('>');
        return xml.Append("</title></item></channel></rss>").ToString();
    }

    [Fact]
    public void A_feed_with_a_title_nested_400000_deep_is_refused_for_its_depth()
    {
        var error = Assert.Throws<FeedFormatException>(() => FeedParser.Parse(FeedWithTitleNested(400_000), null));

        Assert.Equal($"the feed nests elements more than {XmlNesting.MaxDepth} deep (line 3); such a document is refused", error.Message);
    }

    [Fact]
    public void A_feed_nested_just_within_the_limit_still_parses()
    {
        // rss, channel, item and title are four levels of their own.
        var feed = FeedParser.Parse(FeedWithTitleNested(XmlNesting.MaxDepth - 4), null);

        Assert.Equal("Soldier defects", Assert.Single(feed.Entries).Title);
    }

    [Fact]
    public void Markup_in_comments_cdata_and_self_closed_elements_does_not_count_as_nesting()
    {
        var deepText = string.Concat(Enumerable.Repeat("<div>", 2 * XmlNesting.MaxDepth));
        var empties = string.Concat(Enumerable.Repeat("<category/>", 2 * XmlNesting.MaxDepth));
        var xml = $"<rss version=\"2.0\"><channel><title>T</title><!-- {deepText} --><item><link>https://wire.example/a</link>{empties}<title>A</title><description><![CDATA[{deepText}]]></description></item></channel></rss>";

        Assert.Single(FeedParser.Parse(xml, null).Entries);
    }

    [Theory]
    [InlineData("<rss version=\"2.0\"><channel><!-- unterminated")]
    [InlineData("<rss version=\"2.0\"><channel><title")]
    [InlineData("<rss version=\"2.0\"><channel></channel></rss><")]
    [InlineData("<rss version=\"2.0\"><channel><![CDATA[ <a>")]
    public void A_feed_cut_off_in_any_construct_is_refused_as_ill_formed_not_for_depth(string xml)
    {
        var error = Assert.Throws<FeedFormatException>(() => FeedParser.Parse(xml, null));

        Assert.DoesNotContain("deep", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Polling_a_feed_nested_400000_deep_fails_that_source_with_the_depth_and_stores_nothing()
    {
        _server.MapText("/deep.xml", FeedWithTitleNested(400_000));
        _server.MapFixture("/rss20.xml", "rss20.xml");
        await using var app = await TestApp.StartAsync([("deep", _server.Url("/deep.xml")), ("healthy", _server.Url("/rss20.xml"))]);

        var deep = await app.PollAsync("deep");
        var healthy = await app.PollAsync("healthy");

        Assert.Equal("failed", deep.Status);
        Assert.Contains($"nests elements more than {XmlNesting.MaxDepth} deep", deep.Error, StringComparison.Ordinal);
        Assert.Contains($"nests elements more than {XmlNesting.MaxDepth} deep", (await app.SourceRows.FindAsync("deep"))!.LastError, StringComparison.Ordinal);
        Assert.Equal("ok", healthy.Status);
        Assert.True(healthy.NewItems > 0);
        Assert.DoesNotContain(await app.Articles.ListAsync("deep", 10), _ => true);
    }
}
