using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using System.Text.RegularExpressions;

namespace NewsWatch.Extraction;

/// <summary>Per-source overrides: where the article text is, and what inside the page to throw away first.</summary>
internal sealed record ExtractionRules(string? ContentSelector = null, IReadOnlyList<string>? RemoveSelectors = null);

internal sealed record ExtractedArticle(
    string? Title, IReadOnlyList<string> Paragraphs, string? Byline,
    DateTimeOffset? PublishedAt, DateTimeOffset? ModifiedAt, string? Language,
    string? CanonicalUrl, string? LeadImageUrl, bool IsArticle)
{
    public string Text => string.Join('\n', Paragraphs);
}

/// <summary>Extracts the article text and metadata from a news page. Thread-safe.</summary>
internal static class ArticleExtractor
{
    // Script and style text never reach the article, and skipping them is a large part of parsing time.
    private static readonly HtmlParserOptions ParserOptions = new()
    {
        IsScripting = false,
        IsNotSupportingFrames = true,
        SkipComments = true,
        SkipScriptText = true,
        SkipRawText = true,
        SkipCDATA = true,
        SkipProcessingInstructions = true,
        DisableElementPositionTracking = true,
    };

    [ThreadStatic]
    private static HtmlParser? t_parser;

    /// <exception cref="PageFormatException">The page nests elements too deep to be read in reasonable time.</exception>
    public static ExtractedArticle Extract(string html, Uri? pageUrl, ExtractionRules? rules = null)
    {
        HtmlNesting.Check(html);
        var parser = t_parser ??= new HtmlParser(ParserOptions);
        using var document = parser.ParseDocument(html);
        var metadata = PageMetadata.Read(document, html, pageUrl);
        var body = document.Body ?? document.DocumentElement;

        foreach (var selector in rules?.RemoveSelectors ?? [])
        {
            foreach (var element in document.QuerySelectorAll(selector).ToList())
                element.Remove();
        }

        var finder = new MainContentFinder();
        var chosen = rules?.ContentSelector is { } contentSelector ? document.QuerySelectorAll(contentSelector).ToList() : [];
        var fromRules = chosen.Count > 0;
        if (fromRules)
        {
            foreach (var element in chosen)
                finder.RemoveChrome(element);
        }
        else
        {
            finder.RemoveChrome(body);
            chosen = finder.Find(body);
        }

        var collector = new ParagraphCollector();
        foreach (var element in chosen)
            collector.Add(element);
        var paragraphs = BoilerplateFilter.Keep(collector.Paragraphs, metadata.Title);

        return new ExtractedArticle(
            metadata.Title, paragraphs, metadata.Byline, metadata.PublishedAt, metadata.ModifiedAt,
            metadata.Language, metadata.CanonicalUrl, metadata.LeadImageUrl,
            IsArticle: LooksLikeArticle(paragraphs, metadata, fromRules));
    }

    /// <summary>A page is an article when it has prose: a declared article with some text, or enough long paragraphs.</summary>
    private static bool LooksLikeArticle(IReadOnlyList<string> paragraphs, PageMetadata metadata, bool fromRules)
    {
        var chars = paragraphs.Sum(p => p.Length);
        var longParagraphs = paragraphs.Count(p => p.Length >= 120);
        if (fromRules || metadata.DeclaresArticle)
            return chars >= 80;
        return chars >= 500 && longParagraphs >= 2;
    }
}

/// <summary>Drops paragraphs inside the content area that are page furniture rather than article text.</summary>
internal static partial class BoilerplateFilter
{
    [GeneratedRegex(@"^(?:advertisement|advertising|sponsored|read more|read next|related:?|related articles|see also|share this|share on|follow us|sign up|subscribe|click here|more:|continue reading|image:|photo:|image credit|photograph:|© |copyright|all rights reserved|\(?getty images\)?|loading)",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex FurnitureStart();

    public static List<string> Keep(List<Paragraph> paragraphs, string? title)
    {
        var kept = new List<string>(paragraphs.Count);
        var keptTags = new List<string>(paragraphs.Count);
        foreach (var paragraph in paragraphs)
        {
            var text = paragraph.Text;
            if (title is not null && string.Equals(text, title, StringComparison.OrdinalIgnoreCase))
                continue;
            if (paragraph.LinkDensity > 0.5 && text.Length < 300)
                continue;
            if (text.Length < 120 && FurnitureStart().IsMatch(text))
                continue;
            kept.Add(text);
            keptTags.Add(paragraph.Tag);
        }

        // A heading left at the end introduced a box that was removed ("More stories").
        while (kept.Count > 0 && keptTags[^1] is "h2" or "h3" or "h4" or "h5" or "h6")
        {
            kept.RemoveAt(kept.Count - 1);
            keptTags.RemoveAt(keptTags.Count - 1);
        }

        return kept;
    }
}
