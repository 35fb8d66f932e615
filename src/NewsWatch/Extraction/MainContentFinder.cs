using AngleSharp.Dom;

namespace NewsWatch.Extraction;

/// <summary>
/// Removes page chrome, then picks the element whose paragraphs carry the most prose (long, punctuated,
/// few links) and the siblings that continue it.
/// </summary>
internal sealed class MainContentFinder
{
    private static readonly HashSet<string> NeverContent = new(StringComparer.Ordinal)
    {
        "script", "style", "noscript", "template", "svg", "canvas", "iframe", "object", "embed", "button",
        "select", "input", "textarea", "option", "nav", "figure", "figcaption", "dialog", "menu", "h1", "link",
        "meta", "audio", "video", "picture", "img", "map", "label",
    };

    // Chrome that sometimes wraps the article itself, so it goes only when it holds a minor share of the prose.
    private static readonly HashSet<string> UsuallyChrome = new(StringComparer.Ordinal) { "header", "footer", "aside" };

    private readonly Dictionary<string, ClassHint> _hintsByClass = new(StringComparer.Ordinal);

    /// <summary>Removes navigation, widgets, hidden and decorative elements under <paramref name="root"/>.</summary>
    public void RemoveChrome(IElement root)
    {
        var statistics = TextStatistics.Measure(root);
        RemoveChrome(root, statistics, Math.Max(1, statistics[root].ProseChars));
    }

    private void RemoveChrome(IElement parent, TextStatistics statistics, int pageProse)
    {
        // A snapshot, because removal changes the live list and NextElementSibling is a linear search.
        foreach (var child in parent.Children.ToArray())
        {
            if (IsChrome(child, statistics, pageProse))
                child.Remove();
            else
                RemoveChrome(child, statistics, pageProse);
        }
    }

    private bool IsChrome(IElement element, TextStatistics statistics, int pageProse)
    {
        var tag = element.LocalName;
        if (NeverContent.Contains(tag))
            return true;
        if (tag is "body" or "main" or "article")
            return false;
        if (element.HasAttribute("hidden") || IsHiddenByStyle(element.GetAttribute("style")))
            return true;

        var proseShare = (double)statistics[element].ProseChars / pageProse;
        if (UsuallyChrome.Contains(tag))
            return proseShare < 0.5;

        var hint = HintOf(element);
        return hint switch
        {
            ClassHint.Chrome => proseShare < 0.5,
            ClassHint.Mixed => proseShare < 0.15,
            _ => element.GetAttribute("role") is "navigation" or "complementary" or "contentinfo" or "dialog",
        };
    }

    private static bool IsHiddenByStyle(string? style) =>
        style is not null
        && (style.Contains("display:none", StringComparison.OrdinalIgnoreCase)
            || style.Contains("display: none", StringComparison.OrdinalIgnoreCase)
            || style.Contains("visibility:hidden", StringComparison.OrdinalIgnoreCase)
            || style.Contains("visibility: hidden", StringComparison.OrdinalIgnoreCase));

    private ClassHint HintOf(IElement element)
    {
        var className = element.GetAttribute("class");
        var id = element.Id;
        var hints = string.IsNullOrEmpty(id) ? className : string.IsNullOrEmpty(className) ? id : className + " " + id;
        if (string.IsNullOrEmpty(hints))
            return ClassHint.None;
        if (!_hintsByClass.TryGetValue(hints, out var hint))
        {
            hint = ClassHints.Classify(hints);
            _hintsByClass[hints] = hint;
        }

        return hint;
    }

