using NewsWatch.Http;
using NewsWatch.Sources;

namespace NewsWatch.Tests.Http;

public sealed class RobotsRulesTests
{
    private const string Robots = """
        # our own test file
        User-agent: *
        Disallow: /private/
        Allow: /private/press/
        Disallow: /*.pdf$

        User-agent: NewsWatch
        User-agent: OtherBot
        Disallow: /search
        """;

    [Theory]
    [InlineData("*", "https://x.example/private/a", false)]
    [InlineData("*", "https://x.example/private/press/a", true)]
    [InlineData("*", "https://x.example/files/report.pdf", false)]
    [InlineData("*", "https://x.example/files/report.pdf?x=1", true)]
    [InlineData("*", "https://x.example/news/1", true)]
    [InlineData("NewsWatch/1.0 (+https://example.org)", "https://x.example/private/a", true)]
    [InlineData("NewsWatch/1.0 (+https://example.org)", "https://x.example/search?q=dmz", false)]
    public void Longest_match_of_the_most_specific_group_decides(string userAgent, string url, bool allowed)
    {
        var rules = RobotsRules.Parse(Robots, userAgent == "*" ? "SomeCrawler/2.0" : userAgent);

        Assert.Equal(allowed, rules.IsAllowed(new Uri(url)));
    }

    [Fact]
    public void Empty_disallow_allows_everything()
    {
        Assert.True(RobotsRules.Parse("User-agent: *\nDisallow:\n", "NewsWatch/1.0").IsAllowed(new Uri("https://x.example/anything")));
    }
}
