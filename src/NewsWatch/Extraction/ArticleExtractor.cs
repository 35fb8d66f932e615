namespace NewsWatch.Extraction;
internal sealed record ExtractionRules(string? ContentSelector = null, IReadOnlyList<string>? RemoveSelectors = null);
internal sealed record ExtractedArticle(
    string? Title, IReadOnlyList<string> Paragraphs, string? Byline,
    DateTimeOffset? PublishedAt, DateTimeOffset? ModifiedAt, string? Language,
    string? CanonicalUrl, string? LeadImageUrl, bool IsArticle)
{
    public string Text => string.Join('\n', Paragraphs);
}
internal static class ArticleExtractor
{
    public static ExtractedArticle Extract(string html, Uri? pageUrl, ExtractionRules? rules = null) =>
        new(null, [NewsWatch.Sources.HtmlText.ToPlainText(html)], null, null, null, null, null, null, true);
}
