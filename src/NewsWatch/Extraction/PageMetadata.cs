using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using AngleSharp.Dom;

namespace NewsWatch.Extraction;

/// <summary>What a page says about itself in its head, JSON-LD and a few conventional body elements.</summary>
internal sealed record PageMetadata(
    string? Title, string? Byline, DateTimeOffset? PublishedAt, DateTimeOffset? ModifiedAt,
    string? Language, string? CanonicalUrl, string? LeadImageUrl, bool DeclaresArticle)
{
    public static PageMetadata Read(IDocument document, string html, Uri? pageUrl)
    {
        var page = MetadataElements.Collect(document);
        var meta = page.Meta;
        var ld = JsonLdArticle.Read(html);

        var title = FirstNonEmpty(
            meta.GetValueOrDefault("og:title"), ld?.Headline, meta.GetValueOrDefault("twitter:title"),
            TextOf(page.FirstHeading), WithoutSiteSuffix(document.Title));

        var byline = FirstNonEmpty(
            ld?.Author, meta.GetValueOrDefault("author"), meta.GetValueOrDefault("article:author"),
            meta.GetValueOrDefault("dc.creator"), meta.GetValueOrDefault("sailthru.author"),
            TextOf(page.AuthorElement), TextOf(page.BylineElement));
        if (byline is not null && (byline.Length > 120 || byline.StartsWith("http", StringComparison.OrdinalIgnoreCase)))
            byline = null;

        var published = ParseDate(ld?.DatePublished)
            ?? ParseDate(meta.GetValueOrDefault("article:published_time"))
            ?? ParseDate(meta.GetValueOrDefault("og:published_time"))
            ?? ParseDate(meta.GetValueOrDefault("datepublished"))
            ?? ParseDate(page.PublishedElement?.GetAttribute("datetime") ?? page.PublishedElement?.GetAttribute("content"))
            ?? ParseDate(page.FirstTime?.GetAttribute("datetime"))
            ?? FirstDate(meta, "date", "pubdate", "publishdate", "publish-date", "dc.date", "dc.date.issued",
                "dcterms.created", "sailthru.date", "parsely-pub-date", "article.published", "original-publish-date");
        var modified = ParseDate(ld?.DateModified)
            ?? ParseDate(meta.GetValueOrDefault("article:modified_time"))
            ?? ParseDate(meta.GetValueOrDefault("og:updated_time"))
            ?? FirstDate(meta, "datemodified", "last-modified", "dcterms.modified", "dc.date.modified", "article.updated");

        var language = FirstNonEmpty(
            document.DocumentElement.GetAttribute("lang"), document.DocumentElement.GetAttribute("xml:lang"),
            meta.GetValueOrDefault("og:locale")?.Replace('_', '-'), meta.GetValueOrDefault("content-language"),
            meta.GetValueOrDefault("dc.language"));

        var canonical = Resolve(pageUrl, page.CanonicalHref) ?? Resolve(pageUrl, meta.GetValueOrDefault("og:url"));
        var image = Resolve(pageUrl, meta.GetValueOrDefault("og:image"))
            ?? Resolve(pageUrl, ld?.Image)
            ?? Resolve(pageUrl, meta.GetValueOrDefault("twitter:image"));

        var ogType = meta.GetValueOrDefault("og:type");
        var declaresArticle = ld is not null
            || (ogType is not null && ogType.Contains("article", StringComparison.OrdinalIgnoreCase))
            || meta.ContainsKey("article:published_time");

        return new PageMetadata(title, byline, published, modified, language, canonical, image, declaresArticle);
    }

    private static DateTimeOffset? FirstDate(Dictionary<string, string> meta, params string[] keys)
    {
        foreach (var key in keys)
        {
            if (ParseDate(meta.GetValueOrDefault(key)) is { } date)
                return date;
        }

        return null;
    }

    /// <summary>ISO-style dates as pages write them; a date without a zone is taken as UTC.</summary>
    public static DateTimeOffset? ParseDate(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
            return null;
        return DateTimeOffset.TryParse(value.Trim(), CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out var date)
            ? date
            : null;
    }

    private static string? Resolve(Uri? pageUrl, string? href)
    {
        if (string.IsNullOrWhiteSpace(href))
            return null;
        href = href.Trim();
        if (pageUrl is not null && Uri.TryCreate(pageUrl, href, out var resolved))
            return resolved.AbsoluteUri;
        return Uri.TryCreate(href, UriKind.Absolute, out var absolute) ? absolute.AbsoluteUri : null;
    }

    private static string? TextOf(IElement? element) =>
        element is null ? null : TextCleaner.Collapse(element.TextContent);

    /// <summary>Titles usually end in " | Site" or " - Site"; the longest part is the headline.</summary>
    private static string? WithoutSiteSuffix(string? title)
    {
        if (string.IsNullOrWhiteSpace(title))
            return null;
        title = TextCleaner.Collapse(title);
        var parts = Regex.Split(title, @"\s+[|\-–—»:·]\s+");
        return parts.Length == 1 ? title : parts.MaxBy(part => part.Length);
    }

    private static string? FirstNonEmpty(params string?[] values)
    {
        foreach (var value in values)
        {
            if (!string.IsNullOrWhiteSpace(value))
                return TextCleaner.Collapse(value);
        }

        return null;
    }
}

