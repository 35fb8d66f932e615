using System.Text;
using NewsWatch.Extraction;

namespace NewsWatch.Tests.Extraction;

public sealed class ArticleExtractorTests
{
    private static readonly Uri BorderWireUrl = new("https://borderwire.example/2024/03/soldier-crosses-border");

    private static string Fixture(string name) =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Extraction", "Fixtures", name), Encoding.UTF8);

    [Fact]
    public void Article_text_keeps_story_paragraphs_and_drops_page_chrome()
    {
        var article = ArticleExtractor.Extract(Fixture("border-article.html"), BorderWireUrl);

        Assert.Equal(5, article.Paragraphs.Count);
        Assert.StartsWith("SEOUL, March 12 (Border Wire) - A North Korean soldier walked", article.Paragraphs[0]);
        Assert.StartsWith("Crossings over the heavily mined land border remain rare.", article.Paragraphs[^1]);
        foreach (var chrome in new[]
                 {
                     "cookies", "Politics", "Share on", "guard post on the southern side", "Advertisement",
                     "newsletter", "Related stories", "Loudspeaker", "I hope he is treated well", "Most read",
                     "All rights reserved", "By Min-ji Park",
                 })
        {
            Assert.DoesNotContain(chrome, article.Text, StringComparison.OrdinalIgnoreCase);
        }

        Assert.True(article.IsArticle);
    }

    [Fact]
    public void Metadata_comes_from_open_graph_and_link_tags()
    {
        var article = ArticleExtractor.Extract(Fixture("border-article.html"), BorderWireUrl);

        Assert.Equal("Soldier crosses border near Kaesong, officials say", article.Title);
        Assert.Equal("Min-ji Park", article.Byline);
        Assert.Equal(new DateTimeOffset(2024, 3, 12, 6, 40, 0, TimeSpan.FromHours(9)), article.PublishedAt);
        Assert.Equal(new DateTimeOffset(2024, 3, 12, 9, 15, 0, TimeSpan.FromHours(9)), article.ModifiedAt);
        Assert.Equal("en", article.Language);
        Assert.Equal("https://borderwire.example/2024/03/soldier-crosses-border", article.CanonicalUrl);
        Assert.Equal("https://borderwire.example/images/border-fence.jpg", article.LeadImageUrl);
    }

    [Fact]
    public void Date_author_and_image_found_only_in_json_ld_graph_are_read()
    {
        var article = ArticleExtractor.Extract(Fixture("jsonld-date.html"), new Uri("https://frontier.example/trade"));

        Assert.Equal(new DateTimeOffset(2024, 5, 2, 0, 30, 0, TimeSpan.Zero), article.PublishedAt?.ToUniversalTime());
        Assert.Equal(new DateTimeOffset(2024, 5, 2, 3, 0, 0, TimeSpan.Zero), article.ModifiedAt?.ToUniversalTime());
        Assert.Equal("Trade at Sinuiju bridge slows as inspections tighten", article.Title);
        Assert.Equal("Lee Soo-hyun", article.Byline);
        Assert.Equal("https://frontier.example/img/bridge.jpg", article.LeadImageUrl);
        Assert.Equal(3, article.Paragraphs.Count);
        Assert.DoesNotContain(article.Paragraphs, p => p == article.Title);
    }

    [Fact]
    public void Date_without_zone_is_taken_as_utc()
    {
        const string html = """
            <html><head><meta name="date" content="2024-08-01 14:05:00"></head>
            <body><p>Short note about a checkpoint reopening on the northern road after repairs were finished.</p></body></html>
            """;

        var article = ArticleExtractor.Extract(html, pageUrl: null);

        Assert.Equal(new DateTimeOffset(2024, 8, 1, 14, 5, 0, TimeSpan.Zero), article.PublishedAt);
    }

