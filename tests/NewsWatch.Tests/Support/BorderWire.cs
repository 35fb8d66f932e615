namespace NewsWatch.Tests.Support;

/// <summary>A small made-up outlet for tests of fetching: its article page, and a feed of numbered items.</summary>
internal static class BorderWire
{
    public const string Page = """
        <!DOCTYPE html><html lang="en"><head><title>Guard crosses Tumen river - Border Wire</title></head>
        <body><nav><a href="/">Home</a></nav><article><h1>Guard crosses Tumen river</h1>
        <p>A North Korean border guard waded across the Tumen river before dawn on Monday, officials said.</p>
        <p>The guard surrendered to Chinese police and asked to be sent to the South, according to the report.</p></article></body></html>
        """;

    /// <summary>An RSS feed whose items g0, g1, … link to <paramref name="links"/>, one a day from 1 September 2024.</summary>
    public static string Feed(IEnumerable<Uri> links) =>
        $"""
        <?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Border Wire</title>
        {string.Concat(links.Select((l, i) => $"<item><title>Item {i}</title><link>{l}</link><guid>g{i}</guid><description>Summary {i}</description><pubDate>Mon, 0{i + 1} Sep 2024 10:00:00 GMT</pubDate></item>"))}
        </channel></rss>
        """;
}