/// <summary>The elements metadata is read from, found in one walk over the page instead of a query each.</summary>
internal sealed class MetadataElements
{
    private static readonly string[] BylineClasses = ["byline", "author", "article-author", "post-author", "author-name"];

    /// <summary>Meta name or property (lower case) to the first content given for it.</summary>
    public Dictionary<string, string> Meta { get; } = new(StringComparer.Ordinal);
    public string? CanonicalHref { get; private set; }
    public IElement? FirstHeading { get; private set; }
    public IElement? FirstTime { get; private set; }
    public IElement? PublishedElement { get; private set; }
    public IElement? AuthorElement { get; private set; }
    public IElement? BylineElement { get; private set; }

    public static MetadataElements Collect(IDocument document)
    {
        var found = new MetadataElements();
        found.Visit(document.DocumentElement);
        return found;
    }

    private void Visit(IElement element)
    {
        // ChildNodes is a list; Children is a filtered view whose indexer walks the children on every call.
        var children = element.ChildNodes;
        for (var i = 0; i < children.Length; i++)
        {
            if (children[i] is not IElement child)
                continue;
            Inspect(child);
            Visit(child);
        }
    }

    private void Inspect(IElement element)
    {
        switch (element.LocalName)
        {
            case "meta":
                var content = element.GetAttribute("content");
                var key = element.GetAttribute("property") ?? element.GetAttribute("name")
                    ?? element.GetAttribute("itemprop") ?? element.GetAttribute("http-equiv");
                if (key is not null && !string.IsNullOrWhiteSpace(content))
                    Meta.TryAdd(key.Trim().ToLowerInvariant(), content.Trim());
                return;
            case "link":
                if (CanonicalHref is null && HasToken(element.GetAttribute("rel"), "canonical"))
                    CanonicalHref = element.GetAttribute("href");
                return;
            case "h1":
                FirstHeading ??= element;
                break;
            case "time":
                if (FirstTime is null && element.HasAttribute("datetime"))
                    FirstTime = element;
                break;
        }

        if (element.GetAttribute("itemprop") is { } itemprop)
        {
            if (PublishedElement is null && itemprop == "datePublished")
                PublishedElement = element;
            if (AuthorElement is null && itemprop == "author")
                AuthorElement = element;
        }

        if (AuthorElement is null && element.LocalName == "a" && HasToken(element.GetAttribute("rel"), "author"))
            AuthorElement = element;
        // The class attribute is read as a string: building a token list for every element of a page is costly.
        if (BylineElement is null && element.GetAttribute("class") is { Length: > 0 } classes && HasAnyToken(classes, BylineClasses))
            BylineElement = element;
    }

    private static bool HasAnyToken(string list, string[] tokens)
    {
        foreach (var range in list.AsSpan().SplitAny(' ', '\t', '\n', '\r', '\f'))
        {
            var token = list.AsSpan()[range];
            foreach (var wanted in tokens)
            {
                if (token.Equals(wanted, StringComparison.Ordinal))
                    return true;
            }
        }

        return false;
    }

