using AngleSharp.Dom;

namespace NewsWatch.Extraction;

/// <summary>Letters of text under an element, how many of them are link text, and how many belong to the element's own paragraph.</summary>
internal sealed class ElementText
{
    public int Chars;
    public int LinkChars;
    public int Commas;
    public int Paragraphs;

    /// <summary>Letters in paragraphs that read as prose: long enough and mostly not links.</summary>
    public int ProseChars;

    /// <summary>Text not inside a block-level descendant: the element's own paragraph, e.g. a div of text and br tags.</summary>
    public int OwnChars;
    public int OwnLinkChars;
    public int OwnCommas;

    public double LinkDensity => Chars == 0 ? 0 : (double)LinkChars / Chars;
    public double OwnLinkDensity => OwnChars == 0 ? 0 : (double)OwnLinkChars / OwnChars;
}

/// <summary>One pass over a subtree that measures every element, so scoring never re-reads text.</summary>
internal sealed class TextStatistics
{
    private readonly Dictionary<IElement, ElementText> _byElement = new(ReferenceEqualityComparer.Instance);

    public static TextStatistics Measure(IElement root)
    {
        var statistics = new TextStatistics();
        statistics.MeasureElement(root, insideLink: false);
        return statistics;
    }

    public ElementText this[IElement element] =>
        _byElement.TryGetValue(element, out var text) ? text : new ElementText();

    public IEnumerable<KeyValuePair<IElement, ElementText>> All => _byElement;

    private ElementText MeasureElement(IElement element, bool insideLink)
    {
        var text = new ElementText();
        _byElement[element] = text;
        insideLink |= element.LocalName == "a";
        // Indexed access: AngleSharp's NextSibling searches the parent's child list on every call.
        var children = element.ChildNodes;
        for (var i = 0; i < children.Length; i++)
        {
            var child = children[i];
            if (child is IElement childElement)
            {
                var childText = MeasureElement(childElement, insideLink);
                text.Chars += childText.Chars;
                text.LinkChars += childText.LinkChars;
                text.Commas += childText.Commas;
                text.Paragraphs += childText.Paragraphs;
                text.ProseChars += childText.ProseChars;
                if (!HtmlTags.IsBlock(childElement.LocalName))
                {
                    text.OwnChars += childText.OwnChars;
                    text.OwnLinkChars += childText.OwnLinkChars;
                    text.OwnCommas += childText.OwnCommas;
                }
            }
            else if (child.NodeType == NodeType.Text)
            {
                var (chars, commas) = Count(child.TextContent);
                text.Chars += chars;
                text.OwnChars += chars;
                text.Commas += commas;
                text.OwnCommas += commas;
                if (insideLink)
                {
                    text.LinkChars += chars;
                    text.OwnLinkChars += chars;
                }
            }
        }

        if (HtmlTags.IsBlock(element.LocalName) && text.OwnChars >= 25)
        {
            text.Paragraphs++;
            if (text.OwnLinkDensity < 0.3)
                text.ProseChars += text.OwnChars;
        }

        return text;
    }

    private static (int Chars, int Commas) Count(string value)
    {
        int chars = 0, commas = 0;
        foreach (var c in value)
        {
            if (char.IsWhiteSpace(c))
                continue;
            chars++;
            if (c is ',' or '，' or '、' or '،' or '。')
                commas++;
        }

        return (chars, commas);
    }
}

internal static class HtmlTags
{
    private static readonly HashSet<string> Blocks = new(StringComparer.Ordinal)
    {
        "address", "article", "aside", "blockquote", "body", "center", "dd", "details", "dialog", "div", "dl", "dt",
        "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr",
        "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead",
        "tr", "ul", "br",
    };

    public static bool IsBlock(string localName) => Blocks.Contains(localName);
}