    /// <summary>The elements holding the article text, in document order.</summary>
    public List<IElement> Find(IElement body)
    {
        var statistics = TextStatistics.Measure(body);
        var scores = new Dictionary<IElement, double>(ReferenceEqualityComparer.Instance);

        foreach (var (element, text) in statistics.All)
        {
            if (text.OwnChars < 25 || text.OwnLinkDensity > 0.5 || element.LocalName is "h2" or "h3" or "h4" or "h5" or "h6" or "a")
                continue;
            var paragraphScore = 1 + text.OwnCommas + Math.Min(text.OwnChars / 100.0, 3);
            if (!IsParagraphTag(element.LocalName))
                AddScore(scores, element, paragraphScore);
            var ancestor = element.ParentElement;
            for (var level = 1; ancestor is not null && level <= 4; level++, ancestor = ancestor.ParentElement)
                AddScore(scores, ancestor, level switch { 1 => paragraphScore, 2 => paragraphScore / 2, _ => paragraphScore / (level * 3) });
        }

        IElement? top = null;
        var topScore = double.MinValue;
        foreach (var (element, raw) in scores)
        {
            var score = (raw + WeightOf(element)) * (1 - statistics[element].LinkDensity);
            scores[element] = score;
            if (score > topScore)
            {
                topScore = score;
                top = element;
            }
        }

        if (top is null)
            return [body];
        top = CommonContainerOfRivals(top, topScore, scores);
        var chosen = WithContinuingSiblings(top, scores[top], scores, statistics);
        foreach (var element in chosen)
            RemoveLinkLists(element, statistics);
        return chosen;
    }

    /// <summary>
    /// An article split into several blocks (by ads or layout grids) gives several strong candidates;
    /// their nearest common ancestor holds the whole text.
    /// </summary>
    private static IElement CommonContainerOfRivals(IElement top, double topScore, Dictionary<IElement, double> scores)
    {
        var ancestors = new List<IElement>();
        for (var ancestor = top.ParentElement; ancestor is not null && ancestors.Count < 4; ancestor = ancestor.ParentElement)
            ancestors.Add(ancestor);

        var container = top;
        var containerLevel = 0;
        foreach (var (element, score) in scores)
        {
            if (score < topScore * 0.5 || element == top || top.Contains(element) || element.Contains(top))
                continue;
            for (var level = 0; level < ancestors.Count; level++)
            {
                if (ancestors[level].Contains(element))
                {
                    if (level + 1 > containerLevel)
                    {
                        containerLevel = level + 1;
                        container = ancestors[level];
                    }

                    break;
                }
            }
        }

        if (container != top && !scores.ContainsKey(container))
            scores[container] = topScore;
        return container;
    }

    private static bool IsParagraphTag(string tag) => tag is "p" or "li" or "td" or "th" or "pre" or "blockquote" or "dd" or "dt";

    private static void AddScore(Dictionary<IElement, double> scores, IElement element, double score)
    {
        scores.TryGetValue(element, out var current);
        scores[element] = current + score;
    }

    private double WeightOf(IElement element)
    {
        var weight = element.LocalName switch
        {
            "div" or "article" or "section" or "main" => 5,
            "pre" or "td" or "blockquote" => 3,
            "ol" or "ul" or "li" or "form" or "dl" or "address" => -3,
            "th" or "h2" or "h3" or "h4" or "h5" or "h6" => -5,
            _ => 0,
        };
        return weight + HintOf(element) switch
        {
            ClassHint.Content => 25,
            ClassHint.Chrome => -25,
            _ => 0,
        };
    }

    /// <summary>Articles broken up by ads or embeds continue in the top element's siblings.</summary>
    private static List<IElement> WithContinuingSiblings(
        IElement top, double topScore, Dictionary<IElement, double> scores, TextStatistics statistics)
    {
        var parent = top.ParentElement;
        if (parent is null || top.LocalName == "body")
            return [top];
        var threshold = Math.Max(10, topScore * 0.2);
        var selected = new List<IElement>();
        foreach (var sibling in parent.Children)
        {
            if (sibling == top)
            {
                selected.Add(sibling);
                continue;
            }

            var text = statistics[sibling];
            var include = scores.TryGetValue(sibling, out var score) && score >= threshold;
            if (!include && sibling.LocalName == "p")
            {
                include = (text.Chars > 80 && text.LinkDensity < 0.25)
                    || (text.Chars > 0 && text.LinkDensity == 0 && EndsSentence(sibling.TextContent));
            }

            if (include)
                selected.Add(sibling);
        }

        return selected;
    }