    private static bool HasToken(string? list, string token) =>
        list is not null && list.Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains(token, StringComparer.OrdinalIgnoreCase);
}

/// <summary>The article object of a page's JSON-LD (schema.org Article and its subtypes), if it has one.</summary>
internal sealed record JsonLdArticle(string? Headline, string? Author, string? DatePublished, string? DateModified, string? Image)
{
    private static readonly JsonDocumentOptions Lenient = new()
    {
        AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip, MaxDepth = 256,
    };

    // The parser skips script text for speed, so JSON-LD is read from the raw HTML instead.
    public static JsonLdArticle? Read(string html)
    {
        foreach (var block in JsonLdBlocks(html))
        {
            try
            {
                using var json = JsonDocument.Parse(block, Lenient);
                if (FindArticle(json.RootElement) is { } article)
                    return FromElement(article);
            }
            catch (JsonException)
            {
                // A broken JSON-LD block is common and says nothing about the article; try the next one.
            }
        }

        return null;
    }

    /// <summary>The bodies of the page's &lt;script type="application/ld+json"&gt; elements, found by plain string search.</summary>
    private static IEnumerable<string> JsonLdBlocks(string html)
    {
        var at = 0;
        while ((at = html.IndexOf("ld+json", at, StringComparison.OrdinalIgnoreCase)) >= 0)
        {
            var tagStart = html.LastIndexOf('<', at);
            var tagEnd = html.IndexOf('>', at);
            at += "ld+json".Length;
            if (tagStart < 0 || tagEnd < 0 || string.Compare(html, tagStart, "<script", 0, 7, StringComparison.OrdinalIgnoreCase) != 0)
                continue;
            var close = html.IndexOf("</script", tagEnd, StringComparison.OrdinalIgnoreCase);
            if (close < 0)
                yield break;
            yield return html[(tagEnd + 1)..close].Trim();
            at = close;
        }
    }

    private static JsonElement? FindArticle(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    if (FindArticle(item) is { } found)
                        return found;
                }

                return null;
            case JsonValueKind.Object:
                if (IsArticleType(element))
                    return element;
                if (element.TryGetProperty("@graph", out var graph))
                    return FindArticle(graph);
                if (element.TryGetProperty("mainEntity", out var mainEntity))
                    return FindArticle(mainEntity);
                return null;
            default:
                return null;
        }
    }

    private static bool IsArticleType(JsonElement element)
    {
        if (!element.TryGetProperty("@type", out var type))
            return false;
        if (type.ValueKind == JsonValueKind.String)
            return IsArticleTypeName(type.GetString());
        return type.ValueKind == JsonValueKind.Array && type.EnumerateArray().Any(t => IsArticleTypeName(t.ToString()));
    }

    private static bool IsArticleTypeName(string? name) =>
        name is not null && (name.EndsWith("Article", StringComparison.Ordinal) || name is "BlogPosting" or "Report" or "LiveBlogPosting");

    private static JsonLdArticle FromElement(JsonElement article) => new(
        StringOf(article, "headline") ?? StringOf(article, "name"),
        NameOf(article, "author"),
        StringOf(article, "datePublished") ?? StringOf(article, "dateCreated"),
        StringOf(article, "dateModified"),
        UrlOf(article, "image"));

    private static string? StringOf(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>Authors come as a string, an object with a name, or an array of either.</summary>
    private static string? NameOf(JsonElement element, string property)
    {
        if (!element.TryGetProperty(property, out var value))
            return null;
        var names = (value.ValueKind == JsonValueKind.Array ? value.EnumerateArray().ToList() : [value])
            .Select(item => item.ValueKind switch
            {
                JsonValueKind.String => item.GetString(),
                JsonValueKind.Object => StringOf(item, "name"),
                _ => null,
            })
            .Where(name => !string.IsNullOrWhiteSpace(name))
            .ToList();
        return names.Count == 0 ? null : string.Join(", ", names);
    }

    private static string? UrlOf(JsonElement element, string property)
    {
        if (!element.TryGetProperty(property, out var value))
            return null;
        if (value.ValueKind == JsonValueKind.Array)
            value = value.EnumerateArray().FirstOrDefault();
        return value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Object => StringOf(value, "url"),
            _ => null,
        };
    }
}