    [Fact]
    public void Page_decoded_from_euc_kr_yields_korean_paragraphs()
    {
        const string source = """
            <html lang="ko"><head><meta charset="euc-kr"><title>접경지역 소식 - 국경뉴스</title></head>
            <body><div class="menu"><a href="/">처음으로</a> <a href="/politics">정치</a></div>
            <div id="article">
            <p>군 당국은 12일 새벽 북한 주민 두 명이 소형 목선을 타고 서해 북방한계선을 넘어왔다고 밝혔다.</p>
            <p>당국은 이들이 귀순 의사를 밝혔으며, 관계 기관이 합동으로 정확한 경위를 조사하고 있다고 설명했다.</p>
            <p>해당 해역에서는 최근 몇 년 동안 비슷한 사례가 여러 차례 있었으며, 군은 해상 감시를 강화하고 있다.</p>
            </div></body></html>
            """;
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var eucKr = Encoding.GetEncoding(949);
        var bytes = eucKr.GetBytes(source);

        var article = ArticleExtractor.Extract(eucKr.GetString(bytes), new Uri("https://news.example.kr/view?id=1"));

        Assert.Equal(3, article.Paragraphs.Count);
        Assert.StartsWith("군 당국은 12일 새벽 북한 주민 두 명이", article.Paragraphs[0]);
        Assert.Equal("ko", article.Language);
        Assert.Equal("접경지역 소식", article.Title);
    }

    [Fact]
    public void Content_selector_takes_text_from_the_matched_element_after_removing_selected_parts()
    {
        var rules = new ExtractionRules(ContentSelector: ".col-b .x1", RemoveSelectors: [".x9"]);

        var article = ArticleExtractor.Extract(Fixture("content-selector.html"), new Uri("https://borderwire.example/hyesan"), rules);

        Assert.Equal(2, article.Paragraphs.Count);
        Assert.StartsWith("HYESAN, June 3", article.Paragraphs[0]);
        Assert.DoesNotContain("Listen to this story", article.Text);
        Assert.DoesNotContain("Editor's picks", article.Text);
    }

    [Fact]
    public void Content_selector_that_matches_nothing_falls_back_to_automatic_extraction()
    {
        var rules = new ExtractionRules(ContentSelector: ".no-such-element");

        var article = ArticleExtractor.Extract(Fixture("jsonld-date.html"), new Uri("https://frontier.example/trade"), rules);

        Assert.Equal(3, article.Paragraphs.Count);
    }

    [Fact]
    public void Paywall_stub_returns_the_teaser_without_the_subscribe_box()
    {
        var article = ArticleExtractor.Extract(Fixture("paywall.html"), new Uri("https://monitor.example/smuggling"));

        var teaser = Assert.Single(article.Paragraphs);
        Assert.StartsWith("For decades, traders on both banks of the Tumen river", teaser);
        Assert.DoesNotContain("Subscribe", article.Text, StringComparison.OrdinalIgnoreCase);
        Assert.True(article.IsArticle);
    }

    [Fact]
    public void Section_index_of_headlines_is_not_an_article()
    {
        var article = ArticleExtractor.Extract(Fixture("section-index.html"), new Uri("https://borderwire.example/north-korea"));

        Assert.False(article.IsArticle);
    }

    [Fact]
    public void Entities_are_decoded_and_whitespace_collapsed()
    {
        const string html = """
            <html><body><article>
            <p>Officials said the   river&nbsp;crossing at Namyang was &quot;quiet&quot; &amp; closed
               for the night, with guards posted on both banks until morning.</p>
            </article></body></html>
            """;

        var article = ArticleExtractor.Extract(html, pageUrl: null);

        Assert.Equal(
            "Officials said the river crossing at Namyang was \"quiet\" & closed for the night, with guards posted on both banks until morning.",
            Assert.Single(article.Paragraphs));
    }

    [Fact]
    public async Task Extractor_can_be_used_from_several_threads_at_once()
    {
        var html = Fixture("border-article.html");
        var expected = ArticleExtractor.Extract(html, BorderWireUrl).Text;

        var texts = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => ArticleExtractor.Extract(html, BorderWireUrl).Text)));

        Assert.All(texts, text => Assert.Equal(expected, text));
    }
}