    /// <summary>Lists and boxes that are mostly links ("more stories", tag lists) inside the article area.</summary>
    private static void RemoveLinkLists(IElement container, TextStatistics statistics)
    {
        foreach (var element in container.Children.ToArray())
        {
            var text = statistics[element];
            var isLinkList = element.LocalName switch
            {
                "ul" or "ol" or "dl" => text.LinkDensity > 0.5,
                "div" or "section" or "table" => text.LinkDensity > 0.5 && text.ProseChars < 200,
                _ => false,
            };
            if (isLinkList)
                element.Remove();
            else if (text.Paragraphs > 0 || element.ChildElementCount > 0)
                RemoveLinkLists(element, statistics);
        }
    }

    private static bool EndsSentence(string text)
    {
        var trimmed = text.TrimEnd();
        return trimmed.Length > 0 && trimmed[^1] is '.' or '!' or '?' or '。' or '"' or '”';
    }
}

internal enum ClassHint { None, Content, Chrome, Mixed }

/// <summary>Reads what class and id names say about an element: article text, page chrome, or both.</summary>
internal static class ClassHints
{
    private static readonly HashSet<string> ChromeWords = new(StringComparer.Ordinal)
    {
        "share", "shares", "sharing", "sharebar", "social", "socials", "related", "relatedposts", "recommend",
        "recommended", "recommendations", "comment", "comments", "commentlist", "respond", "replies", "cookie",
        "cookies", "consent", "gdpr", "newsletter", "subscribe", "subscription", "signup", "promo", "promos",
        "promotion", "advert", "advertisement", "ad", "ads", "adslot", "adunit", "sponsor", "sponsored",
        "breadcrumb", "breadcrumbs", "caption", "captions", "credit", "credits", "byline", "author", "authors",
        "popup", "modal", "overlay", "sidebar", "aside", "rail", "widget", "widgets", "tags", "tagcloud", "toolbar",
        "tools", "menu", "navbar", "navigation", "nav", "footer", "masthead", "outbrain", "taboola", "disqus",
        "pagination", "pager", "trending", "popular", "mostread", "readmore", "skip", "hidden", "sronly",
        "visuallyhidden", "meta", "metadata", "dateline", "timestamp", "print", "login", "paywall", "banner",
        "rating", "follow", "teaser", "teasers", "carousel", "slider", "gallery",
        "most-read", "read-more", "sr-only", "more-stories", "visually-hidden", "screen-reader", "see-also",
        "also-read", "read-also", "more-from", "around-the-web",
    };

    private static readonly HashSet<string> ContentWords = new(StringComparer.Ordinal)
    {
        "article", "articlebody", "content", "entry", "main", "post", "story", "storybody", "text", "body", "blog",
        "hentry", "prose", "postbody",
    };

    private static readonly char[] Separators = [' ', '\t', '\n', '\r', '-', '_'];

    public static ClassHint Classify(string classAndId)
    {
        var words = classAndId.ToLowerInvariant().Split(Separators, StringSplitOptions.RemoveEmptyEntries);
        bool chrome = false, content = false;
        for (var i = 0; i < words.Length; i++)
        {
            chrome |= ChromeWords.Contains(words[i]) || (i > 0 && ChromeWords.Contains(words[i - 1] + "-" + words[i]));
            content |= ContentWords.Contains(words[i]);
        }

        return (chrome, content) switch
        {
            (true, true) => ClassHint.Mixed,
            (true, false) => ClassHint.Chrome,
            (false, true) => ClassHint.Content,
            _ => ClassHint.None,
        };
    }
}
